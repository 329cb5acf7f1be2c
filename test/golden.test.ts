import { describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { goldenStem, type GoldenOutput } from '../src/output/golden.js';
import { scenarioFilesUnder } from '../src/scenario/find-files.js';

// Every shipped scenario's summary.csv, summary-statistics.csv and events per replication, byte for byte against the stored
// reference. A failure here means a result moved: if on purpose, `npm run golden` and review the diff.
// The scenarios run in a child process under tsx: several times faster than inside jest's VM.
const root = fileURLToPath(new URL('../', import.meta.url));
const scenarios = `${root}scenarios/`;
const golden = `${root}test/golden/`;
const stems = scenarioFilesUnder(scenarios).map((f) => goldenStem(scenarios, f));

let fresh: Record<string, GoldenOutput> | undefined;
function freshOutputs(): Record<string, GoldenOutput> {
  fresh ??= JSON.parse(
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/golden.ts', '--print'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 }),
  ) as Record<string, GoldenOutput>;
  return fresh;
}

describe('golden outputs of the shipped scenarios', () => {
  test('every shipped scenario has a reference, and every reference a scenario', () => {
    expect(stems.length).toBeGreaterThanOrEqual(5);
    for (const s of stems) expect(existsSync(`${golden}${s}.summary.csv`)).toBe(true);
    expect(Object.keys(freshOutputs()).sort()).toEqual([...stems].sort());
  });

  test.each(stems)('%s', (stem) => {
    const out = freshOutputs()[stem];
    expect(out.events).toBe(readFileSync(`${golden}${stem}.events.txt`, 'utf8'));
    expect(out.summaryCsv).toBe(readFileSync(`${golden}${stem}.summary.csv`, 'utf8'));
    expect(out.statisticsCsv).toBe(readFileSync(`${golden}${stem}.summary-statistics.csv`, 'utf8'));
  });
});
