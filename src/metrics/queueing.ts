/**
 * Closed forms of classic queues, for validating the simulator and for users who want a
 * back-of-the-envelope figure beside a simulated one. `offered` is the load in Erlangs (lambda / mu).
 */

/** Erlang B: probability that an arrival finds all `servers` busy in M/G/c/c. Stable recurrence. */
export function erlangB(servers: number, offered: number): number {
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (offered * b) / (k + offered * b);
  return b;
}

/** Erlang C: probability of waiting in M/M/c (requires offered < servers). */
export function erlangC(servers: number, offered: number): number {
  if (offered >= servers) return 1;
  const b = erlangB(servers, offered);
  const rho = offered / servers;
  return b / (1 - rho + rho * b);
}

/** Mean wait in queue of M/M/c, seconds. */
export function mmcMeanWait(servers: number, arrivalRate: number, serviceRate: number): number {
  const offered = arrivalRate / serviceRate;
  if (offered >= servers) return Infinity;
  return erlangC(servers, offered) / (servers * serviceRate - arrivalRate);
}

/**
 * Stationary distribution of M/M/c/K with `servers` servers and `queue` waiting places
 * (capacity servers + queue): p[n] for n = 0 .. servers + queue.
 */
export function mmcKDistribution(servers: number, queue: number, arrivalRate: number, serviceRate: number): number[] {
  const capacity = servers + queue;
  const p = [1];
  for (let n = 1; n <= capacity; n++) p.push((p[n - 1] * arrivalRate) / (Math.min(n, servers) * serviceRate));
  const total = p.reduce((s, v) => s + v, 0);
  return p.map((v) => v / total);
}

/** Probability that an arrival is turned away in M/M/c/K (PASTA: the chance the system is full). */
export function mmcKBlocking(servers: number, queue: number, arrivalRate: number, serviceRate: number): number {
  const p = mmcKDistribution(servers, queue, arrivalRate, serviceRate);
  return p[p.length - 1];
}

/**
 * A FIFO single server with deterministic service `serviceSeconds` when n requests arrive at
 * once (a storm): the k-th waits (k - 1) s, so the mean wait is s (n - 1) / 2 and the mean time
 * in the system s (n + 1) / 2.
 */
export function batchArrivalSingleServer(n: number, serviceSeconds: number): { meanWaitSeconds: number; meanTimeSeconds: number } {
  return { meanWaitSeconds: (serviceSeconds * (n - 1)) / 2, meanTimeSeconds: (serviceSeconds * (n + 1)) / 2 };
}
