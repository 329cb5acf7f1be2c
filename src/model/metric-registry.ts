/**
 * The metric registry: every metric a run can report is declared once, beside the code that
 * records it (`declareMetrics`). What it is (quantity), how a run computes it (statistic), for
 * which groups (scopes) and on which platforms: validate's vocabulary, summary.csv's columns,
 * display units, claim-bound units and the README's metrics table all read it from here.
 * Layers above (metrics/names.ts) make sure the built-in declarations are loaded before asking.
 */

/** What a value is: it decides its display unit and the unit of a claim's bounds. */
export type Quantity = 'time' | 'rate' | 'MiB' | 'count' | 'ratio';

/**
 * How one run computes it: a `count` in the window (0 when nothing happened), a `mean` of
 * samples, a `quantile` (exact below 100 samples, else from a DDSketch), the `max` of samples, a
 * `gaugeMean` or `gaugePeak` (time average or maximum of a level), a `ratioOfSums` (one total
 * over another, or over the window). Every statistic but a count is empty (NaN) when it had no
 * observation.
 */
export type Statistic = 'count' | 'mean' | 'quantile' | 'max' | 'gaugeMean' | 'gaugePeak' | 'ratioOfSums';

/** The groups a metric is reported for: the whole run, each function, each chain of functions. */
export type Scope = 'run' | 'function' | 'chain';

/**
 * The metric layer of runs whose activations can be lost inside the platform (OpenWhisk with
 * `faults`): their metric kind is `<kind>+faults`, and only they report `failed` and its kin, so
 * a run without faults keeps exactly its columns.
 */
export const FAULTS_LAYER = 'faults';

/** Every platform kind, a user's too. */
export const ALL_PLATFORMS = 'all';
export type PlatformKinds = typeof ALL_PLATFORMS | readonly string[];

export interface MetricDeclaration {
  /** Dotted name, a column of summary.csv and what claims and charts name. */
  readonly name: string;
  readonly quantity: Quantity;
  readonly statistic: Statistic;
  /** Per scope, the platform kinds that report it; a scope absent is not reported. */
  readonly scopes: Readonly<Partial<Record<Scope, PlatformKinds>>>;
  /** One line for the README's metrics table. */
  readonly meaning: string;
  /**
   * A headline metric: summary.csv shows headline metrics first, in declaration order, then every
   * other metric by name (a stable order whichever folders declare them).
   */
  readonly headline?: boolean;
}

/** A layer's whole-run metrics on `kinds`, one line each: `time(name, statistic, meaning)`, `count(name, meaning)`. */
export function layerMetrics(kinds: PlatformKinds) {
  return {
    time: (name: string, statistic: Statistic, meaning: string) => ({ name, quantity: 'time', statistic, scopes: { run: kinds }, meaning }) as const,
    count: (name: string, meaning: string) => ({ name, quantity: 'count', statistic: 'count', scopes: { run: kinds }, meaning }) as const,
  };
}

/**
 * `latency.breakdown.<part>` for each part of a response time (a mean time, per run and per
 * function, on `kinds`): native OpenWhisk's parts and each layer's own are declared alike.
 */
export function breakdownMetrics(parts: Readonly<Record<string, string | { readonly meaning: string }>>, kinds: PlatformKinds): MetricDeclaration[] {
  return Object.entries(parts).map(([part, p]) => ({
    name: `latency.breakdown.${part}`,
    quantity: 'time',
    statistic: 'mean',
    scopes: { run: kinds, function: kinds },
    meaning: typeof p === 'string' ? p : p.meaning,
  }));
}

const registry = new Map<string, MetricDeclaration>();

/** Metrics by name, for the code that records them (`recorder.count(OPENWHISK_METRICS['evictions'].name)`). */
export type MetricsByName<D extends readonly MetricDeclaration[]> = { readonly [K in D[number]['name']]: MetricDeclaration };

/** Metrics by name, NOT registered: a layer's, which the record of layers registers (src/layers). */
export function defineMetrics<const D extends readonly MetricDeclaration[]>(declarations: D): MetricsByName<D> {
  return Object.fromEntries(declarations.map((d) => [d.name, d])) as MetricsByName<D>;
}

/**
 * Declares metrics: registers them and returns them by name for the code that records them. A name
 * declared twice is a programming error (the same declaration registered again is not).
 */
export function declareMetrics<const D extends readonly MetricDeclaration[]>(declarations: D): MetricsByName<D> {
  for (const declaration of declarations) {
    const known = registry.get(declaration.name);
    if (known === declaration) continue;
    if (known !== undefined) throw new Error(`metric ${JSON.stringify(declaration.name)} is declared twice`);
    registry.set(declaration.name, declaration);
  }
  return defineMetrics(declarations);
}

/** The declaration of a metric, if any module loaded so far declared it. */
export function declaredMetric(name: string): MetricDeclaration | undefined {
  return registry.get(name);
}

/** Every declaration loaded so far, in declaration order. */
export function declaredMetrics(): readonly MetricDeclaration[] {
  return [...registry.values()];
}

/** Whether a platform kind reports a declared metric at a scope. */
export function reportedOn(declaration: MetricDeclaration, kind: string, scope: Scope): boolean {
  const kinds = declaration.scopes[scope];
  return kinds === ALL_PLATFORMS || (kinds !== undefined && kinds.includes(kind));
}
