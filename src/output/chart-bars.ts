/**
 * The bar charts. `{ x: variant, y: <metric> }`: the mean of each group with its 95 % CI as an
 * error bar, the bars of a colour grouping side by side (`xOffset`), never stacked: stacking would
 * add up the p50s of different functions. `{ breakdown: latency, x: variant | function }`: the mean
 * of each `latency.breakdown.*` part stacked (here the parts do add up, to the mean response time,
 * which is marked on each bar), one panel per sweep point when there are several.
 */
import { ALL_CHAINS, ALL_FUNCTIONS, type AggregateGroup } from '../aggregate/aggregate.js';
import { declaredMetrics } from '../model/metric-registry.js';
import { platformKinds } from '../platform/index.js';
import type { ChartSpec } from '../schema/types.js';
import { metricAxis, metricWords, shownEstimate, unitFor, words } from './chart-axes.js';
import { chartGroups, groupInterval, labelOf, means, missingNote, reporting, restLabel, restTitle, shownInterval, type Row } from './chart-data.js';
import { colorEncoding, frame, HEIGHT, seriesDomain, WIDTH, type VegaLiteSpec } from './chart-style.js';
import type { ResultSummary } from './summary.js';

/** Legend entries of bars: filled squares in the bars' colours. */
const SQUARE_LEGEND = { symbolType: 'square' };

/** Categories in the order of their first row. */
const inOrder = (rows: readonly Row[], field: string): string[] => [...new Set(rows.map((r) => String(r[field])))];

/** Rows in file order: by variant (as the file lists them), then sweep point. */
function fileOrder(summary: ResultSummary, groups: readonly AggregateGroup[]): AggregateGroup[] {
  const variant = (g: AggregateGroup) => summary.scenario.variants.indexOf(g.variant);
  return [...groups].sort((a, b) => variant(a) - variant(b) || a.pointIndex - b.pointIndex);
}

/**
 * Bars of the means with 95 % CI error bars. Each bar is a group: its colour says its `color`
 * label (the variant by default); the x axis the rest (sweep point, or variant when colouring by
 * function); bars sharing an x stand side by side.
 */
export function variantChart(chart: ChartSpec, summary: ResultSummary, color: string): VegaLiteSpec {
  const { groups, missing } = reporting(summary, chartGroups(summary, color), chart.y);
  const y = metricAxis(chart.y, means(groups, chart.y));
  // colouring by variant, the x axis is the sweep point; otherwise the variant (and the point)
  const ordered = color === 'variant' ? [...groups].sort((a, b) => a.pointIndex - b.pointIndex) : fileOrder(summary, groups);
  const rows: Row[] = ordered.map((g) => {
    const series = labelOf(g, color);
    const e = groupInterval(g, chart.y, y.factor);
    return { series, variant: g.variant, pointIndex: g.pointIndex, group: restLabel(summary, g, [color]) || series, ...e, shown: shownInterval(g, chart.y, y.factor, y.unit) };
  });
  const sideBySide = rows.some((r) => r.group !== r.series);
  const title = restTitle(summary, [color]) || color;
  const domain = seriesDomain(summary, color, rows);
  const xEncoding = { field: 'group', type: 'nominal', title: sideBySide ? title : color, sort: inOrder(rows, 'group'), axis: { labelAngle: 0, labelLimit: 160 } };
  const offset = sideBySide ? { xOffset: { field: 'series', type: 'nominal', sort: domain, scale: { paddingInner: 0.08 } } } : {};
  const yEncoding = { type: 'quantitative', title: y.title };
  const tooltip = [{ field: 'series', title: color }, ...(sideBySide ? [{ field: 'group', title }] : []), { field: 'shown', title: `${y.title}, mean ± 95 % CI` }, { field: 'n', title: 'replications' }];
  return {
    ...frame(chart, summary, rows, `${y.title.replace(/ \(.*\)$/, '')} by ${color} (mean, 95 % CI)`, missingNote(chart.y, missing)),
    layer: [
      { mark: { type: 'bar', tooltip: true }, encoding: { x: xEncoding, ...offset, y: { field: 'mean', ...yEncoding }, color: colorEncoding(domain, color, rows, SQUARE_LEGEND), tooltip } },
      { mark: { type: 'rule', strokeWidth: 1.5 }, transform: [{ filter: 'isValid(datum.low)' }], encoding: { x: xEncoding, ...offset, y: { field: 'low', ...yEncoding }, y2: { field: 'high' }, color: { value: 'black' } } },
    ],
  };
}

/** The parts of a breakdown (`latency.breakdown.*`): the native platforms' first, in the activation's path order, then the layers' as declared. */
export function breakdownParts(breakdown: string): string[] {
  const parts = declaredMetrics().filter((d) => d.name.startsWith(`${breakdown}.breakdown.`));
  const native = (d: (typeof parts)[number]) => (Object.values(d.scopes).some((kinds) => kinds === 'all' || kinds?.some((k) => platformKinds().includes(k))) ? 0 : 1);
  return [...parts].sort((a, b) => native(a) - native(b)).map((d) => d.name);
}

