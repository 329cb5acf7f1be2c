/**
 * Readers of the Azure Functions public traces (Azure/AzurePublicDataset on GitHub):
 * - 2019 (Shahrad et al., ATC'20): `invocations_per_function_md.anon.dNN.csv`, one row per
 *   function: HashOwner, HashApp, HashFunction, Trigger, then 1440 per-minute invocation counts;
 * - 2021 (Zhang et al., SOSP'21): `AzureFunctionsInvocationTraceForTwoWeeksJan2021.txt`, one row
 *   per invocation: app, func, end_timestamp, duration (seconds); it arrived at end - duration.
 * The format is told from the header. Files are read line by line (the real ones are hundreds of
 * MB); only the chosen function's data is kept, and kept once per process.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { inputFileProblem } from '../schema/input-files.js';

export type TraceFormat = 'azure2019' | 'azure2021';

/** Which function of a trace: its hash, and its app's when the hash alone is ambiguous (2021: func ids repeat across apps). */
export interface TraceFunctionRef {
  function: string;
  app?: string;
}

export type TraceArrivals =
  /** Invocations in each minute from the start of the trace. */
  | { format: 'azure2019'; perMinute: number[] }
  /** Arrival instants in seconds from the start of the trace, ascending. */
  | { format: 'azure2021'; arrivalSeconds: Float64Array };

/** A trace that cannot be used: the message says why (and where in the file); `about` what the scenario got wrong. */
export class TraceError extends Error {
  constructor(
    message: string,
    readonly about: 'file' | 'function' = 'file',
  ) {
    super(message);
  }
}

const HEADERS: Record<TraceFormat, readonly string[]> = {
  azure2019: ['HashOwner', 'HashApp', 'HashFunction', 'Trigger'],
  azure2021: ['app', 'func', 'end_timestamp', 'duration'],
};

/** A line longer than this is not a trace's (2019 lines hold 4 hashes and 1440 counts: a few KiB). */
const MAX_LINE_BYTES = 1 << 20;

/**
 * Calls `onLine(text, lineNumber)` for every line (1-based); stops early when it returns false.
 * Only a regular file is read (a device or pipe may never end), and a line may not grow past
 * MAX_LINE_BYTES (a file without line ends would fill memory).
 */
export function forEachLine(file: string, onLine: (line: string, lineNumber: number) => boolean | void): void {
  const problem = inputFileProblem(file);
  if (problem !== undefined) throw new TraceError(`cannot read the trace ${file}: ${problem}`);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw new TraceError(`cannot read the trace ${file}: ${(error as Error).message}`);
  }
  try {
    const chunk = Buffer.alloc(1 << 20);
    let rest = '';
    let lineNumber = 0;
    for (;;) {
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      const lines = (rest + chunk.toString('utf8', 0, read)).split('\n');
      rest = lines.pop()!;
      for (const line of lines) if (onLine(line.replace(/\r$/, ''), ++lineNumber) === false) return;
      if (rest.length > MAX_LINE_BYTES) throw new TraceError(`${file}:${lineNumber + 1}: a line longer than ${MAX_LINE_BYTES / (1 << 20)} MiB: not a trace (its lines are a few KiB at most)`);
    }
    if (rest !== '') onLine(rest.replace(/\r$/, ''), ++lineNumber);
  } finally {
    closeSync(fd);
  }
}

/** The fields of a line: comma-separated (the published files), else whitespace-separated. */
export const splitFields = (line: string, comma: boolean) => (comma ? line.split(',') : line.trim().split(/\s+/));

/** Calls `onRecord(fields, lineNumber)` for every non-empty line after the header, split as the header is (comma or whitespace). */
export function forEachRecord(file: string, onRecord: (fields: string[], lineNumber: number) => void): void {
  let comma = true;
  forEachLine(file, (line, n) => {
    if (n === 1) comma = line.includes(',');
    else if (line !== '') onRecord(splitFields(line, comma), n);
  });
}

