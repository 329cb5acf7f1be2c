import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ScenarioError } from '../spec/errors.js';
import { runCommand } from './run.js';
import { checkCommand } from './check.js';
import { validateCommand } from './validate.js';
import { EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED, Interrupted, RunLost, UsageError } from './errors.js';

/** Parses the command line, runs one command, and returns the exit code. */
export async function main(argv: string[] = hideBin(process.argv)): Promise<number> {
  let exitCode = 0;
  const setExit = (code: number) => {
    exitCode = code;
  };
  try {
    await yargs(argv)
      .scriptName('secfaas')
      .usage('$0 <command> [options]\n\nSimulates secure FaaS platforms (OpenWhisk, Intel SGX) from scenario files.')
      .command(
        'run <file>',
        'run a scenario: print a summary, write summary.csv and summary.json',
        (y) =>
          y
            .positional('file', { type: 'string', demandOption: true, describe: 'scenario file (.yaml or .json)' })
            .option('out', { type: 'string', describe: 'folder for summary.csv, summary.json, timeseries.csv' })
            .option('seed', { type: 'number', describe: 'override the scenario seed' })
            .option('replications', { type: 'number', describe: 'override the number of replications' })
            .option('format', { choices: ['table', 'json', 'csv'] as const, default: 'table' as const, describe: 'what to print on stdout' })
            .option('force', { type: 'boolean', describe: 'run even when the scenario looks too big to finish or fit in memory' }),
        async (args) => setExit(await runCommand(args)),
      )
      .command(
        'check <paths..>',
        'run the scenarios and evaluate their claims; exit 1 if a claim fails',
        (y) =>
          y
            .positional('paths', { type: 'string', array: true, demandOption: true, describe: 'scenario files or folders' })
            .option('junit', { type: 'string', describe: 'write JUnit XML here' })
            .option('replications', { type: 'number', describe: 'override the number of replications' })
            .option('force', { type: 'boolean', describe: 'run even when a scenario looks too big to finish or fit in memory' }),
        async (args) => setExit(await checkCommand(args)),
      )
      .command(
        'validate <files..>',
        'check scenario files without running them',
        (y) => y.positional('files', { type: 'string', array: true, demandOption: true, describe: 'scenario files or folders' }),
        async (args) => setExit(validateCommand(args)),
      )
      .demandCommand(1, 'Name a command: run, check or validate.')
      .strict()
      .help()
      .version(false)
      .fail((message, error) => {
        throw error ?? new UsageError(message);
      })
      .parseAsync();
  } catch (error) {
    return reportError(error);
  }
  return exitCode;
}

function reportError(error: unknown): number {
  if (error instanceof RunLost) {
    const code = reportError(error.cause);
    process.stderr.write(`secfaas: ${error.lost}\n`);
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
  if (error instanceof UsageError) {
    process.stderr.write(`secfaas: ${error.message}\nRun 'secfaas --help' for usage.\n`);
    return EXIT_BAD_INPUT;
  }
  // A bug of ours, not the user's input: say so, and show the stack only when asked.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`secfaas: internal error: ${message}\n`);
  if (process.env.SECFAAS_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  else process.stderr.write('Set SECFAAS_DEBUG=1 to see where it happened.\n');
  return EXIT_INTERNAL;
}
