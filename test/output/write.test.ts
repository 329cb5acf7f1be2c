import { describe, it, expect } from '@jest/globals';
import { z } from 'zod';
import { mkdtemp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeOutputs } from '../../src/output/write.js';
import { assembleTimeseriesCsv, TimeseriesCsvWriter, timeseriesLayout } from '../../src/output/timeseries-csv.js';
import { registerPlatform } from '../../src/platform/index.js';
import type { PlatformSpec } from '../../src/schema/types.js';
import { resultFiles } from '../../src/output/files.js';
import { parseCsv, scenario, standardResult, SWEEP } from './fixture.js';

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

  it('renames a file already written (streamed) with the others, and removes it on failure', async () => {
    const dir = await fresh();
    await writeFile(join(dir, '.ts.tmp'), 'streamed');
    await writeOutputs(dir, [{ name: 'summary.csv', content: 'x' }, { name: 'timeseries.csv', tempPath: join(dir, '.ts.tmp') }]);
    expect((await readdir(dir)).sort()).toEqual(['summary.csv', 'timeseries.csv']);
    expect(await readFile(join(dir, 'timeseries.csv'), 'utf8')).toBe('streamed');
    await writeFile(join(dir, '.ts2.tmp'), 'streamed again');
    await mkdir(join(dir, 'summary.json'));
    await expect(writeOutputs(dir, [{ name: 'summary.json', content: '{}' }, { name: 'timeseries.csv', tempPath: join(dir, '.ts2.tmp') }])).rejects.toThrow(/directory/);
    expect((await readdir(dir)).sort()).toEqual(['summary.csv', 'summary.json', 'timeseries.csv']);
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

  it('resultFiles gives summary.csv, summary-statistics.csv and summary.json (timeseries.csv is streamed apart)', () => {
    expect(resultFiles(standardResult()).map((f) => f.name)).toEqual(['summary.csv', 'summary-statistics.csv', 'summary.json']);
  });
});

describe('timeseries.csv, streamed', () => {
  // A platform kind that samples, with its columns declared up front (the header precedes the rows).
  registerPlatform({
    kind: 'test-sampling',
    schema: z.object({ kind: z.literal('test-sampling') }),
    metrics: [],
    create: () => ({ submit() {} }),
    timeseries: { entity: 'box', columns: ['inFlight', 'queued', 'state'] },
  });
  const sampling = (s = scenario()) => ({ ...s, runs: s.runs.map((r) => ({ ...r, platform: { kind: 'test-sampling' } as unknown as PlatformSpec, sampleIntervalSeconds: 1 })) });

  it('has scenario, variant, point, replication first, then sweep values, then the platform columns; units in the order given', async () => {
    const dir = await fresh();
    const s = sampling();
    const layout = timeseriesLayout(s)!;
    const first = new TimeseriesCsvWriter(join(dir, 'u0'), layout);
    first.row(s.runs[0], 1, { time: 0, box: 1, inFlight: 1 });
    first.row(s.runs[0], 1, { time: 1, box: 1, inFlight: 2, queued: 0 });
    expect(first.finish()).toBe(true);
    const second = new TimeseriesCsvWriter(join(dir, 'u1'), layout);
    second.row(s.runs[1], 2, { time: 0, box: 2, state: 'a,b', inFlight: NaN });
    expect(second.finish()).toBe(true);
    const written = assembleTimeseriesCsv(dir, layout, [join(dir, 'u1'), join(dir, 'absent'), join(dir, 'u0')])!;
    await writeOutputs(dir, [written]);
    expect(parseCsv(await readFile(join(dir, 'timeseries.csv'), 'utf8'))).toEqual([
      ['scenario', 'variant', 'point', 'replication', SWEEP, 'time', 'box', 'inFlight', 'queued', 'state'],
      ['demo', 'native', '1', '2', '100', '0', '2', '', '', 'a,b'],
      ['demo', 'native', '0', '1', '50', '0', '1', '1', '', ''],
      ['demo', 'native', '0', '1', '50', '1', '1', '2', '0', ''],
    ]);
    expect((await readdir(dir)).sort()).toEqual(['timeseries.csv', 'u0', 'u1']);
  });

  it('has no layout when no run samples; leaves no file when nothing was sampled or the run failed', async () => {
    const dir = await fresh();
    expect(timeseriesLayout(scenario())).toBeUndefined(); // station samples nothing
    const off = sampling();
    expect(timeseriesLayout({ ...off, runs: off.runs.map((r) => ({ ...r, sampleIntervalSeconds: 0 })) })).toBeUndefined();
    const layout = timeseriesLayout(off)!;
    expect(new TimeseriesCsvWriter(join(dir, 'empty'), layout).finish()).toBe(false);
    const failed = new TimeseriesCsvWriter(join(dir, 'failed'), layout);
    failed.row(off.runs[0], 1, { time: 0 });
    failed.discard();
    expect(assembleTimeseriesCsv(dir, layout, [join(dir, 'empty'), join(dir, 'failed')])).toBeUndefined();
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a column its platform did not declare, rather than dropping it', async () => {
    const s = sampling();
    const writer = new TimeseriesCsvWriter(join(await fresh(), 'u'), timeseriesLayout(s)!);
    expect(() => writer.row(s.runs[0], 1, { time: 0, epcMiB: 3 })).toThrow(/epcMiB of test-sampling are not among the columns its platform declares/);
    writer.discard();
  });

  it('keeps no rows in memory: what was sampled is on disk before the run ends', async () => {
    const s = sampling();
    const writer = new TimeseriesCsvWriter(join(await fresh(), 'u'), timeseriesLayout(s)!);
    const row = { time: 0, box: 1, inFlight: 123456, queued: 7, state: 'x' };
    for (let i = 0; i < 40_000; i++) writer.row(s.runs[0], 1, row); // ~1.3 MB of CSV: past one buffer
    const onDisk = (await readFile(writer.path, 'utf8')).split('\n').length - 1;
    expect(onDisk).toBeGreaterThan(20_000); // flushed as it went, not held until the end
    writer.discard();
  });
});