/** The format of a trace, from its header line. */
export function traceFormat(file: string): TraceFormat {
  let header = '';
  forEachLine(file, (line) => {
    header = line;
    return false;
  });
  const fields = splitFields(header.replace(/^\uFEFF/, ''), header.includes(','));
  for (const [format, names] of Object.entries(HEADERS) as [TraceFormat, readonly string[]][]) {
    if (names.every((n, i) => fields[i] === n)) return format;
  }
  throw new TraceError(
    `${file}:1: not an Azure Functions trace: expected a header starting ${HEADERS.azure2019.join(',')},1,2,... (2019 invocation counts) or ${HEADERS.azure2021.join(',')} (2021 invocations)`,
  );
}

const cache = new Map<string, TraceArrivals>();

/** The arrivals of one function of a trace (read once per process and kept). Throws TraceError. */
export function traceArrivals(file: string, ref: TraceFunctionRef): TraceArrivals {
  const key = JSON.stringify([file, ref.app ?? '', ref.function]);
  let found = cache.get(key);
  if (found === undefined) {
    found = traceFormat(file) === 'azure2019' ? read2019(file, ref) : read2021(file, ref);
    cache.set(key, found);
  }
  return found;
}

const describeRef = (ref: TraceFunctionRef) => `function ${ref.function}${ref.app === undefined ? '' : ` of app ${ref.app}`}`;

function read2019(file: string, ref: TraceFunctionRef): TraceArrivals {
  let perMinute: number[] | undefined;
  const apps: string[] = [];
  forEachLine(file, (line, n) => {
    if (n === 1 || line === '') return;
    const fields = line.split(',');
    if (fields[2] !== ref.function || (ref.app !== undefined && fields[1] !== ref.app)) return;
    apps.push(fields[1]);
    perMinute = fields.slice(4).map((text, minute) => {
      const count = Number(text);
      if (text === '' || !Number.isInteger(count) || count < 0) {
        throw new TraceError(`${file}:${n}: minute ${minute + 1} of ${describeRef(ref)}: expected a count of invocations, got ${JSON.stringify(text)}`);
      }
      return count;
    });
  });
  return { format: 'azure2019', perMinute: found(file, ref, apps, perMinute) };
}

function read2021(file: string, ref: TraceFunctionRef): TraceArrivals {
  const times: number[] = [];
  const apps = new Set<string>();
  forEachRecord(file, (fields, n) => {
    if (fields[1] !== ref.function || (ref.app !== undefined && fields[0] !== ref.app)) return;
    apps.add(fields[0]);
    const end = Number(fields[2]);
    const duration = Number(fields[3]);
    if (!(Number.isFinite(end) && Number.isFinite(duration) && duration >= 0)) {
      throw new TraceError(`${file}:${n}: expected end_timestamp and duration in seconds, got ${JSON.stringify(fields[2])} and ${JSON.stringify(fields[3])}`);
    }
    times.push(end - duration);
  });
  found(file, ref, [...apps], times.length > 0 ? times : undefined);
  return { format: 'azure2021', arrivalSeconds: Float64Array.from(times).sort() };
}

function found<T>(file: string, ref: TraceFunctionRef, apps: readonly string[], data: T | undefined): T {
  if (data === undefined) throw new TraceError(`${file}: no ${describeRef(ref)} in the trace`, 'function');
  if (new Set(apps).size > 1) {
    throw new TraceError(`${file}: ${describeRef(ref)} is in ${new Set(apps).size} apps (${[...new Set(apps)].join(', ')}): name one with app`, 'function');
  }
  return data;
}

/**
 * Counts scaled by `scale` without losing or inventing invocations in the rounding: the k-th
 * count becomes round(scale * cumulative_k) - round(scale * cumulative_{k-1}), so the total is
 * round(scale * total) and scale 1 gives back the counts exactly.
 */
export function scaledCounts(counts: readonly number[], scale: number): number[] {
  let cumulative = 0;
  let before = 0;
  return counts.map((c) => {
    cumulative += c;
    const now = Math.round(scale * cumulative);
    const scaled = now - before;
    before = now;
    return scaled;
  });
}
