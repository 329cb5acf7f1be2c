/**
 * `secfaas calibrate MEASUREMENTS.csv --profile BASE --out PROFILE.yaml`: fits a hardware profile's
 * enclave creation costs and EPC knee to measured create times (src/tee/sgx/calibrate.ts), prints
 * each fitted value and every point's residual, and writes a profile file that extends BASE with
 * the fitted values, marked `fitted: <the CSV>`, for `hardware: ./PROFILE.yaml` in a scenario.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'yaml';
import { alignTable, formatNumber } from '../aggregate/format.js';
import { writeOutputs } from '../output/write.js';
import { ScenarioError, type ScenarioIssue } from '../schema/errors.js';
import { inputFileProblem } from '../schema/input-files.js';
import { fittedMark } from '../schema/model-file.js';
import { parseDuration } from '../schema/units.js';
import { fitCreation, predictedSeconds, type CreateTime, type CreationCosts } from '../tee/sgx/calibrate.js';
import { hasSgx, SGX_VERSIONS, type SgxMachine, type SgxVersion } from '../tee/sgx/hardware.js';
import { hardwareSchema } from '../layers/index.js';
import { isProfileFile } from '../schema/profile-file.js';
import { EXIT_OK, UsageError } from './errors.js';
import { asUsageError, checkOutputFile } from './paths.js';

export interface CalibrateArgs {
  measurements: string;
  profile: string;
  out: string;
}

/** Columns of the measurements: the enclave's MiB committed at creation, the seconds it took, the SGX version (v1 when left out). */
const COLUMNS = { enclaveMiB: 'required', seconds: 'required', sgx: 'optional' } as const satisfies Record<string, 'required' | 'optional'>;
type Column = keyof typeof COLUMNS;

export async function calibrateCommand(args: CalibrateArgs): Promise<number> {
  // a scenario tells a profile file from a profile name by its extension (or a slash)
  if (!/\.ya?ml$/i.test(args.out)) throw new UsageError(`--out ${args.out}: a profile file ends in .yaml or .yml`);
  checkOutputFile(args.out, '--out');
  const base = baseProfile(args.profile);
  const rows = readMeasurements(args.measurements, base);
  const fit = fitCreation(rows.map((r) => r.point), base);
  if ('refused' in fit) throw new ScenarioError([{ file: args.measurements, line: 0, column: 0, path: '', message: `cannot fit: ${fit.refused}` }]);
  const written = asWritten(fit.costs);
  const predicted = rows.map((r) => predictedSeconds(base, written.costs, r.point.enclaveMiB));
  const errors = rows.map((r, i) => predicted[i] / r.point.seconds - 1);
  const percent = (e: number) => `${e >= 0.0005 ? '+' : ''}${fixed(100 * e, 1)} %`;

  const out = process.stdout;
  out.write(`${rows.length} create times of ${args.measurements}, fitted over ${base.name} by least squares on the log of the times:\n\n`);
  const baseText = asWritten(base).text;
  out.write(alignTable(['key', 'fitted', base.name], FITTED_KEYS.map((k) => [k, written.text[k], baseText[k]]), { right: [false, true, true] }));
  out.write('\n');
  out.write(
    alignTable(
      ['line', 'enclave MiB', 'measured s', 'fitted s', 'log residual', 'error'],
      rows.map((r, i) => [String(r.line), formatNumber(r.point.enclaveMiB), formatNumber(r.point.seconds), formatNumber(predicted[i]), fixed(Math.log(predicted[i] / r.point.seconds), 3), percent(errors[i])]),
      { right: [true, true, true, true, true, true] },
    ),
  );
  const worst = errors.reduce((w, e, i) => (Math.abs(e) > Math.abs(errors[w]) ? i : w), 0);
  const rms = Math.sqrt(rows.reduce((s, r, i) => s + Math.log(predicted[i] / r.point.seconds) ** 2, 0) / rows.length);
  out.write(`\nroot mean square of the log residuals ${rms.toFixed(3)}; largest error ${percent(errors[worst])} (${formatNumber(rows[worst].point.enclaveMiB)} MiB, line ${rows[worst].line})\n`);

  const folder = dirname(resolve(args.out));
  const shown = (file: string) => relative(folder, resolve(file)).split(sep).join('/');
  const source = `secfaas calibrate: least squares on the log of the ${rows.length} create times at lines ${rows.map((r) => r.line).join(', ')} of ${shown(args.measurements)}; the fit's errors ${rows
    .map((r, i) => `${formatNumber(r.point.enclaveMiB)} MiB ${percent(errors[i])}`)
    .join(', ')}`;
  const profile = {
    extends: isProfileFile(args.profile) ? shown(args.profile) : args.profile,
    ...Object.fromEntries(FITTED_KEYS.map((k) => [k, { value: written.text[k], mark: fittedMark(shown(args.measurements)), source: `${MEANING[k]}; ${source}` }])),
  };
  const header =
    `# Fitted by \`secfaas calibrate ${args.measurements} --profile ${args.profile} --out ${args.out}\`:\n` +
    `# ${base.name}, with its enclave creation costs and EPC fitted to measured create times.\n` +
    `# A scenario beside it uses it with \`hardware: ./${basename(args.out)}\` (a path relative to the scenario).\n`;
  try {
    await writeOutputs(folder, [{ name: basename(args.out), content: header + stringify(profile, { lineWidth: 0 }) }]);
  } catch (error) {
    throw asUsageError(error, args.out);
  }
  process.stderr.write(`wrote ${args.out}\n`);
  return EXIT_OK;
}

