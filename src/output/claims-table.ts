import { alignTable, formatClaimNumber } from '../aggregate/format.js';
import type { ClaimVerdict } from '../claims/evaluate.js';
import type { Scenario } from '../schema/types.js';
import { sweepValueText } from './chart-axes.js';

/**
 * `path=value, ...`, or '-' without a sweep. Given the verdict's scenario, each value with its unit
 * as the summary table and the charts say it (`hardware.pageLoad=7.14 us`); without, in base units
 * (what claims.csv and claims.json hold).
 */
export function pointText(point: Record<string, number | string>, scenario?: Scenario): string {
  // base units, without the float noise of a unit's conversion (7.14us is 0.000007139999999999999 s)
  const value = (path: string, v: number | string) => (scenario !== undefined ? sweepValueText(scenario, path, v) : typeof v === 'number' ? Number(v.toPrecision(12)) : v);
  const parts = Object.entries(point).map(([path, v]) => `${path}=${value(path, v)}`);
  return parts.length > 0 ? parts.join(', ') : '-';
}

/** Options of the claims' tables. */
export interface ClaimTableOptions {
  color?: boolean;
  /** The scenarios the verdicts come from (matched by name and file), for the units of their sweep values. */
  scenarios?: readonly Scenario[];
}

function verdictPoint(v: ClaimVerdict, scenarios: readonly Scenario[] | undefined): string {
  return pointText(v.point, scenarios?.find((s) => s.name === v.scenario && s.file === v.file));
}

function show(v: ClaimVerdict, x: number): string {
  return formatClaimNumber(v.kind, v.metric, x);
}

/** The bounds as written, e.g. `value <= 50 ms`, `0.95 <= ratio <= 1.05` (6 digits: a bound is exact). */
export function claimBoundText(v: ClaimVerdict): string {
  const name = v.kind;
  const parts: string[] = [];
  if (v.bounds.min !== undefined) parts.push(formatClaimNumber(v.kind, v.metric, v.bounds.min, 6));
  parts.push(name);
  if (v.bounds.max !== undefined) parts.push(formatClaimNumber(v.kind, v.metric, v.bounds.max, 6));
  return parts.join(' <= ');
}

/** The 95 % CI of a verdict, `[low, high]`, or '-' without one (an error, one replication). */
export function claimIntervalText(v: ClaimVerdict): string {
  return v.verdict === 'error' || v.n < 2 ? '-' : `[${show(v, v.low)}, ${show(v, v.high)}]`;
}

/** Why a verdict is what it is, in words and display units: what a failing CI log and the report say. */
export function claimMessage(v: ClaimVerdict): string {
  if (v.verdict === 'error') return v.problem ?? 'could not be evaluated';
  const missing = v.replications - v.n;
  if (missing > 0) {
    const why = v.kind === 'ratio' ? 'no ratio (a value missing, or the baseline 0)' : `no value of ${v.metric} (no observations)`;
    return `${missing} of ${v.replications} replications have ${why}`;
  }
  const interval = v.n === 1 ? `${show(v, v.value)} (one replication, no interval)` : `mean ${show(v, v.value)}, 95 % CI [${show(v, v.low)}, ${show(v, v.high)}]`;
  const bound = claimBoundText(v);
  if (v.paper !== undefined) return paperMessage(v, interval, bound);
  if (v.verdict === 'pass') return `${interval} within ${bound}`;
  if (v.verdict === 'fail') return `${interval} outside ${bound}`;
  return `${interval} straddles ${bound}: more replications may decide`;
}

/** A paper's claim: where the interval lies against the paper's bound, and whether that is what the scenario expects. */
function paperMessage(v: ClaimVerdict, interval: string, bound: string): string {
  if (v.paper === 'undecided') return `${interval} straddles the paper's ${bound}: more replications may decide whether the paper's claim holds`;
  const where = v.paper === 'holds' ? 'within' : 'outside';
  const expectation = v.paper === v.paperExpected ? 'as the scenario expects' : `the scenario expects that it ${v.paperExpected}`;
  return `${interval} ${where} the paper's ${bound}: the paper's claim ${v.paper}, ${expectation}`;
}