/** The groups of a breakdown: whole-run per variant, or per function (a run of one function is its whole run). */
function breakdownGroups(summary: ResultSummary, byFunction: boolean): { group: AggregateGroup; bar: string }[] {
  const whole = summary.groups.filter((g) => g.function === ALL_FUNCTIONS && g.chain === ALL_CHAINS);
  if (!byFunction) return fileOrder(summary, whole).map((group) => ({ group, bar: group.variant }));
  const perFunction = summary.groups.filter((g) => g.function !== ALL_FUNCTIONS);
  if (perFunction.length > 0) return fileOrder(summary, perFunction).map((group) => ({ group, bar: group.function }));
  return fileOrder(summary, whole).map((group) => ({ group, bar: summary.scenario.runs.find((r) => r.variant === group.variant)?.functions[0]?.name ?? ALL_FUNCTIONS }));
}

/** The mean of each part of a breakdown as a stacked bar, the mean response time marked by a black tick. */
export function breakdownChart(chart: ChartSpec, summary: ResultSummary): VegaLiteSpec {
  const breakdown = chart.breakdown ?? 'latency';
  const byFunction = chart.x === 'function';
  const bars = breakdownGroups(summary, byFunction);
  const parts = breakdownParts(breakdown).filter((part) => bars.some(({ group }) => (group.estimates[part]?.mean ?? 0) > 0));
  const unit = unitFor('time', [...bars.flatMap(({ group }) => parts.map((p) => group.estimates[p]?.mean)), ...means(bars.map((b) => b.group), chart.y)]);
  const panelOf = (g: AggregateGroup) => restLabel(summary, g, byFunction ? ['function'] : ['variant', 'function']);
  const rows: Row[] = [];
  for (const { group, bar } of bars) {
    const panel = panelOf(group);
    parts.forEach((part, order) => {
      const e = groupInterval(group, part, unit.factor);
      rows.push({ kind: 'part', bar, panel, part: words(part.slice(`${breakdown}.breakdown.`.length)), order, mean: e.mean ?? 0, shown: shownEstimate(e.mean, e.halfWidth, unit.unit) });
    });
    const total = groupInterval(group, chart.y, unit.factor);
    rows.push({ kind: 'total', bar, panel, mean: total.mean, shown: shownEstimate(total.mean, total.halfWidth, unit.unit) });
  }
  const partNames = parts.map((p) => words(p.slice(`${breakdown}.breakdown.`.length)));
  const panels = inOrder(rows, 'panel');
  const x = { field: 'bar', type: 'nominal', title: byFunction ? 'function' : 'variant', sort: inOrder(rows, 'bar'), axis: { labelAngle: panels.length > 1 ? -40 : 0, labelLimit: 160 } };
  const yTitle = `${words(breakdown)} (${unit.unit})`;
  const layer = [
    {
      mark: { type: 'bar', tooltip: true },
      transform: [{ filter: "datum.kind === 'part'" }],
      encoding: {
        x,
        y: { field: 'mean', type: 'quantitative', stack: 'zero', title: yTitle },
        color: { field: 'part', type: 'nominal', title: `part of the ${words(breakdown)}`, sort: partNames, scale: { domain: partNames, scheme: 'tableau20' } },
        order: { field: 'order' },
        tooltip: [{ field: 'bar', title: x.title }, { field: 'part' }, { field: 'shown', title: `mean (${unit.unit}) ± 95 % CI` }],
      },
    },
    {
      mark: { type: 'tick', color: 'black', thickness: 3, tooltip: true },
      transform: [{ filter: "datum.kind === 'total'" }],
      encoding: { x, y: { field: 'mean', type: 'quantitative' }, tooltip: [{ field: 'bar', title: x.title }, { field: 'shown', title: `${metricWords(chart.y)} (${unit.unit}) ± 95 % CI` }] },
    },
  ];
  const note = [`black tick: ${metricWords(chart.y)}, which the parts add up to`];
  const base = frame(chart, summary, rows, `${words(breakdown)} breakdown by ${x.title} (means)`, note);
  if (panels.length <= 1) return { ...base, layer };
  // one panel per sweep point (and variant, per function): the colour is the part, so bars cannot share an x
  const { width: _width, height: _height, ...rest } = base;
  return { ...rest, facet: { column: { field: 'panel', type: 'nominal', title: restTitle(summary, byFunction ? ['function'] : ['variant', 'function']), sort: panels, header: { labelFontSize: 10, labelLimit: 120 } } }, spec: { width: { step: Math.max(24, Math.ceil(130 / inOrder(rows, 'bar').length)) }, height: HEIGHT, layer } };
}
