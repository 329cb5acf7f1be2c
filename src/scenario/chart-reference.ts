/**
 * A chart's reference points (`reference: { file, x, y, label }`): measured or closed-form values
 * to draw beside the model's. The CSV file is relative to the scenario file (they move together),
 * read when the scenario loads, and kept in the chart, so a report made later needs only the result.
 * A cell is a plain number in base units (seconds, per second, MiB) or a quantity with its unit
 * (`1.739ms`, `100/s`, `64MiB`).
 */
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Path, Problem } from '../schema/errors.js';
import { showValue } from '../schema/errors.js';
import type { ReferencePoints } from '../schema/types.js';
import { toBaseUnits } from './sweep.js';

/** A reference file is a table of a few points: beyond this it is something else. */
export const MAX_REFERENCE_BYTES = 1024 * 1024;

export interface ReferenceAsWritten {
  file: string;
  x: string;
  y: string;
  label?: string;
}

/** A cell in base units, or undefined when it is neither a number nor a quantity. */
function cellValue(cell: string): number | undefined {
  if (cell === '') return undefined;
  const plain = Number(cell);
  if (Number.isFinite(plain)) return plain;
  const base = toBaseUnits(cell);
  return typeof base === 'number' && Number.isFinite(base) ? base : undefined;
}

/** The file's text, or a problem at `file` saying why it cannot be read. */
function readText(path: string, written: string): string | Problem {
  const at: Path = ['file'];
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return { path: at, message: `${written} is not a regular file` };
    if (stat.size > MAX_REFERENCE_BYTES) return { path: at, message: `${written} holds ${stat.size} bytes: a reference file is a table of points, at most ${MAX_REFERENCE_BYTES} bytes` };
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { path: at, message: `cannot read ${written} (${path}): ${code === 'ENOENT' ? 'no such file' : (error as Error).message}` };
  }
}

/** Reads and checks a reference; problems are located under the chart's `reference` (`file`, `x`, `y`). */
export function readReference(written: ReferenceAsWritten, folder: string): { reference?: ReferencePoints; problems: Problem[] } {
  const path = isAbsolute(written.file) ? written.file : join(folder, written.file);
  const text = readText(path, written.file);
  if (typeof text !== 'string') return { problems: [text] };
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, info: true, skip_empty_lines: true, trim: true, bom: true, comment: '#' });
  } catch (error) {
    return { problems: [{ path: ['file'], message: `${written.file} is not a CSV table: ${(error as Error).message}` }] };
  }
  if (records.length === 0) return { problems: [{ path: ['file'], message: `${written.file} has a header but no rows` }] };
  const columns = Object.keys(records[0].record);
  const problems: Problem[] = [];
  for (const key of ['x', 'y'] as const) {
    if (!columns.includes(written[key])) problems.push({ path: [key], message: `${written.file} has no column ${JSON.stringify(written[key])}; its columns: ${columns.join(', ')}` });
  }
  if (problems.length > 0) return { problems };
  const points: { x: number; y: number }[] = [];
  for (const { record, info } of records) {
    const x = cellValue(record[written.x]);
    const y = cellValue(record[written.y]);
    for (const [key, value] of [['x', x], ['y', y]] as const) {
      if (value !== undefined) continue;
      const column = written[key];
      problems.push({ path: ['file'], message: `${written.file}:${info.lines}: column ${column}: expected a number or a quantity like 1.5ms, 100/s or 64MiB, got ${showValue(record[column])}` });
    }
    if (x !== undefined && y !== undefined) points.push({ x, y });
  }
  if (problems.length > 0) return { problems };
  const label = written.label ?? written.file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  return { reference: { file: written.file, x: written.x, y: written.y, label, points }, problems: [] };
}
