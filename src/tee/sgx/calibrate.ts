/**
 * Fits the enclave creation model (costs.ts `creation`) to measured create times: t = createFixed
 * + pages x pageLoad + max(0, pages - EPC pages) x pageEvict, by least squares on the log of the
 * times (log-fit.ts). Given the knee (the EPC) the model is linear in the three costs; the knee is
 * searched over whole MiB, wherever at least two enclave sizes lie at or below it and two past it
 * (fewer cannot tell a fixed cost from a slope, on either side of the knee).
 */
import type { SgxMachine, SgxVersion } from './hardware.js';
import { creation } from './costs.js';
import { logLeastSquares } from './log-fit.js';
import { PAGES_PER_MIB, pagesOfMiB } from './pages.js';

/** One measured creation: an enclave committing `enclaveMiB` at creation (code, stack and heap; v2: initial heap), `seconds` to create. */
export interface CreateTime {
  enclaveMiB: number;
  seconds: number;
  sgx: SgxVersion;
}

/** The fitted part of a profile, in base units. */
export interface CreationCosts {
  createFixedSeconds: number;
  pageLoadSeconds: number;
  pageEvictSeconds: number;
  /** The knee: enclaves past it evict a page for each page loaded past it. */
  epcMiB: number;
}

export type Calibration = { costs: CreationCosts } | { refused: string };

/** Sizes on each side of the knee that the fit needs: two give a line's level and slope. */
const SIDE = 2;
/** At most this many knees are tried at once; a wider range is searched coarse, then fine around the best. */
const KNEES_AT_ONCE = 512;
/** pageEvict below this share of pageLoad is no eviction cost: the knee could be anywhere. */
const NO_KNEE = 1e-6;

/**
 * The costs that fit `points` best; refused, saying which point to add, when the points cannot
 * identify them. `base`: the profile they refine, whose EPC says which points lie past it.
 */
export function fitCreation(points: readonly CreateTime[], base: SgxMachine): Calibration {
  const refusal = unidentifiable(points, base);
  if (refusal !== undefined) return { refused: refusal };
  const sizes = [...new Set(points.map((p) => pagesOfMiB(p.enclaveMiB)))].sort((a, b) => a - b);
  // knees (whole MiB) with SIDE sizes at or below and SIDE past
  const lowest = Math.ceil(sizes[SIDE - 1] / PAGES_PER_MIB);
  const highest = Math.ceil(sizes[sizes.length - SIDE] / PAGES_PER_MIB) - 1;
  const best = argminOverIntegers(lowest, highest, (knee) => fitAtKnee(points, knee)?.sumOfSquares ?? Infinity);
  const fit = best === undefined ? undefined : fitAtKnee(points, best);
  // two distinct sizes on each side make the design full rank: no fit at all is a bug
  if (best === undefined || fit === undefined) throw new Error(`no knee between ${lowest} and ${highest} MiB gave a fit`);
  const [createFixedSeconds, pageLoadSeconds, pageEvictSeconds] = fit.coefficients;
  if (pageEvictSeconds <= NO_KNEE * pageLoadSeconds) {
    return {
      refused:
        `the points past the EPC lie on the line of those inside it: no knee, so pageEvict and the EPC cannot be fitted. ` +
        `If the EPC is larger than ${base.name}'s ${base.epcMiB} MiB, give a profile with your EPC (--profile FILE); else add a larger enclave, e.g. ${suggest(4 * base.epcMiB)}`,
    };
  }
  return { costs: { createFixedSeconds, pageLoadSeconds, pageEvictSeconds, epcMiB: best } };
}

/** Why the points cannot identify the four parameters, telling which to add; undefined when they can. */
function unidentifiable(points: readonly CreateTime[], base: SgxMachine): string | undefined {
  const epcPages = base.epcMiB * PAGES_PER_MIB;
  const sizes = [...new Set(points.map((p) => pagesOfMiB(p.enclaveMiB)))];
  const inside = sizes.filter((s) => s <= epcPages).length;
  const past = sizes.length - inside;
  const epc = `the EPC (${base.name}: ${base.epcMiB} MiB)`;
  const problems: string[] = [];
  // a size to add is far from the one given: a line through two close points is a poor slope
  if (inside < SIDE) {
    const small = sizes.some((s) => s <= epcPages / 4);
    const add = inside === 0 ? `two, e.g. ${suggest(1)} and ${suggest(base.epcMiB / 2)}` : `another, e.g. ${suggest(small ? base.epcMiB / 2 : 1)}`;
    problems.push(`createFixed and pageLoad need two enclave sizes that fit in ${epc} (the fixed cost and the slope); ${inside} given: add ${add}`);
  }
  if (past < SIDE) {
    const large = sizes.some((s) => s >= 3 * epcPages);
    const add = past === 0 ? `two, e.g. ${suggest(2 * base.epcMiB)} and ${suggest(4 * base.epcMiB)}` : `another, e.g. ${suggest(large ? 2 * base.epcMiB : 4 * base.epcMiB)}`;
    problems.push(`pageEvict and the knee (epc) need two enclave sizes past ${epc} (the slope past it and where it starts); ${past} given: add ${add}`);
  }
  return problems.length === 0 ? undefined : problems.join('; ');
}

const suggest = (miB: number) => `${Math.max(1, Math.round(miB))} MiB`;

/** The log least-squares costs with the knee at `kneeMiB`. */
function fitAtKnee(points: readonly CreateTime[], kneeMiB: number) {
  const knee = kneeMiB * PAGES_PER_MIB;
  const rows = points.map((p) => {
    const pages = pagesOfMiB(p.enclaveMiB);
    return [1, pages, Math.max(0, pages - knee)];
  });
  return logLeastSquares(
    rows,
    points.map((p) => p.seconds),
  );
}

/** The integer in [lo, hi] where f is least (the first if tied); a wide range is scanned coarse, then around its best. */
export function argminOverIntegers(lo: number, hi: number, f: (x: number) => number): number | undefined {
  const scan = (from: number, to: number, step: number) => {
    let best: number | undefined;
    let bestValue = Infinity;
    for (let x = from; x <= to; x += step) {
      const value = f(x);
      if (value < bestValue) [best, bestValue] = [x, value];
    }
    return best;
  };
  const step = Math.max(1, Math.ceil((hi - lo + 1) / KNEES_AT_ONCE));
  const coarse = scan(lo, hi, step);
  if (coarse === undefined || step === 1) return coarse;
  return scan(Math.max(lo, coarse - step), Math.min(hi, coarse + step), 1);
}

/** The create time the simulator gives an enclave of `enclaveMiB` (alone on the host) with `costs` over `base`. */
export function predictedSeconds(base: SgxMachine, costs: CreationCosts, enclaveMiB: number): number {
  const profile = { ...base, ...costs };
  return creation(profile, 'v1', { codeMiB: 0, heapMiB: enclaveMiB }, 0, costs.epcMiB * PAGES_PER_MIB).seconds;
}