/** The variant, and the function or chain whose rows the claim reads: `clemmys (chain len8)`. */
export function claimSubject(v: ClaimVerdict): string {
  if (v.chain !== undefined) return `${v.variant} (chain ${v.chain})`;
  return v.function === undefined ? v.variant : `${v.variant} (${v.function})`;
}

function verdictText(v: ClaimVerdict): string {
  if (v.verdict === 'inconclusive') return v.ok ? 'inconclusive (allowed)' : 'INCONCLUSIVE';
  return v.verdict === 'pass' ? 'pass' : v.verdict.toUpperCase();
}

/**
 * One line per claim x point (scenario, claim, variant, baseline, point, value, CI, bound, whether
 * the paper's claim holds when a claim states one, the check), then the message of every verdict
 * that is not a pass, so a failing CI log says why.
 */
export function formatClaimTable(verdicts: readonly ClaimVerdict[], options: ClaimTableOptions = {}): string {
  const papers = verdicts.some((v) => v.paper !== undefined);
  const header = ['scenario', 'claim', 'variant', 'baseline', 'point', 'value', '95 % CI', 'bound', ...(papers ? ["paper's claim"] : []), 'check'];
  const rows = verdicts.map((v) => [
    v.scenario,
    v.claim,
    claimSubject(v),
    v.baseline ?? '-',
    verdictPoint(v, options.scenarios),
    v.verdict === 'error' ? '-' : show(v, v.value),
    claimIntervalText(v),
    claimBoundText(v),
    ...(papers ? [v.paper ?? '-'] : []),
    verdictText(v),
  ]);
  let out = alignTable(header, rows, { color: options.color });
  const notes = verdicts.filter((v) => v.verdict !== 'pass');
  if (notes.length > 0) {
    out += '\n' + notes.map((v) => `${verdictText(v)} ${v.scenario} / ${v.claim} at ${verdictPoint(v, options.scenarios)}: ${claimMessage(v)}`).join('\n') + '\n';
  }
  out += `\n${claimsCount(verdicts)}\n`;
  return out;
}

/**
 * The verdicts on the paper's claims (`paper: true`) alone, what a reader came for: the claim as a
 * bound (`throughput / native >= 0.95`), where, what the model finds (the mean, 95 % CI), and
 * whether the paper's claim holds there. Empty when the scenario states none.
 */
export function formatPaperVerdicts(verdicts: readonly ClaimVerdict[], options: ClaimTableOptions = {}): string {
  const papers = verdicts.filter((v) => v.paper !== undefined);
  if (papers.length === 0) return '';
  const claimText = (v: ClaimVerdict) => {
    const what = `${v.metric}${v.function === undefined ? '' : ` of ${v.function}`}${v.kind === 'ratio' ? ` / ${v.baseline}` : ''}`;
    return claimBoundText(v).replace(v.kind, what);
  };
  const rows = papers.map((v) => [claimText(v), claimSubject(v).replace(/ \(.*\)$/, ''), verdictPoint(v, options.scenarios), v.verdict === 'error' ? '-' : `${show(v, v.value)} ${claimIntervalText(v)}`, v.paper === 'undecided' ? 'undecided' : v.paper!]);
  return alignTable(["the paper's claim", 'variant', 'at', 'model: mean [95 % CI]', 'verdict'], rows, { color: options.color }) + '\n';
}

/** `9 checked, 4 passed, 4 failed` (an allowed inconclusive is neither). */
export function claimsCount(verdicts: readonly ClaimVerdict[]): string {
  return `${verdicts.length} checked, ${verdicts.filter((v) => v.verdict === 'pass').length} passed, ${verdicts.filter((v) => !v.ok).length} failed`;
}
