/**
 * Ratio charts and one function's rows: a view of the summary in which each variant's groups hold
 * `y` over the scenario's baseline variant at the same point, paired by replication as ratio
 * claims pair them, with the interval they judge (the baseline's own groups left out), and, with
 * `function`, that function's groups in place of the whole run's. The chart kinds then draw the view as any other summary.
 */
import { ALL_CHAINS, ALL_FUNCTIONS, type AggregateGroup } from '../aggregate/aggregate.js';
import { judgedEstimate } from '../aggregate/estimate.js';
import { pairedRatios } from '../aggregate/ratio.js';
import type { ChartSpec } from '../schema/types.js';
import type { VegaLiteSpec } from './chart-style.js';
import type { ResultSummary } from './summary.js';

/** The name a ratio chart gives its y: `latency.p50 / native`. */
export const ratioName = (metric: string, baseline: string): string => `${metric} / ${baseline}`;

export function chartView(chart: ChartSpec, summary: ResultSummary): { chart: ChartSpec; summary: ResultSummary } {
  let groups = summary.groups;
  if (chart.function !== undefined) {
    // the function's rows stand in for the whole run's (a chart of whole-run rows draws them)
    groups = groups.filter((g) => g.chain === ALL_CHAINS && g.function === chart.function).map((g) => ({ ...g, function: ALL_FUNCTIONS }));
  }
  const baseline = summary.scenario.baseline;
  if (chart.ratio !== true || baseline === undefined) return { chart, summary: { ...summary, groups } };
  const y = ratioName(chart.y, baseline);
  const key = (g: AggregateGroup) => `${g.pointIndex}\u0000${g.function}\u0000${g.chain}`;
  const bases = new Map(groups.filter((g) => g.variant === baseline).map((g) => [key(g), g]));
  const ratios: AggregateGroup[] = [];
  for (const g of groups) {
    const base = bases.get(key(g));
    if (g.variant === baseline || base === undefined || !g.metrics.includes(chart.y)) continue;
    const paired = pairedRatios(g, base, chart.y);
    if (!('samples' in paired)) continue;
    ratios.push({ ...g, metrics: [...g.metrics, y], values: { ...g.values, [y]: paired.samples }, estimates: { ...g.estimates, [y]: judgedEstimate(chart.y, paired.samples, 'ratio') } });
  }
  return { chart: { ...chart, y }, summary: { ...summary, groups: ratios, scenario: { ...summary.scenario, variants: summary.scenario.variants.filter((v) => v !== baseline) } } };
}

/** A chart's horizontal rule (`rule: { y, label }`), drawn over its layers with its label at the right. */
export function withRule(spec: VegaLiteSpec, rule: ChartSpec['rule']): VegaLiteSpec {
  if (rule === undefined || !Array.isArray(spec.layer)) return spec;
  const at = { y: { datum: rule.y, type: 'quantitative' } };
  return {
    ...spec,
    layer: [
      ...(spec.layer as VegaLiteSpec[]),
      { mark: { type: 'rule', strokeDash: [6, 4], color: '#444', strokeWidth: 1.5 }, encoding: at },
      { mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -3, x: 'width', color: '#444', text: rule.label }, encoding: at },
    ],
  };
}