/** `x` to `digits` decimals, never "-0.0". */
const fixed = (x: number, digits: number) => (Math.round(x * 10 ** digits) / 10 ** digits + 0).toFixed(digits);

const FITTED_KEYS = ['createFixed', 'pageLoad', 'pageEvict', 'epc'] as const;
type FittedKey = (typeof FITTED_KEYS)[number];

const MEANING: Record<FittedKey, string> = {
  createFixed: 'the fixed cost of a creation (the fit at no pages)',
  pageLoad: 'the cost of a page loaded inside the EPC (the slope below the knee)',
  pageEvict: 'the extra cost of a page loaded past the EPC (the slope past the knee less pageLoad)',
  epc: 'the knee: where the enclave stops fitting in the EPC',
};

/**
 * The costs as the profile file writes them (four significant digits, the EPC in whole MiB) and
 * as the simulator reads them back, so that what is printed is what a scenario gets.
 */
function asWritten(costs: CreationCosts): { text: Record<FittedKey, string>; costs: CreationCosts } {
  const text = {
    createFixed: duration(costs.createFixedSeconds),
    pageLoad: duration(costs.pageLoadSeconds),
    pageEvict: duration(costs.pageEvictSeconds),
    epc: `${costs.epcMiB}MiB`,
  };
  return {
    text,
    costs: { createFixedSeconds: parseDuration(text.createFixed), pageLoadSeconds: parseDuration(text.pageLoad), pageEvictSeconds: parseDuration(text.pageEvict), epcMiB: costs.epcMiB },
  };
}

/** Seconds as a duration of a profile file, in the unit that keeps the number >= 1: `14.43ms`, `30.4us`. */
function duration(seconds: number): string {
  if (seconds === 0) return '0';
  const [unit, factor] = seconds >= 1 ? ['s', 1] : seconds >= 1e-3 ? ['ms', 1e3] : ['us', 1e6];
  return `${formatNumber(seconds * factor)}${unit}`;
}

