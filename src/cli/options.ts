/**
 * The options that several commands share, defined once: `run`, `check` and `merge` take the same
 * `--out`, `--seed`, `--replications`, `--format`, ... with the same meaning and checks.
 */
import type { Options } from 'yargs';
import { UsageError } from './errors.js';

export const OUTPUT_FORMATS = ['table', 'json', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/**
 * A whole-number option, checked as the user typed it: yargs' number type turns `--seed abc` into
 * NaN before anyone can say what was wrong. Given twice, it stays a list (refused by repeatedOption).
 */
function wholeNumber(option: string, min: number): (raw: unknown) => number {
  return (raw) => {
    if (Array.isArray(raw)) return raw as unknown as number;
    const text = String(raw).trim();
    const value = text === '' ? NaN : Number(text);
    if (!(Number.isInteger(value) && value >= min)) {
      throw new UsageError(`--${option} must be a whole number >= ${min}, got ${text === '' ? 'no value' : JSON.stringify(String(raw))}`);
    }
    return value;
  };
}

const RESULT_FILES = 'summary.csv, summary-statistics.csv, summary.json, timeseries.csv, charts/';

/**
 * An option with a fixed set of values, checked as wholeNumber is: yargs' own `choices` check says
 * it in several lines ("Invalid values:\n  Argument: format, Given: ..."), this in one. `choices`
 * stays for the help. Given twice, it stays a list (refused by repeatedOption).
 */
function oneOf<T extends string>(option: string, values: readonly T[]): (raw: unknown) => T {
  return (raw) => {
    if (Array.isArray(raw) || (values as readonly unknown[]).includes(raw)) return raw as T;
    throw new UsageError(`--${option} must be one of ${values.join(', ')}, got ${JSON.stringify(String(raw))}`);
  };
}

export const SHARED_OPTIONS = {
  out: { type: 'string', describe: `folder for the result files: ${RESULT_FILES}` },
  seed: { type: 'string', coerce: wholeNumber('seed', 0), describe: 'override the scenario seed (a whole number >= 0)' },
  replications: { type: 'string', coerce: wholeNumber('replications', 1), describe: 'override the number of replications (a whole number >= 1)' },
  format: { choices: OUTPUT_FORMATS, coerce: oneOf('format', OUTPUT_FORMATS), default: 'table' as const, describe: 'what to print on stdout' },
  force: {
    type: 'boolean',
    describe: 'go on even when a scenario looks too big to finish or fit in memory, a scenario or trace file is over its size limit, or --out holds the result of another scenario, seed, number of replications or shard (replaced)',
  },
  charts: { type: 'boolean', describe: "draw the scenario's charts into charts/ (default: when it has any; --no-charts skips)" },
  report: { type: 'boolean', default: false, describe: 'also write report.html (as secfaas report does)' },
  functions: { type: 'boolean', describe: 'table: a row per function under each variant and point, when a run has several' },
  chains: { type: 'boolean', describe: 'table: a row per chain under each variant and point, when a run has chains' },
  junit: { type: 'string', describe: 'write JUnit XML of the claims here' },
  trace: {
    type: 'string',
    describe: 'write a per-activation trace to this CSV file (from the current folder): a row per activation with where it ran and its latency breakdown',
  },
  'trace-sample': { type: 'string', coerce: wholeNumber('trace-sample', 1), describe: 'with --trace: trace every N-th activation only (a whole number >= 1; default 1, all)' },
} as const satisfies Record<string, Options>;

/** What `--out` means to each command that takes it, and what the command writes without it. */
const OUT_OF_COMMAND = {
  run: `${SHARED_OPTIONS.out.describe}. Default: results/<scenario name>/ (with --shard i/n: results/<scenario name>-shard-i-of-n/); but with --format csv or json nothing is written, unless --report, --charts, --trace, --resume or --shard asks for files`,
  check: "keep each scenario's result in <out>/<scenario name>/, as run --out writes it. Default: no result is written, the runs stay in memory",
  merge: SHARED_OPTIONS.out.describe,
} as const;

/** `--out` as `command` takes it: the shared option, with what it means to that command. */
export function outOption(command: keyof typeof OUT_OF_COMMAND) {
  return { out: { ...SHARED_OPTIONS.out, describe: OUT_OF_COMMAND[command] } };
}

/** The shared options a command takes, by name: `.options(sharedOptions('out', 'seed'))`. */
export function sharedOptions<K extends keyof typeof SHARED_OPTIONS>(...names: K[]): Pick<typeof SHARED_OPTIONS, K> {
  return Object.fromEntries(names.map((n) => [n, SHARED_OPTIONS[n]])) as Pick<typeof SHARED_OPTIONS, K>;
}

/** Options that take one value: given twice, yargs makes an array of them, which is refused as a usage error. */
export const SINGLE_VALUED: readonly string[] = ['out', 'seed', 'replications', 'format', 'junit', 'workers', 'shard', 'threshold', 'top', 'durations', 'memory', 'scenario-dir', 'profile', 'trace', 'trace-sample'];

/** The usage error for an option given more than once (`--out a --out b`), or undefined. */
export function repeatedOption(argv: Record<string, unknown>): string | undefined {
  const name = SINGLE_VALUED.find((n) => Array.isArray(argv[n]));
  if (name === undefined) return undefined;
  const values = (argv[name] as unknown[]).map((v) => String(v)).join(', ');
  return `--${name} was given more than once (${values}): give it once`;
}

/**
 * ANSI colour only for a person at a terminal: not in a pipe or file, not under CI, and never when
 * NO_COLOR is set to anything but the empty string (https://no-color.org).
 */
export function useColor(stream: { isTTY?: boolean } = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env.CI && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}
