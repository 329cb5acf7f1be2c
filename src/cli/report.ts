import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { summaryFromJson, type ResultSummary } from '../output/summary.js';
import { writeResult } from '../output/writers.js';
import { asUsageError } from './paths.js';
import { EXIT_OK, UsageError } from './errors.js';

/** The summary of a result folder (its summary.json), or a UsageError that says what is missing. */
export function readResultFolder(dir: string, flag = 'result folder'): ResultSummary {
  const file = join(dir, 'summary.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UsageError(`${flag} ${dir}: no summary.json in it (write one with 'secfaas run SCENARIO --out ${dir}')`);
    throw new UsageError(`${flag} ${dir}: cannot read ${file}: ${(error as Error).message}`);
  }
  return summaryFromJson(text, file);
}

export interface ReportArgs {
  dir: string;
}

/** `secfaas report DIR`: report.html (with its scripts in report-assets/) from the result in DIR. */
export async function reportCommand(args: ReportArgs): Promise<number> {
  const summary = readResultFolder(args.dir);
  let notes: string[];
  try {
    notes = await writeResult(summary, args.dir, ['report'], { fresh: false });
  } catch (error) {
    throw asUsageError(error, args.dir);
  }
  for (const note of notes) process.stderr.write(`secfaas: ${note}\n`);
  process.stdout.write(`${join(args.dir, 'report.html')}\n`);
  return EXIT_OK;
}
