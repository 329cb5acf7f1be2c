/**
 * Loads a scenario file into its runs: every variant at every sweep point, validated, in
 * base units. All problems are collected and thrown together as one ScenarioError, each
 * located where the author wrote the value (base document, variant patch or sweep list).
 */
import { readFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { parseCharts } from './charts.js';
import { checkFunctionNames, checkRun, toRunSpec } from './checks.js';
import { resolveTraces, type TraceFiles } from './traces.js';
import { expandFamilies } from './families.js';
import { parseClaims } from './claims.js';
import type { MetricPlace } from './metric-check.js';
import { expandHardwareShorthand, reachModelDefault, withHardwareFrom } from './model-paths.js';
import { hardwareFrom } from '../schema/hardware-profiles.js';
import { expandSecurityShorthand, hardwareSchema, metricKindOf } from '../layers/index.js';
import type { Path, Problem, ScenarioIssue } from '../schema/errors.js';
import { ScenarioError, formatPath } from '../schema/errors.js';
import { inputFileProblem } from '../schema/input-files.js';
import type { Write } from './patch.js';
import { applyPatch, resolvePath, setPath, sourceOf } from './patch.js';
import { FILE_LEVEL_KEYS, reachDocumentDefault, runSchema, VARIANT_FIXED_KEYS } from './run-schema.js';
import type { SweepAxis } from './sweep.js';
import { gridPoints, parseSweep, sweepUnitOf } from './sweep.js';
import type { RunSpec, Scenario, SweepUnit } from '../schema/types.js';
import { BASE_VARIANT, parseBaseline, parseVariants } from './variants.js';
import type { Variant } from './variants.js';
import { parseSource } from '../schema/yaml-source.js';
import { SCENARIO_EXTENSIONS } from './find-files.js';
import { PARSE_OPTIONS, problemsFromZod } from '../schema/zod-issues.js';
import { isPlainObject } from '../schema/zod-helpers.js';
import { zNonNegativeInt, zPositiveInt } from '../schema/zod-units.js';

/** How a scenario file is read. */
export interface LoadOptions {
  /** Read a scenario or trace file larger than its limit (INPUT_FILE_LIMITS). */
  force?: boolean;
  /**
   * The folder relative paths are read from (default: the current one). The scenario keeps the
   * paths as given (its file, its traces), so that it is the same scenario wherever it is read from.
   */
  base?: string;
}

/** Reads and validates a scenario file (YAML or JSON). Throws ScenarioError listing every problem. */
export function loadScenario(file: string, options: LoadOptions = {}): Scenario {
  const noPosition = (message: string) => new ScenarioError([{ file, line: 0, column: 0, path: '', message }]);
  if (!SCENARIO_EXTENSIONS.includes(extname(file).toLowerCase())) {
    throw noPosition(`expected a scenario file ending in ${SCENARIO_EXTENSIONS.join(', ')}`);
  }
  const path = resolve(options.base ?? '', file);
  const problem = inputFileProblem(path, 'scenario', options);
  if (problem !== undefined) throw noPosition(`cannot read the scenario: ${problem}`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw noPosition(`cannot read the scenario: ${(error as Error).message}`);
  }
  return parseScenario(text, file, options);
}

/** Validates scenario text; `file` is used in messages and recorded in the result, its folder is where trace paths start. */
export function parseScenario(text: string, file: string, options: LoadOptions = {}): Scenario {
  const parsed = parseSource(text.replace(/^\uFEFF/, ''));
  if ('problems' in parsed) {
    throw new ScenarioError(parsed.problems.map((p) => ({ file, line: p.line, column: p.column, path: '', message: p.message })));
  }
  const { data, locate } = parsed;
  if (!isPlainObject(data)) {
    const { line, column } = locate([]);
    throw new ScenarioError([{ file, line, column, path: '', message: 'a scenario is a mapping with name, duration, platform, functions and workload' }]);
  }
  const issues = new IssueCollector();
  const warnings = new IssueCollector();
  const source = structuredClone(data);

  const { variants, problems: variantProblems } = parseVariants(data.variants);
  issues.addAll(variantProblems);
  const { axes, problems: sweepProblems } = parseSweep(data.sweep, FILE_LEVEL_KEYS);
  issues.addAll(sweepProblems);

  const runs: RunSpec[] = [];
  const traces: TraceFiles = { folder: dirname(file), base: options.base ?? '', force: options.force === true };
  const missingAxes = new Map<SweepAxis, string[]>();
  // Each variant before its sweep values: to tell the problems a sweep point causes.
  const unswept = new IssueCollector();
  for (const variant of variants) {
    runs.push(...variantRuns(data, variant, axes, { traces, issues, unswept, missingAxes, warnings }));
  }
  // The base on its own, to tell the problems a variant's changes cause from the base's own.
  const baseIssues = new IssueCollector();
  if (data.variants !== undefined) {
    variantRuns(data, { name: BASE_VARIANT, patch: {} }, axes, { traces, issues: baseIssues, unswept: new IssueCollector(), missingAxes: new Map(), warnings: new IssueCollector() });
  }
  // A sweep over `hardware` replaces the base's at every point, so no run reads what the file writes
  // there; it is still the user's, and a wrong one (a missing profile file) is reported, not ignored.
  if (data.hardware !== undefined && axes.some((a) => a.key === 'hardware')) {
    const base = hardwareSchema.safeParse(hardwareFrom(data.hardware, traces.folder), PARSE_OPTIONS);
    if (!base.success) issues.addAll(problemsFromZod(base.error.issues).map((p) => ({ ...p, path: ['hardware', ...p.path] })));
  }
  for (const [axis, missingIn] of missingAxes) {
    const where = missingIn.length === variants.length ? 'in the scenario' : `in variant ${missingIn.join(', ')}`;
    issues.add({ path: axis.source, message: `${axis.key} does not exist ${where}: a sweep only changes values that are there` });
  }
  // With runs missing (their problems reported), the charts' check of which platform reports a
  // metric would see only the runs that built, and blame the chart for the variant's problem.
  const runsComplete = issues.size === 0;

  const variantNames = variants.map((v) => v.name);
  // the names as written: a variant with a problem of its own is still one a baseline may name
  const { baseline, problems: baselineProblems } = parseBaseline(data.baseline, isPlainObject(data.variants) ? Object.keys(data.variants) : variantNames);
  issues.addAll(baselineProblems);
  const { claims, problems: claimProblems } = parseClaims(data.claims, {
    variants: variantNames,
    axes,
    functionsOf: (variant) => functionNamesOf(runs, variant),
    chainsOf: (variant) => chainNamesOf(runs, variant),
    platformsOf: (variant) => platformsOf(runs, variant),
  });
  issues.addAll(claimProblems);
  const { charts, problems: chartProblems } = parseCharts(data.charts, {
    sweepPaths: axes.map((a) => a.key),
    platforms: runsComplete ? platformKindsOf(runs) : [],
    folder: dirname(file),
    ...(baseline === undefined ? {} : { baseline }),
    ...(runs.length === 0 ? {} : { functions: runs[0].functions.map((f) => f.name) }),
  });
  issues.addAll(chartProblems);

  const found = issues.located(file, locate, { base: data.variants === undefined ? undefined : baseIssues, unswept, axes });
  if (found.length > 0) throw new ScenarioError(found);

  const seed = zNonNegativeInt.default(1).safeParse(data.seed);
  const replications = zPositiveInt.default(1).safeParse(data.replications);
  const description = typeof data.description === 'string' ? data.description : undefined;
  const warned = warnings.located(file, locate, { unswept: new IssueCollector(), axes });
  return {
    name: runs[0].scenario,
    file,
    ...(description === undefined ? {} : { description }),
    seed: seed.success ? seed.data : runs[0].seed,
    replications: replications.success ? replications.data : runs[0].replications,
    variants: variantNames,
    ...(baseline === undefined ? {} : { baseline }),
    sweepPaths: axes.map((a) => a.key),
    sweepUnits: sweepUnitsOf(axes),
    runs,
    claims,
    charts,
    source,
    ...(warned.length === 0 ? {} : { warnings: warned }),
  };
}

interface RunsSink {
  /** Where trace files are (and, by its folder, hardware profile files): relative to the scenario file's folder. */
  traces: TraceFiles;
  issues: IssueCollector;
  /** Problems of the variant's document before sweep values are written. */
  unswept: IssueCollector;
  /** Sweep axis -> the variants its path does not exist in. */
  missingAxes: Map<SweepAxis, string[]>;
  /** Warnings of the runs (they do not stop the scenario). */
  warnings: IssueCollector;
}

/** The runs of one variant, one per sweep point; problems go to `sink.issues`. */
function variantRuns(data: Record<string, unknown>, variant: Variant, axes: readonly SweepAxis[], sink: RunsSink): RunSpec[] {
  const { issues, missingAxes } = sink;
  const document = structuredClone(data);
  const writes: Write[] = [];
  // `security: sgx` as { mode: sgx }, before and after the patch, so that variants and sweeps reach its keys; `hardware: NAME` likewise for the patch.
  expandSecurityShorthand(document.platform);
  const collapseHardware = expandHardwareShorthand(document);
  issues.addAll(applyPatch(document, variant.patch, ['variants', variant.name], VARIANT_FIXED_KEYS, writes), variant.name);
  collapseHardware();
  expandSecurityShorthand(document.platform);

  const targets: Path[] = [];
  for (const axis of axes) {
    // An OpenWhisk default the file does not write is there too (from the model file).
    const target = resolvePath(document, axis.segments) ?? reachDocumentDefault(document, axis.segments) ?? reachModelDefault(document, axis.segments, sink.traces.folder);
    if (target === undefined) missingAxes.set(axis, [...(missingAxes.get(axis) ?? []), variant.name]);
    else targets.push(target);
  }
  issues.addAll(variantWritesSwept(variant.name, writes, axes, targets), variant.name);
  // Without every axis in place the points cannot be built; still check the variant itself.
  const points = targets.length === axes.length ? gridPoints(axes) : [];
  if (points.length === 0) {
    validate(document, sink.traces, writes, variant.name, issues, sink.warnings);
    return [];
  }
  if (axes.length > 0) validate(document, sink.traces, writes, variant.name, sink.unswept, new IssueCollector());
  const runs: RunSpec[] = [];
  points.forEach((indices, pointIndex) => {
    const pointDocument = axes.length === 0 ? document : structuredClone(document);
    const pointWrites = [...writes];
    const point: Record<string, number | string> = {};
    axes.forEach((axis, a) => {
      const i = indices[a];
      setPath(pointDocument, targets[a], axis.values[i]);
      pointWrites.push({ target: targets[a], source: [...axis.source, i] });
      point[axis.key] = axis.baseValues[i];
    });
    const resolved = validate(pointDocument, sink.traces, pointWrites, variant.name, issues, sink.warnings, indices);
    if (resolved) runs.push(toRunSpec(resolved, variant.name, point, pointIndex));
  });
  return runs;
}

function validate(written: unknown, traces: TraceFiles, writes: readonly Write[], variant: string, issues: IssueCollector, warnings: IssueCollector, point?: readonly number[]) {
  // Function families and workload globs expanded: the schema and checks see one entry per function.
  const { document, problems: familyProblems, pathBack } = expandFamilies(written);
  const result = runSchema.safeParse(withHardwareFrom(document, traces.folder), PARSE_OPTIONS);
  const problems = checkFunctionNames(document);
  problems.push(...(result.success ? [...checkRun(result.data), ...resolveTraces(result.data, traces)] : problemsFromZod(result.error.issues)));
  const all = [...familyProblems, ...problems.map((p) => ({ path: pathBack(p.path), message: p.message, warning: p.warning }))];
  let errors = 0;
  for (const problem of all) {
    const located = { path: sourceOf(problem.path, writes), message: problem.message };
    if (problem.warning === true) warnings.add(located, variant, point);
    else (errors++, issues.add(located, variant, point));
  }
  return result.success && errors === 0 ? result.data : undefined;
}

/** Platform kinds of the variant's runs, and whether one has several functions; undefined when it has no runs. */
function platformsOf(runs: readonly RunSpec[], variant: string): { kinds: Set<string>; severalFunctions: boolean } | undefined {
  let kinds: Set<string> | undefined;
  let severalFunctions = false;
  for (const run of runs) {
    if (run.variant !== variant) continue;
    (kinds ??= new Set()).add(metricKindOf(run));
    if (run.functions.length >= 2) severalFunctions = true;
  }
  return kinds === undefined ? undefined : { kinds, severalFunctions };
}

/** Each platform kind of the runs with the variants that run on it (whole-run metrics). */
function platformKindsOf(runs: readonly RunSpec[]): MetricPlace[] {
  const places: MetricPlace[] = [];
  for (const run of runs) {
    const kind = metricKindOf(run);
    let place = places.find((p) => p.kind === kind);
    if (place === undefined) places.push((place = { kind, scope: 'run', variants: [] }));
    if (!place.variants.includes(run.variant)) place.variants.push(run.variant);
  }
  return places;
}

/** Function names present in every run of `variant`; undefined when it has no runs. */
function functionNamesOf(runs: readonly RunSpec[], variant: string): Set<string> | undefined {
  return namesInEveryRun(runs, variant, (run) => run.functions.map((f) => f.name));
}

/** Chain names present in every run of `variant`; undefined when it has no runs. */
function chainNamesOf(runs: readonly RunSpec[], variant: string): Set<string> | undefined {
  return namesInEveryRun(runs, variant, (run) => (run.chains ?? []).map((c) => c.name));
}

function namesInEveryRun(runs: readonly RunSpec[], variant: string, namesOf: (run: RunSpec) => string[]): Set<string> | undefined {
  let names: Set<string> | undefined;
  for (const run of runs) {
    if (run.variant !== variant) continue;
    const here = new Set(namesOf(run));
    names = names === undefined ? here : new Set([...names].filter((n) => here.has(n)));
  }
  return names;
}

/** Problems deduplicated by place and message, remembering which variants and sweep points showed each. */
class IssueCollector {
  private readonly byKey = new Map<string, { problem: Problem; variants: Set<string>; points: Map<string, readonly number[]> }>();

  private static key(problem: Problem): string {
    return `${formatPath(problem.path)}\u0000${problem.message}`;
  }

  /** `point`: the sweep point (value indices, one per axis) whose document showed the problem. */
  add(problem: Problem, variant?: string, point?: readonly number[]): void {
    const key = IssueCollector.key(problem);
    let entry = this.byKey.get(key);
    if (!entry) {
      entry = { problem, variants: new Set(), points: new Map() };
      this.byKey.set(key, entry);
    }
    if (variant !== undefined) entry.variants.add(variant);
    if (point !== undefined && point.length > 0) entry.points.set(point.join(','), point);
  }

  addAll(problems: readonly Problem[], variant?: string): void {
    for (const problem of problems) this.add(problem, variant);
  }

  get size(): number {
    return this.byKey.size;
  }

  has(problem: Problem): boolean {
    return this.byKey.has(IssueCollector.key(problem));
  }

  /**
   * Located issues in file order. A problem located in the base document (or the sweep) that
   * the base alone does not have names the variants that cause it; one located outside the
   * sweep that the documents before their sweep values do not have names the sweep points.
   */
  located(
    file: string,
    locate: (path: Path) => { line: number; column: number },
    context: { base?: IssueCollector; unswept: IssueCollector; axes: readonly SweepAxis[] },
  ): ScenarioIssue[] {
    const { base, unswept, axes } = context;
    const out: ScenarioIssue[] = [];
    for (const { problem, variants, points } of this.byKey.values()) {
      let message = problem.message;
      const notes: string[] = [];
      if (base && variants.size > 0 && problem.path[0] !== 'variants' && !base.has(problem)) {
        const merges = message.startsWith('unknown key') ? ', which merges into the base: set the key to null there to remove it' : '';
        notes.push(`in variant ${[...variants].join(', ')}${merges}`);
      }
      if (points.size > 0 && problem.path[0] !== 'sweep' && !unswept.has(problem)) notes.push(describePoints(axes, [...points.values()]));
      if (notes.length > 0) message += ` (${notes.join('; ')})`;
      out.push({ file, ...locate(problem.path), path: formatPath(problem.path), message });
    }
    return out.sort((a, b) => a.line - b.line || a.column - b.column);
  }
}

/**
 * The sweep points a problem showed at, as briefly as is exact: when they are all the
 * combinations of some values of each dimension (an axis, or a zip's linked axes), only the
 * dimensions not at every value are named (`at sweep point platform.kind: openwhisk`); otherwise
 * the points, the first few.
 */
export function describePoints(axes: readonly SweepAxis[], points: readonly (readonly number[])[]): string {
  const dimensions = [...new Set(axes.map((a) => a.dimension))].map((d) => axes.flatMap((axis, a) => (axis.dimension === d ? [a] : [])));
  // a dimension's value i: each of its axes at item i
  const show = (members: readonly number[], i: number) => members.map((a) => `${axes[a].key}: ${String(axes[a].values[i])}`).join(', ');
  const perDimension = dimensions.map((members) => [...new Set(points.map((p) => p[members[0]]))].sort((x, y) => x - y));
  const combinations = perDimension.reduce((n, values) => n * values.length, 1);
  if (combinations === points.length) {
    // A dimension at all its values did not cause it, unless it has only one.
    const named = perDimension
      .map((values, d) => ({ values, members: dimensions[d] }))
      .filter(({ values, members }) => values.length < axes[members[0]].values.length || values.length === 1);
    if (named.length === 0) return 'at every sweep point';
    const parts = named.map(({ values, members }) => values.map((i) => show(members, i)).join(' or '));
    return `at sweep point${named.some(({ values }) => values.length > 1) ? 's' : ''} ${parts.join(', ')}`;
  }
  const listed = points.slice(0, 3).map((p) => p.map((i, a) => `${axes[a].key}: ${String(axes[a].values[i])}`).join(', '));
  const more = points.length > 3 ? ` and ${points.length - 3} more` : '';
  return `at sweep points ${listed.join('; ')}${more}`;
}

/**
 * Locates problems found after loading (e.g. the size check before a run) in the scenario's file:
 * at the path, or its deepest part that the file writes; at the file alone if it cannot be read.
 */
export function locateProblems(file: string, problems: readonly Problem[]): ScenarioIssue[] {
  let locate: ((path: Path) => { line: number; column: number }) | undefined;
  try {
    const parsed = parseSource(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
    if (!('problems' in parsed)) locate = parsed.locate;
  } catch {
    // no file to point into (a scenario built in code): the message alone
  }
  return problems.map((p) => ({ file, ...(locate?.(p.path) ?? { line: 0, column: 0 }), path: formatPath(p.path), message: p.message }));
}

/** Each sweep path whose values carry a unit, with that unit's quantity. */
function sweepUnitsOf(axes: readonly SweepAxis[]): Record<string, SweepUnit> {
  const units: Record<string, SweepUnit> = {};
  for (const axis of axes) {
    const unit = sweepUnitOf(axis.values);
    if (unit !== undefined) units[axis.key] = unit;
  }
  return units;
}

/**
 * A variant's value at a path the sweep sets (or below it) would be replaced at every point, so
 * the variant would silently not be what it says: refused, located at the variant's key.
 */
function variantWritesSwept(variant: string, writes: readonly Write[], axes: readonly SweepAxis[], targets: readonly Path[]): Problem[] {
  const problems: Problem[] = [];
  if (targets.length !== axes.length) return problems;
  for (const write of writes) {
    const a = targets.findIndex((t) => t.length <= write.target.length && t.every((segment, i) => String(segment) === String(write.target[i])));
    if (a < 0) continue;
    problems.push({
      path: write.source,
      message: `variant ${variant} sets a value the sweep sets at every point (sweep: ${axes[a].key}), so the variant's value would never be used: remove it from the variant, or sweep it in a scenario of its own`,
    });
  }
  return problems;
}
