/**
 * The books of what a host has and what its tenants hold: memory on an OpenWhisk invoker, and
 * the next layers' EPC. Any model may keep one; it knows nothing of containers or enclaves.
 *
 * A `hard` resource refuses what does not fit (`fits` is false beyond the capacity; the caller
 * evicts or waits). A `soft` resource always fits: over-commit is allowed and the caller reads
 * `overcommitted` to charge its cost in time (EPC paging). Which one a resource is can be a
 * scenario's choice (`paging: avoid` makes the EPC hard).
 */
export type ResourceMode = 'hard' | 'soft';

export interface ResourceSpec {
  /** Name with its unit, e.g. `memoryMiB`, `epcMiB`. */
  name: string;
  capacity: number;
  mode: ResourceMode;
}

export class Resource {
  /** What the tenants hold now (may exceed `capacity` for a soft resource, or transiently by a caller's choice). */
  used = 0;

  constructor(
    readonly name: string,
    readonly capacity: number,
    readonly mode: ResourceMode,
  ) {}

  /** Whether `amount` more can be held: always for a soft resource. */
  fits(amount: number): boolean {
    return this.mode === 'soft' || this.used + amount <= this.capacity;
  }

  charge(amount: number): void {
    this.used += amount;
  }

  release(amount: number): void {
    this.used -= amount;
  }

  /** What is held beyond the capacity (0 when within it). */
  get overcommitted(): number {
    return this.used > this.capacity ? this.used - this.capacity : 0;
  }
}

/**
 * What a tenant holds of each resource of a ledger, by the ledger's resource index. A tenant
 * created from a spec (an action, a stem-cell config) shares that spec's demand array.
 */
export type Demand = ArrayLike<number>;

/**
 * Several resources of one host, charged together by a demand vector. Resource 0 is the one the
 * host is sized by (memory for an invoker); the others are added by the layers that need them.
 */
export class Ledger {
  readonly resources: Resource[];

  constructor(specs: readonly ResourceSpec[]) {
    if (specs.length === 0) throw new Error('a ledger needs at least one resource');
    const names = new Set(specs.map((s) => s.name));
    if (names.size !== specs.length) throw new Error(`ledger resources must have distinct names: ${specs.map((s) => s.name).join(', ')}`);
    this.resources = specs.map((s) => new Resource(s.name, s.capacity, s.mode));
  }

  /** The index of a resource by name (for a demand vector), or -1. */
  indexOf(name: string): number {
    return this.resources.findIndex((r) => r.name === name);
  }

  /** Whether every resource can hold its part of `demand` (soft ones always can). */
  fits(demand: Demand): boolean {
    const rs = this.resources;
    for (let i = 0; i < rs.length; i++) if (!rs[i].fits(demand[i] ?? 0)) return false;
    return true;
  }

  charge(demand: Demand): void {
    const rs = this.resources;
    for (let i = 0; i < rs.length; i++) rs[i].charge(demand[i] ?? 0);
  }

  release(demand: Demand): void {
    const rs = this.resources;
    for (let i = 0; i < rs.length; i++) rs[i].release(demand[i] ?? 0);
  }
}
