import { describe, it, expect } from '@jest/globals';
import { mkdtemp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeOutputs } from '../../src/output/write.js';
import { timeseriesCsv } from '../../src/output/timeseries-csv.js';
import { resultFiles } from '../../src/output/files.js';
import { parseCsv, rep, result, standardResult, SWEEP } from './fixture.js';

const fresh = () => mkdtemp(join(tmpdir(), 'secfaas-write-'));

describe('writeOutputs', () => {
  it('creates the directory and leaves exactly the files given', async () => {
    const dir = join(await fresh(), 'a', 'b');
    await writeOutputs(dir, [{ name: 'summary.csv', content: 'x\n' }, { name: 'summary.json', content: '{}\n' }]);
    expect((await readdir(dir)).sort()).toEqual(['summary.csv', 'summary.json']);
    expect(await readFile(join(dir, 'summary.csv'), 'utf8')).toBe('x\n');
    await writeOutputs(dir, [{ name: 'summary.csv', content: 'y\n' }]);
    expect(await readFile(join(dir, 'summary.csv'), 'utf8')).toBe('y\n');
    expect((await readdir(dir)).sort()).toEqual(['summary.csv', 'summary.json']);
  });

  it('writes into sub-folders and refuses names that leave the directory', async () => {
    const dir = await fresh();
    await writeOutputs(dir, [{ name: 'charts/tp.vl.json', content: '{}' }]);
    expect(await readdir(join(dir, 'charts'))).toEqual(['tp.vl.json']);
    await expect(writeOutputs(dir, [{ name: '../x', content: '' }])).rejects.toThrow(/inside the output directory/);
    await expect(writeOutputs(dir, [{ name: '/etc/x', content: '' }])).rejects.toThrow(/relative/);
  });

  it('on a failing write keeps the old files intact and leaves no temporary file', async () => {
    const dir = await fresh();
    await writeFile(join(dir, 'summary.csv'), 'old csv');
    await writeFile(join(dir, 'summary.json'), 'old json');
    await mkdir(join(dir, 'timeseries.csv'));
    await expect(writeOutputs(dir, [
      { name: 'summary.csv', content: 'new csv' },
      { name: 'summary.json', content: 'new json' },
      { name: 'timeseries.csv', content: 'new ts' },
    ])).rejects.toThrow(/directory/);
    expect((await readdir(dir)).sort()).toEqual(['summary.csv', 'summary.json', 'timeseries.csv']);
    expect(await readFile(join(dir, 'summary.csv'), 'utf8')).toBe('old csv');
    expect(await readFile(join(dir, 'summary.json'), 'utf8')).toBe('old json');
  });

  it('cleans up when a temporary file cannot be created', async () => {
    const dir = await fresh();
    await writeFile(join(dir, 'summary.csv'), 'old');
    await writeFile(join(dir, 'sub'), 'a file where a folder is needed');
    await expect(writeOutputs(dir, [{ name: 'summary.csv', content: 'new' }, { name: 'sub/x.svg', content: '' }])).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['sub', 'summary.csv']);
    expect(await readFile(join(dir, 'summary.csv'), 'utf8')).toBe('old');
  });

  it('rejects a name given twice before writing anything', async () => {
    const dir = await fresh();
    await expect(writeOutputs(dir, [{ name: 'a', content: '1' }, { name: './a', content: '2' }])).rejects.toThrow(/twice/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('resultFiles gives summary.csv and summary.json, and timeseries.csv only when sampled', () => {
    expect(resultFiles(standardResult()).map((f) => f.name)).toEqual(['summary.csv', 'summary.json']);
  });
});

describe('timeseries.csv', () => {
  const r = result([
    rep('native', 0, 1, {}, { timeseries: [{ t: 0, inFlight: 1 }, { t: 1, inFlight: 2, queued: 0 }] }),
    rep('native', 1, 1, {}, { timeseries: [{ t: 0, state: 'a,b', inFlight: NaN }] }),
  ], [], { variants: ['native'] });

  it('has scenario, variant, point, replication first, then sweep values, then keys in first-seen order', () => {
    const rows = parseCsv(timeseriesCsv(r)!);
    expect(rows).toEqual([
      ['scenario', 'variant', 'point', 'replication', SWEEP, 't', 'inFlight', 'queued', 'state'],
      ['demo', 'native', '0', '1', '50', '0', '1', '', ''],
      ['demo', 'native', '0', '1', '50', '1', '2', '0', ''],
      ['demo', 'native', '1', '1', '100', '0', '', '', 'a,b'],
    ]);
  });

  it('is written only when there are rows', () => {
    expect(resultFiles(r).map((f) => f.name)).toEqual(['summary.csv', 'summary.json', 'timeseries.csv']);
  });
});
