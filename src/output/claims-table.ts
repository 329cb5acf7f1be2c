import { alignTable, formatClaimNumber } from '../aggregate/format.js';
import type { ClaimVerdict } from '../claims/evaluate.js';

/** `path=value, ...`, or '-' without a sweep. */
export function pointText(point: Record<string, number | string>): string {
  const parts = Object.entries(point).map(([path, v]) => `${path}=${v}`);
  return parts.length > 0 ? parts.join(', ') : '-';
}

function show(v: ClaimVerdict, x: number): string {
  return formatClaimNumber(v.kind, v.metric, x);
}

function verdictText(v: ClaimVerdict): string {
  if (v.verdict === 'inconclusive') return v.ok ? 'inconclusive (allowed)' : 'INCONCLUSIVE';
  return v.verdict === 'pass' ? 'pass' : v.verdict.toUpperCase();
}

/**
 * One line per claim x point (scenario, claim, point, value, CI, bound, verdict), then the
 * message of every verdict that is not a pass, so a failing CI log says why.
 */
export function formatClaimTable(verdicts: readonly ClaimVerdict[], options: { color?: boolean } = {}): string {
  const header = ['scenario', 'claim', 'point', 'value', '95 % CI', 'bound', 'verdict'];
  const rows = verdicts.map((v) => [
    v.scenario,
    v.claim,
    pointText(v.point),
    v.verdict === 'error' ? '-' : show(v, v.value),
    v.verdict === 'error' || v.n < 2 ? '-' : `[${show(v, v.low)}, ${show(v, v.high)}]`,
    v.bound,
    verdictText(v),
  ]);
  let out = alignTable(header, rows, { color: options.color });
  const notes = verdicts.filter((v) => v.verdict !== 'pass');
  if (notes.length > 0) {
    out += '\n' + notes.map((v) => `${verdictText(v)} ${v.scenario} / ${v.claim} at ${pointText(v.point)}: ${v.message}`).join('\n') + '\n';
  }
  const failed = verdicts.filter((v) => !v.ok).length;
  out += `\n${verdicts.length} checked, ${verdicts.filter((v) => v.verdict === 'pass').length} passed, ${failed} failed\n`;
  return out;
}
