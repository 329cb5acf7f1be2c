/**
 * report.html: one page that works offline (the vega scripts sit beside it in report-assets/). It
 * leads with the verdict: the title, a paragraph of what was compared, the verdict table, the
 * charts (interactive, with tooltips); then every claim, the summary table and the parameters.
 * Every string from a scenario or a result is escaped (report-escape.ts).
 */
import { stringify as toYaml } from 'yaml';
import { ALL_CHAINS, ALL_FUNCTIONS, type AggregateGroup } from '../aggregate/aggregate.js';
import { displayUnit, formatEstimateOf, formatQuantity } from '../aggregate/format.js';
import type { ResultChart } from './charts.js';
import type { ResultSummary } from './summary.js';
import { claimsSection, pointWords, verdictSection } from './report-claims.js';
import { escapeHtml, scriptJson } from './report-escape.js';
import { shownValue, sweepAxis } from './chart-axes.js';

export { escapeHtml, scriptJson } from './report-escape.js';

/** The scripts the page loads, in order, from report-assets/ beside it. */
export const REPORT_SCRIPTS = ['vega.min.js', 'vega-lite.min.js', 'vega-embed.min.js'] as const;
export const ASSETS_FOLDER = 'report-assets';

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #222; }
h1 { margin-bottom: 0.2rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; font-size: 0.9rem; } th, td { padding: 0.25rem 0.6rem; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.scroll { overflow-x: auto; } dl { display: grid; grid-template-columns: max-content auto; gap: 0.2rem 1rem; }
dt { font-weight: 600; } dd { margin: 0; } pre { background: #f6f6f6; padding: 0.8rem; overflow-x: auto; }
.pass { color: #1a7f37; font-weight: 600; } .fail, .error { color: #c62828; font-weight: 600; } .inconclusive { color: #b26a00; font-weight: 600; }
.chart { margin: 1.5rem 0; } .chart-error { color: #c62828; }
`;

/** Sets data-rendered on each chart once vega-embed has drawn it (the browser test waits for it). */
const EMBED_SCRIPT = `
for (const figure of document.querySelectorAll('figure.chart')) {
  const spec = JSON.parse(document.getElementById(figure.dataset.spec).textContent);
  vegaEmbed(figure.querySelector('.view'), spec, { actions: false, renderer: 'svg' })
    .then(() => { figure.dataset.rendered = 'true'; })
    .catch((error) => { figure.dataset.rendered = 'error'; figure.querySelector('.view').textContent = String(error); console.error(error); });
}
`;

/** What the platform of a run is, in words: `openwhisk`, `openwhisk with clemmys`. */
function platformWords(run: ResultSummary['scenario']['runs'][number]): string {
  const mode = run.security?.mode;
  return typeof mode === 'string' ? `${run.platform.kind} with ${mode}` : run.platform.kind;
}

/** A sweep path's values in words: `arrival rate 10, 30 and 45 /s`. */
function sweepWords(summary: ResultSummary, path: string): string {
  const values = [...new Map([...summary.groups].sort((a, b) => a.pointIndex - b.pointIndex).map((g) => [String(g.point[path]), g.point[path]])).values()];
  const axis = sweepAxis(summary.scenario, path, values.filter((v): v is number => typeof v === 'number'));
  const shown = values.map((v) => (typeof v === 'number' ? shownValue(v * axis.factor, '') : v));
  const list = shown.length > 1 ? `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}` : shown.join('');
  return `${axis.title.replace(/ \(.*\)$/, '')} ${list}${axis.unit === '' ? '' : ` ${axis.unit}`}`;
}

/** The title, and one paragraph of what was compared. */
function introSection(summary: ResultSummary): string {
  const s = summary.scenario;
  const platforms = [...new Set(s.runs.map(platformWords))];
  const run = s.runs[0];
  const variants = s.variants.length === 1 ? `one variant (${s.variants[0]})` : `${s.variants.length} variants (${s.variants.join(', ')})`;
  const sweep = s.sweepPaths.length === 0 ? '' : `, at ${s.sweepPaths.map((p) => sweepWords(summary, p)).join('; ')}`;
  const length = run === undefined ? '' : ` of ${formatQuantity('time', run.durationSeconds)} each${run.warmupSeconds > 0 ? ` (the first ${formatQuantity('time', run.warmupSeconds)} not measured)` : ''}`;
  const compared = `Compared: ${variants} on ${platforms.join(', ')}${sweep}; ${s.replications} replication${s.replications === 1 ? '' : 's'}${length}, seed ${s.seed}.`;
  return [
    `<h1>${escapeHtml(s.name)}</h1>`,
    `<p class="description">${s.description ? `${escapeHtml(s.description)} ` : ''}${escapeHtml(compared)}</p>`,
  ].join('\n');
}

/** The scenario's facts and the file as written. */
function parametersSection(summary: ResultSummary): string {
  const s = summary.scenario;
  const facts: [string, string][] = [
    ['file', s.file],
    ['seed', String(s.seed)],
    ['replications', String(s.replications)],
    ['variants', s.variants.join(', ')],
    ['sweep', s.sweepPaths.length > 0 ? s.sweepPaths.join(', ') : 'none'],
    ['secfaas', summary.version],
  ];
  return [
    '<h2>Parameters</h2>',
    `<dl>${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`,
    `<details><summary>The scenario as written</summary><pre>${escapeHtml(toYaml(s.source ?? {}))}</pre></details>`,
  ].join('\n');
}

function chartsSection(charts: readonly ResultChart[], notes: readonly string[]): string {
  if (charts.length === 0 && notes.length === 0) return '';
  const figures = charts.map((c, i) => [
    `<figure class="chart" id="chart-${i}" data-spec="chart-spec-${i}" data-name="${escapeHtml(c.name)}">`,
    '<div class="view"></div>',
    // without scripts (a mail client, a locked-down viewer): the SVG secfaas run drew beside it
    `<noscript><img src="charts/${escapeHtml(encodeURIComponent(c.name))}.svg" alt="${escapeHtml(c.name)}: charts/${escapeHtml(c.name)}.svg (drawn by secfaas run unless --no-charts)"></noscript>`,
    `<script type="application/json" id="chart-spec-${i}">${scriptJson(c.spec)}</script>`,
    `<figcaption>${escapeHtml(c.name)} (charts/${escapeHtml(c.name)}.vl.json after secfaas run)</figcaption>`,
    '</figure>',
  ].join('\n'));
  const skipped = notes.map((n) => `<p class="chart-error">not drawn: ${escapeHtml(n)}</p>`);
  return ['<h2>Charts</h2>', ...figures, ...skipped].join('\n');
}

/** Metric rows x group columns (variant, point): mean ± 95 % CI half-width in display units. */
function groupTable(summary: ResultSummary, groups: readonly AggregateGroup[]): string {
  const metrics = [...new Set(groups.flatMap((g) => g.metrics))];
  const heads = groups.map((g) => `<th>${escapeHtml(g.variant)}${Object.keys(g.point).length > 0 ? `<br>${escapeHtml(pointWords(summary, g.point))}` : ''}</th>`);
  const rows = metrics.map((metric) => {
    const { factor, unit } = displayUnit(metric);
    const cells = groups.map((g) => {
      const e = g.estimates[metric];
      if (e === undefined) return '<td class="num">-</td>';
      const text = formatEstimateOf(e, factor);
      return `<td class="num">${escapeHtml(text)}</td>`;
    });
    return `<tr><th>${escapeHtml(metric)}${unit ? ` (${escapeHtml(unit)})` : ''}</th>${cells.join('')}</tr>`;
  });
  return `<div class="scroll"><table class="summary"><thead><tr><th>metric</th>${heads.join('')}</tr></thead><tbody>${rows.join('\n')}</tbody></table></div>`;
}

function summarySection(summary: ResultSummary): string {
  const whole = summary.groups.filter((g) => g.function === ALL_FUNCTIONS && g.chain === ALL_CHAINS);
  const functions = [...new Set(summary.groups.filter((g) => g.function !== ALL_FUNCTIONS).map((g) => g.function))];
  const chains = [...new Set(summary.groups.filter((g) => g.chain !== ALL_CHAINS).map((g) => g.chain))];
  const replications = Math.max(0, ...whole.map((g) => g.replications.length));
  return [
    '<h2>Summary</h2>',
    `<p>${replications} replication${replications === 1 ? '' : 's'}${replications >= 2 ? ': mean ± 95 % CI half-width' : ''}; times in ms, rates per second.</p>`,
    groupTable(summary, whole),
    ...functions.map((fn) => `<details><summary>function ${escapeHtml(fn)}</summary>${groupTable(summary, summary.groups.filter((g) => g.function === fn))}</details>`),
    ...chains.map((chain) => `<details><summary>chain ${escapeHtml(chain)}</summary>${groupTable(summary, summary.groups.filter((g) => g.chain === chain))}</details>`),
  ].join('\n');
}

/** The whole page. Scripts load from report-assets/ beside it: no network, opens from file://. */
export function reportHtml(summary: ResultSummary, charts: readonly ResultChart[], notes: readonly string[] = []): string {
  const scripts = charts.length > 0 ? [...REPORT_SCRIPTS.map((s) => `<script src="${ASSETS_FOLDER}/${s}"></script>`), `<script>${EMBED_SCRIPT}</script>`] : [];
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(summary.scenario.name)}: secfaas report</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    introSection(summary),
    verdictSection(summary),
    chartsSection(charts, notes),
    claimsSection(summary),
    summarySection(summary),
    parametersSection(summary),
    ...scripts,
    '</body>',
    '</html>',
  ].filter((line) => line !== '').join('\n') + '\n';
}
