import type { Invoker } from './invoker.js';

/**
 * Stem cells (model §3.4): the initial ones, a replacement when one is taken, and the periodic
 * check (ttl expiry, reactive top-up from the cold starts since the last check).
 */
export class Prewarms {
  constructor(private readonly invoker: Invoker) {}

  /** Initial stem cells: initialCount per config, if memory allows. */
  start(): void {
    this.invoker.ctx.params.prewarm.stemCells.forEach((cell, i) => this.topUp(i, cell.initialCount));
  }

  /** A stem cell of config `i` was taken: start its replacement if there is room. */
  replace(i: number): void {
    if (this.invoker.pool.hasRoomFor(this.invoker.ctx.stemCellDemands[i])) this.invoker.lifecycle.createStemCell(i);
  }

  /** After a container is removed with replacePrewarm: each config back to its minCount (reactive) or initialCount. */
  backfill(): void {
    this.invoker.ctx.params.prewarm.stemCells.forEach((cell, i) => this.topUp(i, cell.reactive === null ? cell.initialCount : cell.reactive.minCount));
  }

  /** Starts stem cells of config `i` until ready + starting reach `desired`, while memory allows. */
  private topUp(i: number, desired: number): void {
    const { pool, lifecycle, ctx } = this.invoker;
    const demand = ctx.stemCellDemands[i];
    for (let n = pool.prewarmed[i].length + pool.prewarmStarting[i]; n < desired && pool.hasRoomFor(demand); n++) lifecycle.createStemCell(i);
  }

  /**
   * The periodic prewarm check, as ContainerPool's adjustPrewarmedContainer(scheduled): remove the
   * expired stem cells of every reactive config in order of expiry, at most `expirationLimit` in
   * all (removeExpired), then top each config up to its desired count if memory allows.
   */
  adjust(now: number): void {
    const { pool, lifecycle, ctx } = this.invoker;
    const { stemCells, expirationLimit } = ctx.params.prewarm;
    const expired = stemCells.flatMap((cell, i) => (cell.reactive === null ? [] : pool.prewarmed[i].filter((c) => c.expiresAt <= now)));
    expired.sort((x, y) => x.expiresAt - y.expiresAt || x.id - y.id);
    for (const c of expired.slice(0, expirationLimit)) {
      const ready = pool.prewarmed[c.stemCell];
      ready.splice(ready.indexOf(c), 1);
      lifecycle.remove(c);
    }
    stemCells.forEach((cell, i) => {
      const cold = pool.coldStartsSinceCheck[i];
      const r = cell.reactive;
      const desired = r === null ? cell.initialCount : cold === 0 ? r.minCount : Math.min(r.maxCount, Math.max(r.minCount, Math.floor(cold / r.threshold) * r.increment));
      pool.coldStartsSinceCheck[i] = 0;
      this.topUp(i, desired);
    });
  }
}
