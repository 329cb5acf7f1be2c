/**
 * Problems found in a scenario file, each located by file, line, column and path,
 * so that a user can jump to the spot without reading a stack trace.
 */

/** A path into a document: keys and list indices. */
export type PathSegment = string | number;
export type Path = PathSegment[];

/** A problem before it is located in the file. */
export interface Problem {
  path: Path;
  message: string;
  /** Not an error: the scenario runs, and the user is told (`warning: file:line:col: ...` on stderr). */
  warning?: boolean;
}

export interface ScenarioIssue {
  file: string;
  /** 1-based; 0 when the problem has no position (a missing file). */
  line: number;
  /** 1-based; 0 when the problem has no position. */
  column: number;
  /** `workload[0].arrivals.poisson`; '' for the whole file. */
  path: string;
  message: string;
}

/** `["workload", 0, "arrivals"]` -> `workload[0].arrivals`. Keys that contain dots stay as written. */
export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

export function formatIssue(issue: ScenarioIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.column}` : issue.file;
  return issue.path === '' ? `${where}: ${issue.message}` : `${where}: ${issue.path}: ${issue.message}`;
}

/** A warning as the CLI prints it: located like an error. */
export function formatWarning(issue: ScenarioIssue): string {
  return `warning: ${formatIssue(issue)}`;
}

export class ScenarioError extends Error {
  readonly issues: ScenarioIssue[];

  constructor(issues: ScenarioIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ScenarioError';
    this.issues = issues;
  }

  /** One line per issue: `scenarios/x.yaml:12:7: workload[0].arrivals.poisson: expected a rate ...`. */
  format(): string {
    return this.issues.map(formatIssue).join('\n');
  }
}

/** How a value is shown in a message: strings quoted, everything else as JSON, kept short. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = typeof value === 'number' && !Number.isFinite(value) ? String(value) : JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
