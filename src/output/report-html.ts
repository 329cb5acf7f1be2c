/**
 * report.html: one page that works offline (the vega scripts sit beside it in report-assets/),
 * with the scenario, the claims, every chart (interactive, with tooltips) and the summary table.
 * Every string that comes from a scenario or a result goes through `escapeHtml`, and the chart
 * specs are embedded as JSON that cannot close its script element: a `<script>` in a name is text.
 */
import { stringify as toYaml } from 'yaml';
import type { ClaimVerdict } from '../claims/evaluate.js';
import { claimBoundText, claimIntervalText, claimMessage, pointText } from './claims-table.js';
import { ALL_CHAINS, ALL_FUNCTIONS, type AggregateGroup } from '../aggregate/aggregate.js';
import { displayUnit, formatClaimNumber, formatEstimate, formatNumber } from '../aggregate/format.js';
import type { ResultChart } from './charts.js';
import type { ResultSummary } from './summary.js';

/** The scripts the page loads, in order, from report-assets/ beside it. */
export const REPORT_SCRIPTS = ['vega.min.js', 'vega-lite.min.js', 'vega-embed.min.js'] as const;
export const ASSETS_FOLDER = 'report-assets';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** JSON inside <script type="application/json">: no `<`, `>` or `&` can end the element or start a comment. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

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

function scenarioSection(summary: ResultSummary): string {
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
    `<h1>${escapeHtml(s.name)}</h1>`,
    s.description ? `<p class="description">${escapeHtml(s.description)}</p>` : '',
    `<dl>${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`,
    `<details><summary>Parameters (the scenario as written)</summary><pre>${escapeHtml(toYaml(s.source ?? {}))}</pre></details>`,
  ].join('\n');
}

function claimsSection(verdicts: readonly ClaimVerdict[] | undefined): string {
  if (verdicts === undefined || verdicts.length === 0) return '';
  const show = (v: ClaimVerdict, x: number) => formatClaimNumber(v.kind, v.metric, x);
  const rows = verdicts.map((v) => {
    const who = v.baseline === undefined ? v.variant : `${v.variant} / ${v.baseline}`;
    const ci = claimIntervalText(v);
    const cells = [
      `<td>${escapeHtml(v.claim)}</td>`,
      `<td>${escapeHtml(v.metric)}${v.function === undefined ? '' : ` (${escapeHtml(v.function)})`}</td>`,
      `<td>${escapeHtml(who)}</td>`,
      `<td>${escapeHtml(pointText(v.point))}</td>`,
      `<td class="num">${v.verdict === 'error' ? '-' : escapeHtml(show(v, v.value))}</td>`,
      `<td class="num">${escapeHtml(ci)}</td>`,
      `<td>${escapeHtml(claimBoundText(v))}</td>`,
      `<td class="${v.verdict}">${escapeHtml(v.verdict)}${v.verdict === 'inconclusive' && v.ok ? ' (allowed)' : ''}</td>`,
      `<td>${escapeHtml(claimMessage(v))}</td>`,
    ];
    return `<tr>${cells.join('')}</tr>`;
  });
  const passed = verdicts.filter((v) => v.verdict === 'pass').length;
  const failed = verdicts.filter((v) => !v.ok).length;
  return [
    '<h2>Claims</h2>',
    `<p>${verdicts.length} checked, ${passed} passed, ${failed} failed (95 % confidence intervals over the replications).</p>`,
    '<div class="scroll"><table class="claims"><thead><tr><th>claim</th><th>metric</th><th>variant</th><th>point</th><th>value</th><th>95 % CI</th><th>bound</th><th>verdict</th><th>why</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody></table></div>`,
  ].join('\n');
}

function chartsSection(charts: readonly ResultChart[], notes: readonly string[]): string {
  if (charts.length === 0 && notes.length === 0) return '';
  const figures = charts.map((c, i) => [
    `<figure class="chart" id="chart-${i}" data-spec="chart-spec-${i}" data-name="${escapeHtml(c.name)}">`,
    '<div class="view"></div>',
    `<script type="application/json" id="chart-spec-${i}">${scriptJson(c.spec)}</script>`,
    `<figcaption>${escapeHtml(c.name)} (charts/${escapeHtml(c.name)}.vl.json after secfaas run)</figcaption>`,
    '</figure>',
  ].join('\n'));
  const skipped = notes.map((n) => `<p class="chart-error">not drawn: ${escapeHtml(n)}</p>`);
  return ['<h2>Charts</h2>', ...figures, ...skipped].join('\n');
}

/** Metric rows x group columns (variant, point): mean ± 95 % CI half-width in display units. */
function groupTable(groups: readonly AggregateGroup[]): string {
  const metrics = [...new Set(groups.flatMap((g) => g.metrics))];
  const heads = groups.map((g) => `<th>${escapeHtml(g.variant)}${Object.keys(g.point).length > 0 ? `<br>${escapeHtml(pointText(g.point))}` : ''}</th>`);
  const rows = metrics.map((metric) => {
    const { factor, unit } = displayUnit(metric);
    const cells = groups.map((g) => {
      const e = g.estimates[metric];
      if (e === undefined) return '<td class="num">-</td>';
      const text = e.n >= 2 ? formatEstimate(e.mean * factor, e.halfWidth * factor) : formatNumber(e.mean * factor);
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
    groupTable(whole),
    ...functions.map((fn) => `<details><summary>function ${escapeHtml(fn)}</summary>${groupTable(summary.groups.filter((g) => g.function === fn))}</details>`),
    ...chains.map((chain) => `<details><summary>chain ${escapeHtml(chain)}</summary>${groupTable(summary.groups.filter((g) => g.chain === chain))}</details>`),
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
    scenarioSection(summary),
    claimsSection(summary.verdicts),
    chartsSection(charts, notes),
    summarySection(summary),
    ...scripts,
    '</body>',
    '</html>',
  ].filter((line) => line !== '').join('\n') + '\n';
}
