// A per-activation trace: an observer sees every activation event of one replication; each
// finished or turned-away activation becomes a CSV line, written in 64 KiB chunks as the run goes
// (memory stays O(live state), however long the run).
import { closeSync, openSync, writeSync } from 'node:fs';
import { loadScenario, runReplication, type Activation } from 'secfaas';

export async function activationTrace(file: string, csvFile: string): Promise<void> {
  const spec = loadScenario(file).runs[0]; // the first variant at the first sweep point
  const fd = openSync(csvFile, 'w');
  let chunk = 'id,function,arrival,start,end,startKind,outcome\n';
  const line = (a: Activation, outcome: string) => {
    chunk += `${a.id},${spec.functions[a.fn].name},${a.arrival},${a.start},${a.end},${a.startKind},${outcome}\n`;
    if (chunk.length >= 65536) {
      writeSync(fd, chunk);
      chunk = '';
    }
  };
  try {
    // times in simulated seconds; start and end are NaN for a turned-away activation
    await runReplication(spec, 1, { observer: { finished: (a) => line(a, 'finished'), rejected: (a, reason) => line(a, reason) } });
    writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}
