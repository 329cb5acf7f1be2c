/**
 * Least squares on the logs for a model linear in non-negative coefficients: y_i ~ x_i . theta,
 * theta >= 0, every y_i > 0, minimising sum (ln(x_i . theta) - ln y_i)^2, i.e. relative errors
 * weighed alike whether a time is 30 ms or 13 s. The model is linear in theta, its log is not:
 * Gauss-Newton from the weighted linear fit of the relative errors (weights 1/y_i^2, the same to
 * first order), halving a step that does not improve. Non-negativity: when the free fit has a
 * negative coefficient, each set of coefficients held at 0 is tried (a handful of coefficients:
 * 2^k - 1 sets) and the best feasible fit kept.
 * No library of package.json fits several coefficients (simple-statistics regresses on one).
 */

export interface LogFit {
  coefficients: number[];
  /** sum of squared log residuals */
  sumOfSquares: number;
}

const MAX_ITERATIONS = 100;
/** Gauss-Newton stops when its step would change no model value by more than this share. */
const TOLERANCE = 1e-10;

/** The best fit with every coefficient >= 0, or undefined when no set of free coefficients can be solved (a singular design). */
export function logLeastSquares(rows: readonly (readonly number[])[], y: readonly number[]): LogFit | undefined {
  const k = rows[0]?.length ?? 0;
  const all = fitFree(rows, y);
  if (all !== undefined && all.coefficients.every((c) => c >= 0)) return all;
  let best: LogFit | undefined;
  for (let set = 1; set < (1 << k) - 1; set++) {
    const free = Array.from({ length: k }, (_, j) => j).filter((j) => (set >> j) & 1);
    const fit = fitFree(rows.map((r) => free.map((j) => r[j])), y);
    if (fit === undefined || fit.coefficients.some((c) => c < 0)) continue;
    if (best === undefined || fit.sumOfSquares < best.sumOfSquares) {
      const coefficients = new Array<number>(k).fill(0);
      free.forEach((j, a) => (coefficients[j] = fit.coefficients[a]));
      best = { coefficients, sumOfSquares: fit.sumOfSquares };
    }
  }
  return best;
}

/** Unconstrained log least squares over all columns of `rows`. */
function fitFree(rows: readonly (readonly number[])[], y: readonly number[]): LogFit | undefined {
  // Relative errors first: (x_i . theta - y_i) / y_i, a linear least squares problem.
  const start = leastSquares(
    rows.map((r, i) => r.map((v) => v / y[i])),
    y.map(() => 1),
  );
  if (start === undefined) return undefined;
  let theta: number[] = start;
  let sum = sumOfSquares(rows, y, theta);
  for (let iteration = 0; iteration < MAX_ITERATIONS && Number.isFinite(sum); iteration++) {
    const model = rows.map((r) => dot(r, theta));
    // residual ln(m_i / y_i), its gradient x_i / m_i: solve J step = -r
    const step = leastSquares(
      rows.map((r, i) => r.map((v) => v / model[i])),
      model.map((m, i) => -Math.log(m / y[i])),
    );
    if (step === undefined) break;
    if (rows.every((r, i) => Math.abs(dot(r, step)) <= TOLERANCE * model[i])) break;
    let scale = 1;
    let next: number[] = theta;
    let nextSum = sum;
    for (; scale > 1e-10; scale /= 2) {
      next = theta.map((t, j) => t + scale * step[j]);
      nextSum = sumOfSquares(rows, y, next);
      if (nextSum < sum) break;
    }
    if (!(nextSum < sum)) break;
    theta = next;
    sum = nextSum;
  }
  return Number.isFinite(sum) ? { coefficients: theta, sumOfSquares: sum } : undefined;
}

const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, v, j) => s + v * b[j], 0);

/** Sum of squared log residuals; Infinity when the model is not > 0 at every point. */
function sumOfSquares(rows: readonly (readonly number[])[], y: readonly number[], theta: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < rows.length; i++) {
    const m = dot(rows[i], theta);
    if (!(m > 0)) return Infinity;
    sum += Math.log(m / y[i]) ** 2;
  }
  return sum;
}

/**
 * Linear least squares min |A t - b| by Householder QR, on columns scaled to unit length (the
 * columns here differ by orders of magnitude: 1 and a page count); undefined when a column is
 * (numerically) a combination of the others, or there are fewer rows than columns.
 */
export function leastSquares(a: readonly (readonly number[])[], b: readonly number[]): number[] | undefined {
  const n = a.length;
  const k = a[0]?.length ?? 0;
  if (n < k) return undefined;
  const norms = Array.from({ length: k }, (_, j) => Math.hypot(...a.map((r) => r[j])));
  if (norms.some((v) => !(v > 0))) return undefined;
  const r = a.map((row) => row.map((v, j) => v / norms[j]));
  const q = [...b];
  for (let c = 0; c < k; c++) {
    // the reflection that zeroes column c below the diagonal, applied to R and to b
    const alpha = -Math.sign(r[c][c] || 1) * Math.hypot(...r.slice(c).map((row) => row[c]));
    const v = r.slice(c).map((row, i) => row[c] - (i === 0 ? alpha : 0));
    const vv = v.reduce((s, x) => s + x * x, 0);
    if (vv === 0) continue;
    for (let j = c; j < k; j++) reflect(v, vv, c, (i) => r[i][j], (i, x) => (r[i][j] = x));
    reflect(v, vv, c, (i) => q[i], (i, x) => (q[i] = x));
  }
  // unit-length columns: a diagonal this small means a dependent column
  if (r.slice(0, k).some((row, c) => Math.abs(row[c]) < 1e-10)) return undefined;
  const t = new Array<number>(k).fill(0);
  for (let c = k - 1; c >= 0; c--) {
    let sum = q[c];
    for (let j = c + 1; j < k; j++) sum -= r[c][j] * t[j];
    t[c] = sum / r[c][c];
  }
  return t.map((x, j) => x / norms[j]);
}

/** x <- x - 2 v (v . x) / (v . v) on entries c.. of a column read by `get` and written by `set`. */
function reflect(v: readonly number[], vv: number, c: number, get: (i: number) => number, set: (i: number, x: number) => void): void {
  let d = 0;
  for (let i = 0; i < v.length; i++) d += v[i] * get(c + i);
  const f = (2 * d) / vv;
  for (let i = 0; i < v.length; i++) set(c + i, get(c + i) - f * v[i]);
}
