import { compareCsv, compareJson, compareSummaries, DEFAULT_NOISE_THRESHOLD, formatCompareTable, isChange } from '../output/compare.js';
import { readResultFolder } from './report.js';
import { EXIT_CLAIM_FAILED, EXIT_OK, UsageError } from './errors.js';

export interface CompareArgs {
  a: string;
  b: string;
  format: 'table' | 'json' | 'csv';
  threshold?: number;
  failOnChange?: boolean;
  metric?: string[];
  all?: boolean;
}

/**
 * `secfaas compare A B`: every metric (or those of --metric) of two results of one scenario side
 * by side. With --fail-on-change, exit 1 when one of them changed significantly beyond --threshold.
 */
export async function compareCommand(args: CompareArgs): Promise<number> {
  const threshold = args.threshold ?? DEFAULT_NOISE_THRESHOLD;
  if (!(Number.isFinite(threshold) && threshold >= 0)) throw new UsageError(`--threshold is a relative change >= 0 (0.05 = 5 %), got ${args.threshold}`);
  const a = readResultFolder(args.a, 'A');
  const b = readResultFolder(args.b, 'B');
  // Groups are matched by variant and sweep values: across two scenarios they would match by accident of naming.
  if (a.scenario.name !== b.scenario.name) {
    throw new UsageError(`compare takes two results of one scenario: ${args.a} holds ${a.scenario.name} (${a.scenario.file}), ${args.b} holds ${b.scenario.name} (${b.scenario.file})`);
  }
  const chosen = args.metric ?? [];
  const known = new Set([...a.groups, ...b.groups].flatMap((g) => g.metrics));
  const unknown = chosen.filter((m) => !known.has(m));
  if (unknown.length > 0) throw new UsageError(`--metric ${unknown.join(', ')}: not a metric of either result (metrics: ${[...known].join(', ')})`);
  const options = { noiseThreshold: threshold };
  const changes = compareSummaries(a, b, options).filter((c) => chosen.length === 0 || chosen.includes(c.metric));
  const labels = { a: args.a, b: args.b };
  if (args.format === 'csv') process.stdout.write(compareCsv(changes));
  else if (args.format === 'json') process.stdout.write(compareJson(changes, labels, options));
  else process.stdout.write(formatCompareTable(changes, labels, { all: args.all }));
  if (!args.failOnChange) return EXIT_OK;
  const failing = changes.filter(isChange);
  if (failing.length === 0) return EXIT_OK;
  process.stderr.write(`secfaas compare: ${failing.length} significant change${failing.length === 1 ? '' : 's'} beyond ${threshold * 100} % in ${[...new Set(failing.map((c) => c.metric))].join(', ')}\n`);
  return EXIT_CLAIM_FAILED;
}
