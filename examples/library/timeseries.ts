// A run that records its time series: OpenWhisk samples every invoker each sampleInterval and hands
// the rows to a TimeseriesSink as they come (a run keeps none itself; any { row(spec, replication,
// row) } is a sink). TimeseriesCsvWriter is the one `secfaas run` uses: rows streamed to a file,
// then timeseries.csv assembled with its header, which the charts writer reads for `x: time` charts.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { assembleTimeseriesCsv, loadScenario, runScenario, summarize, timeseriesLayout, TimeseriesCsvWriter, writeOutputs, writeResult } from 'secfaas';

export async function recordTimeseries(file: string, dir: string): Promise<string[]> {
  const scenario = loadScenario(file);
  const layout = timeseriesLayout(scenario); // the columns; undefined when no run samples (a station, sampleInterval: 0)
  if (layout === undefined) throw new Error(`${file}: no run of it samples a time series`);
  mkdirSync(dir, { recursive: true });
  const rows = join(dir, 'rows.csv');
  rmSync(rows, { force: true });
  const sink = new TimeseriesCsvWriter(rows, layout); // every replication's rows, in run order, no header
  const result = await runScenario(scenario, { timeseries: sink });
  sink.finish();
  const timeseries = assembleTimeseriesCsv(dir, layout, [rows]); // the header, then the rows
  if (timeseries !== undefined) await writeOutputs(dir, [timeseries]);
  rmSync(rows, { force: true });
  // summary.csv, summary.json and the charts, time charts drawn from dir/timeseries.csv; the notes say what was left out
  return writeResult(summarize(result), dir, ['csv', 'json', 'charts'], { fresh: true });
}
