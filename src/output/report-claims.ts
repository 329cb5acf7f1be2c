/**
 * The report's claims: the verdict table it leads with (the paper's claims when the scenario
 * states some, every claim otherwise: what is compared, where, the value or ratio with its 95 %
 * interval, whether the paper's claim holds, the check) and, below the charts, every claim with
 * why its check is what it is. Sweep points are said in words with their unit (`arrival rate 45 /s`).
 */
import type { ClaimVerdict } from '../claims/evaluate.js';
import { formatClaimNumber } from '../aggregate/format.js';
import { sweepAxis, sweepValueText } from './chart-axes.js';
import { claimBoundText, claimIntervalText, claimMessage, claimSubject } from './claims-table.js';
import type { ResultSummary } from './summary.js';
import { escapeHtml } from './report-escape.js';

/** A sweep point in words: `arrival rate 45 /s, EPC 128 MiB`; `-` without a sweep. */
export function pointWords(summary: ResultSummary, point: Record<string, number | string>): string {
  const parts = Object.entries(point).map(([path, value]) => `${sweepAxis(summary.scenario, path, []).title.replace(/ \(.*\)$/, '')} ${sweepValueText(summary.scenario, path, value)}`);
  return parts.length > 0 ? parts.join(', ') : '-';
}

/** The value (or ratio) with its interval: `0.88 [0.85, 0.91]`. */
function valueText(v: ClaimVerdict): string {
  if (v.verdict === 'error') return '-';
  const interval = claimIntervalText(v);
  return `${formatClaimNumber(v.kind, v.metric, v.value)}${interval === '-' ? '' : ` ${interval}`}`;
}

function checkCell(v: ClaimVerdict): string {
  const allowed = v.verdict === 'inconclusive' && v.ok ? ' (allowed)' : '';
  return `<td class="${v.verdict}">${escapeHtml(v.verdict)}${allowed}</td>`;
}

function paperCell(v: ClaimVerdict): string {
  if (v.paper === undefined) return '<td>-</td>';
  const css = v.paper === 'holds' ? 'pass' : v.paper === 'does not hold' ? 'fail' : 'inconclusive';
  return `<td class="${css}">${escapeHtml(v.paper)}</td>`;
}

/** What a claim compares: `throughput of clemmys / native`, `latency.p50 of native (f)`. */
function compares(v: ClaimVerdict): string {
  return `${v.metric} of ${claimSubject(v)}${v.baseline === undefined ? '' : ` / ${v.baseline}`}`;
}

/** The table the report leads with. */
export function verdictSection(summary: ResultSummary): string {
  const verdicts = summary.verdicts ?? [];
  if (verdicts.length === 0) return '';
  const papers = verdicts.filter((v) => v.paper !== undefined);
  const shown = papers.length > 0 ? papers : verdicts;
  const rows = shown.map((v) => [
    `<td>${escapeHtml(v.description ?? v.claim)}</td>`,
    `<td>${escapeHtml(compares(v))}</td>`,
    `<td>${escapeHtml(pointWords(summary, v.point))}</td>`,
    `<td class="num">${escapeHtml(valueText(v))}</td>`,
    `<td>${escapeHtml(claimBoundText(v))}</td>`,
    ...(papers.length > 0 ? [paperCell(v)] : []),
    checkCell(v),
  ].join(''));
  const what = papers.length > 0
    ? `The paper's claims, each checked on the replications: whether it holds (the 95 % interval wholly within the paper's bound: holds; wholly outside: does not hold), and the check, which passes when it holds or not as the scenario expects.`
    : 'Every claim of the scenario: the value (a ratio for a claim against a baseline) with its 95 % interval over the replications, the bound, and the check.';
  return [
    '<h2>Verdict</h2>',
    `<p>${escapeHtml(what)}</p>`,
    `<div class="scroll"><table class="verdicts"><thead><tr><th>claim</th><th>compares</th><th>at</th><th>value, 95 % CI</th><th>bound</th>${papers.length > 0 ? "<th>paper's claim</th>" : ''}<th>check</th></tr></thead>`,
    `<tbody>${rows.map((r) => `<tr>${r}</tr>`).join('\n')}</tbody></table></div>`,
  ].join('\n');
}

/** Every claim at every point, with why its check is what it is. */
export function claimsSection(summary: ResultSummary): string {
  const verdicts = summary.verdicts ?? [];
  if (verdicts.length === 0) return '';
  const papers = verdicts.some((v) => v.paper !== undefined);
  const rows = verdicts.map((v) => [
    `<td>${escapeHtml(v.claim)}</td>`,
    `<td>${escapeHtml(compares(v))}</td>`,
    `<td>${escapeHtml(pointWords(summary, v.point))}</td>`,
    `<td class="num">${escapeHtml(valueText(v))}</td>`,
    `<td>${escapeHtml(claimBoundText(v))}</td>`,
    ...(papers ? [paperCell(v)] : []),
    checkCell(v),
    `<td>${escapeHtml(claimMessage(v))}</td>`,
  ].join(''));
  const passed = verdicts.filter((v) => v.verdict === 'pass').length;
  const failed = verdicts.filter((v) => !v.ok).length;
  return [
    '<h2>Claims</h2>',
    `<p>${verdicts.length} checked, ${passed} passed, ${failed} failed (95 % confidence intervals over the replications).</p>`,
    `<div class="scroll"><table class="claims"><thead><tr><th>claim</th><th>compares</th><th>at</th><th>value, 95 % CI</th><th>bound</th>${papers ? "<th>paper's claim</th>" : ''}<th>check</th><th>why</th></tr></thead>`,
    `<tbody>${rows.map((r) => `<tr>${r}</tr>`).join('\n')}</tbody></table></div>`,
  ].join('\n');
}
