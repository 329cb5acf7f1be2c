// Only what every start needs is imported here: a command's modules (the simulator, the chart
// stack) load when it runs, so `secfaas --version` and `--help` start in about a tenth of a second.
import { ScenarioError } from '../schema/errors.js';
import { closestKey } from '../schema/zod-issues.js';
import { outOption, repeatedOption, sharedOptions } from './options.js';
import { VERSION } from '../run/version.js';
import { StoreError } from '../sweep/store-error.js';
import { EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED, Interrupted, RunStopped, UsageError } from './errors.js';

/** Parses the command line, runs one command, and returns the exit code. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  // the version alone needs no parser: the answer before yargs is even loaded
  if (argv.length === 1 && argv[0] === '--version') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  let exitCode = 0;
  const setExit = (code: number) => {
    exitCode = code;
  };
  // each command's name and aliases, as registered below: what a misspelt command is matched against
  const commands: string[][] = [];
  const named = <S extends string | string[]>(spec: S): S => {
    commands.push([spec].flat().map((s) => s.split(' ')[0]));
    return spec;
  };
  try {
    const { default: yargs } = await import('yargs');
    await yargs(argv)
      .scriptName('secfaas')
      .usage('$0 <command> [options]\n\nSimulates secure FaaS platforms from scenario files: an OpenWhisk cluster and what secure FaaS adds to it, Intel SGX enclaves, the Clemmys protocol, confidential VMs and containers (Intel TDX, AMD SEV-SNP).')
      .command(
        named(['run <file>', 'sweep <file>']),
        'run a scenario (every variant x sweep point x replication, on worker threads): print a summary, write summary.csv, summary.json and its charts',
        (y) =>
          y
            .positional('file', { type: 'string', demandOption: true, describe: 'scenario file (.yaml or .json)' })
            .options(outOption('run'))
            .options(sharedOptions('charts', 'report', 'seed', 'replications', 'format', 'functions', 'chains'))
            .option('workers', { type: 'number', describe: 'worker threads (default: the cores available); outputs do not depend on it' })
            .option('shard', { type: 'string', describe: 'run only shard i/n of the units (0 <= i < n; auto/n: i from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID); combine with merge' })
            .option('resume', { type: 'boolean', describe: 'keep the units already finished in --out and run only the rest' })
            .options(sharedOptions('trace', 'trace-sample', 'force')),
        async (args) => setExit(await (await import('./run.js')).runCommand(args)),
      )
      .command(
        named('merge <dirs..>'),
        'combine the --out folders of the shards of one sweep into its summary, as one machine writes it',
        (y) =>
          y
            .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'output folders of the shards (each exactly once)' })
            .options(outOption('merge'))
            .options(sharedOptions('charts', 'report', 'format', 'functions', 'chains', 'trace'))
            .option('force', { type: 'boolean', describe: 'write over the result of another scenario, seed or number of replications in --out' })
            .demandOption('out'),
        async (args) => setExit(await (await import('./merge.js')).mergeCommand(args)),
      )
      .command(
        named('trace-functions <trace>'),
        "print a scenario's functions and workload that replay the busiest functions of an Azure Functions trace (2019 or 2021)",
        (y) =>
          y
            .positional('trace', { type: 'string', demandOption: true, describe: '2019 invocations_per_function file or 2021 invocation trace' })
            .option('top', { type: 'number', default: 10, describe: 'how many functions, the busiest first' })
            .option('durations', { type: 'string', describe: '2019: the function_durations_percentiles file of the same day (required for 2019)' })
            .option('memory', { type: 'string', describe: '2019: the app_memory_percentiles file of the same day' })
            .option('scenario-dir', { type: 'string', default: '.', describe: 'folder of the scenario to be: the trace path is written relative to it' }),
        async (args) => setExit((await import('./trace-functions.js')).traceFunctionsCommand(args)),
      )
      .command(
        named('calibrate <measurements>'),
        'fit a hardware profile\'s enclave creation costs and EPC to measured create times; write a profile file that extends --profile',
        (y) =>
          y
            .positional('measurements', { type: 'string', demandOption: true, describe: 'CSV: enclaveMiB,seconds[,sgx], one row per measured creation' })
            .option('profile', { type: 'string', demandOption: true, describe: 'the profile to refine: a name in models/hardware/ or a profile file' })
            .option('out', { type: 'string', demandOption: true, describe: 'the profile file to write (.yaml), for hardware: ./FILE in a scenario' }),
        async (args) => setExit(await (await import('./calibrate.js')).calibrateCommand(args)),
      )
      .command(
        named('check <paths..>'),
        'run the scenarios and evaluate their claims; exit 1 if a claim fails',
        (y) =>
          y
            .positional('paths', { type: 'string', array: true, demandOption: true, describe: 'scenario files or folders' })
            .options(sharedOptions('junit'))
            .options(outOption('check'))
            .options(sharedOptions('seed', 'replications', 'format', 'force')),
        async (args) => setExit(await (await import('./check.js')).checkCommand(args)),
      )
      .command(
        named('report <dir>'),
        'write report.html (offline, interactive charts) for the result in a folder',
        (y) => y.positional('dir', { type: 'string', demandOption: true, describe: 'a result folder (with summary.json)' }),
        async (args) => setExit(await (await import('./report.js')).reportCommand(args)),
      )
      .command(
        named('compare <a> <b>'),
        'compare two result folders: change per metric, variant and sweep point, and whether it is significant',
        (y) =>
          y
            .positional('a', { type: 'string', demandOption: true, describe: 'result folder A (the reference)' })
            .positional('b', { type: 'string', demandOption: true, describe: 'result folder B' })
            .options(sharedOptions('format'))
            .option('threshold', { type: 'number', describe: 'noise threshold: relative change below which a significant difference is noise (default 0.02)' })
            .option('metric', { type: 'string', array: true, describe: 'the metrics to compare, shown and judged by --fail-on-change (default: all)' })
            .option('fail-on-change', { type: 'boolean', default: false, describe: 'exit 1 when a chosen metric changed significantly beyond the threshold' })
            .option('all', { type: 'boolean', default: false, describe: 'table: show the rows without change too' }),
        async (args) => setExit(await (await import('./compare.js')).compareCommand(args)),
      )
      .command(
        named('validate <files..>'),
        'check scenario files without running them',
        (y) => y.positional('files', { type: 'string', array: true, demandOption: true, describe: 'scenario files or folders' }).options(sharedOptions('force')),
        async (args) => setExit((await import('./validate.js')).validateCommand(args)),
      )
      .demandCommand(1, `Name a command: ${commandList(commands)}.`)
      .strict()
      .check((argv) => {
        const repeated = repeatedOption(argv);
        if (repeated !== undefined) throw new UsageError(repeated);
        return true;
      }, true)
      .help()
      .alias('help', 'h')
      .version(VERSION)
      .fail((message, error) => {
        const unknown = unknownCommand(argv, commands);
        if (unknown !== undefined) throw new UsageError(unknown, { seeHelp: false });
        // yargs' own errors (an option's check, as --seed abc) are the user's to fix, like its messages
        if (error?.name === 'YError') throw new UsageError(error.message);
        throw error ?? new UsageError(message);
      })
      .parseAsync();
  } catch (error) {
    return reportError(error);
  }
  return exitCode;
}

function commandList(commands: string[][]): string {
  const names = commands.map(([name]) => name);
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

/**
 * `secfaas runn x.yaml`: yargs says "Unknown arguments: runn, x.yaml"; this names the command and
 * the closest one (by edit distance, as a misspelt scenario key is), or lists them. The first word
 * that is not an option is the command: the only options before it, --help and --version, take no value.
 */