/** The profile `--profile` names (a shipped name, or a file relative to the working folder). */
function baseProfile(ref: string): SgxMachine {
  const result = hardwareSchema.safeParse(ref);
  if (!result.success) throw new UsageError(`--profile ${ref}: ${result.error.issues.map((i) => i.message).join('\n')}`);
  if (!hasSgx(result.data)) throw new UsageError(`--profile ${ref}: hardware ${result.data.name} has no SGX: calibrate fits enclave creation costs`);
  return result.data;
}

interface Row {
  point: CreateTime;
  line: number;
}

/** The measured points of a CSV file, each with its line; problems located at the line and column. */
function readMeasurements(file: string, base: SgxMachine): Row[] {
  const issue = (line: number, column: number, path: string, message: string): ScenarioIssue => ({ file, line, column, path, message });
  const problem = inputFileProblem(file, 'measurements');
  if (problem !== undefined) throw new ScenarioError([issue(0, 0, '', `cannot read the measurements: ${problem}`)]);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ScenarioError([issue(0, 0, '', `cannot read the measurements: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a file' : (error as Error).message}`)]);
  }
  const lines = text.split(/\r?\n/);
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, comment: '#', skip_empty_lines: true, trim: true, info: true, bom: true });
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0;
    throw new ScenarioError([issue(line, line > 0 ? 1 : 0, '', `not a CSV of measurements: ${(error as Error).message}`)]);
  }
  const headerLine = lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#')) + 1;
  const header = headerLine > 0 ? lines[headerLine - 1].split(',').map((h) => h.trim()) : [];
  const columnOf = (line: number, name: string) => {
    const index = header.indexOf(name);
    return index < 0 ? 1 : 1 + (lines[line - 1] ?? '').split(',').slice(0, index).reduce((n, cell) => n + cell.length + 1, 0);
  };
  const problems: ScenarioIssue[] = [];
  for (const name of header) {
    if (!Object.hasOwn(COLUMNS, name)) problems.push(issue(headerLine, columnOf(headerLine, name), name, `unknown column ${JSON.stringify(name)}; columns: enclaveMiB, seconds and (optional) sgx`));
  }
  for (const [name, need] of Object.entries(COLUMNS)) {
    if (need === 'required' && !header.includes(name)) problems.push(issue(Math.max(headerLine, 1), 1, name, `missing column ${name}: the header is enclaveMiB,seconds[,sgx]`));
  }
  if (problems.length === 0 && records.length === 0) problems.push(issue(Math.max(headerLine, 1), 1, '', 'no measurements: one row per enclave size, under the header enclaveMiB,seconds[,sgx]'));
  if (problems.length > 0) throw new ScenarioError(problems);

  const rows: Row[] = [];
  for (const { record, info } of records) {
    const at = (column: Column, message: string) => problems.push(issue(info.lines, columnOf(info.lines, column), column, message));
    const positive = (column: Column, what: string) => {
      const value = Number(record[column]);
      if (record[column] !== '' && Number.isFinite(value) && value > 0) return value;
      at(column, `expected ${what}, a number > 0, got ${JSON.stringify(record[column])}`);
      return undefined;
    };
    const enclaveMiB = positive('enclaveMiB', 'the MiB the enclave commits at creation');
    const seconds = positive('seconds', 'the seconds its creation took');
    const sgx = (record.sgx ?? '') === '' ? 'v1' : record.sgx;
    if (!(SGX_VERSIONS as readonly string[]).includes(sgx)) at('sgx', `expected ${SGX_VERSIONS.join(' or ')} (or nothing: v1), got ${JSON.stringify(sgx)}`);
    else if (!base.sgxVersions.includes(sgx as SgxVersion)) at('sgx', `measured on SGX ${sgx}, which ${base.name} does not have (it has ${base.sgxVersions.join(', ')})`);
    if (enclaveMiB !== undefined && seconds !== undefined) rows.push({ point: { enclaveMiB, seconds, sgx: sgx as SgxVersion }, line: info.lines });
  }
  if (problems.length > 0) throw new ScenarioError(problems);
  return rows;
}
