/**
 * The scenario's `scale`: one factor on every arrival stream at once, so that a sweep
 * `scale: [0.5, 1, 2]` (or a variant `scale: 2`) scales the whole load without naming each entry.
 * Open arrivals scale their rates (an MMPP both rates, a trace its invocations); a closed loop its
 * clients (its users think as before: more users, not impatient ones), which must stay whole.
 */
import type { ArrivalSpec } from '../schema/types.js';

/** The arrivals at `factor` times the load, or why they cannot be (a closed loop's clients not whole). */
export function scaleArrivals(arrivals: ArrivalSpec, factor: number): ArrivalSpec | string {
  if (factor === 1) return arrivals;
  switch (arrivals.kind) {
    case 'poisson':
    case 'constant':
      return { ...arrivals, ratePerSecond: arrivals.ratePerSecond * factor };
    case 'mmpp':
      return { ...arrivals, onRatePerSecond: arrivals.onRatePerSecond * factor, offRatePerSecond: arrivals.offRatePerSecond * factor };
    case 'trace':
      return { ...arrivals, scale: arrivals.scale * factor };
    case 'closedLoop': {
      const clients = arrivals.clients * factor;
      const whole = Math.round(clients);
      if (whole < 1 || Math.abs(clients - whole) > 1e-9 * clients) {
        return `scale ${factor} would make ${arrivals.clients} closed-loop clients ${Number(clients.toPrecision(6))}: scale multiplies a closed loop's clients, which must stay a whole number >= 1`;
      }
      return { ...arrivals, clients: whole };
    }
  }
}