function unknownCommand(argv: readonly string[], commands: string[][]): string | undefined {
  const word = argv.find((a) => !a.startsWith('-'));
  if (word === undefined || commands.some((names) => names.includes(word))) return undefined;
  const guess = closestKey(word, commands.flat());
  return `unknown command ${JSON.stringify(word)}: ${guess === undefined ? `the commands are ${commandList(commands)}` : `did you mean ${guess}?`}`;
}

function reportError(error: unknown): number {
  if (error instanceof RunStopped) {
    const code = reportError(error.cause);
    process.stderr.write(`secfaas: ${error.outcome}\n`);
    return code;
  }
  if (error instanceof Interrupted) {
    process.stderr.write(`secfaas: ${error.message}\n`);
    return EXIT_INTERRUPTED;
  }
  if (error instanceof ScenarioError) {
    process.stderr.write(`${error.format()}\n`);
    return EXIT_BAD_INPUT;
  }
  if (error instanceof StoreError) {
    process.stderr.write(`secfaas: ${error.message}\n`);
    return EXIT_BAD_INPUT;
  }
  if (error instanceof UsageError) {
    process.stderr.write(`secfaas: ${error.message}\n${error.seeHelp ? "Run 'secfaas --help' for usage.\n" : ''}`);
    return EXIT_BAD_INPUT;
  }
  // A bug of ours, not the user's input: say so, and show the stack only when asked.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`secfaas: internal error: ${message}\n`);
  if (process.env.SECFAAS_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  else process.stderr.write('Set SECFAAS_DEBUG=1 to see where it happened.\n');
  return EXIT_INTERNAL;
}
