// A sweep on worker threads: every finished unit is kept in <out>/units/ (resume: true runs only
// the missing ones), then the units are merged into one result, as `secfaas sweep` and `merge` do.
import { loadScenario, mergeShards, runSweep, summaryCsv } from 'secfaas';

export async function sweepOnWorkers(file: string, out: string): Promise<string> {
  await runSweep(loadScenario(file), out, { workers: 2, resume: true }); // shard: { index, count } for a share
  const { result } = mergeShards([out]); // the shards' folders, when the sweep ran in shards
  return summaryCsv(result);
}
