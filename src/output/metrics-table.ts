/**
 * The README's metrics table, generated from the metric registry (`npm run readme-metrics`
 * rewrites it; test/readme.test.ts fails when the README and the registry disagree).
 */
import { declaredMetric, type MetricDeclaration, type Quantity, type Scope, type Statistic } from '../model/metric-registry.js';
import { allMetricNames, sortMetricNames } from '../metrics/names.js';

export const METRICS_TABLE_BEGIN = '<!-- metrics table: generated from the metric registry by `npm run readme-metrics` -->';
export const METRICS_TABLE_END = '<!-- end of metrics table -->';

const QUANTITY_TEXT: Record<Quantity, string> = { time: 'time (s)', rate: 'rate (/s)', MiB: 'size (MiB)', count: 'count', ratio: 'ratio' };
const STATISTIC_TEXT: Record<Statistic, string> = {
  count: 'count',
  mean: 'mean',
  quantile: 'quantile',
  max: 'maximum',
  gaugeMean: 'time average',
  gaugePeak: 'peak',
  ratioOfSums: 'ratio of sums',
};
const SCOPES: readonly Scope[] = ['run', 'function', 'chain'];

function reportedText(d: MetricDeclaration): string {
  return SCOPES.flatMap((scope) => {
    const kinds = d.scopes[scope];
    if (kinds === undefined) return [];
    return [`${scope}: ${kinds === 'all' ? 'all' : kinds.join(', ')}`];
  }).join('; ');
}

/** One row per declared metric, in summary.csv's column order. */
export function metricsTable(): string {
  const rows = sortMetricNames(allMetricNames()).map((name) => declaredMetric(name)!).map(
    (d) => `| \`${d.name}\` | ${QUANTITY_TEXT[d.quantity]} | ${STATISTIC_TEXT[d.statistic]} | ${reportedText(d)} | ${d.meaning.replaceAll('|', '\\|')} |`,
  );
  return [METRICS_TABLE_BEGIN, '| metric | quantity | statistic | reported (scope: platforms) | meaning |', '|---|---|---|---|---|', ...rows, METRICS_TABLE_END].join('\n');
}

/** The README text with its metrics table replaced by the generated one. */
export function withMetricsTable(readme: string): string {
  const begin = readme.indexOf(METRICS_TABLE_BEGIN);
  const end = readme.indexOf(METRICS_TABLE_END);
  if (begin < 0 || end < begin) throw new Error(`README.md has no metrics table markers (${METRICS_TABLE_BEGIN} ... ${METRICS_TABLE_END})`);
  return readme.slice(0, begin) + metricsTable() + readme.slice(end + METRICS_TABLE_END.length);
}
