/**
 * Bench cases of the sweep (issue 12), called from bench.ts:
 *   sweep   throughput of the built CLI on a 16-unit sweep with --workers 2 against --workers 1
 *           (wall clock of the whole command, both measured in this run; target >= 1.8x on 2 cores)
 *   merge   CPU seconds to merge 1,000 finished units into summary.csv/summary.json (target < 1 s)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resultFiles } from '../src/output/index.js';
import { parseScenario } from '../src/scenario/load.js';
import { mergeShards } from '../src/sweep/merge.js';
import { runSweep } from '../src/sweep/sweep.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

const stationSweep = (replications: number, durationSeconds: number) => `name: bench-sweep
seed: 1
duration: ${durationSeconds}s
replications: ${replications}
platform: { kind: station, servers: 8 }
functions: [{ name: f, exec: { dist: exponential, mean: 10ms } }]
workload: [{ function: f, arrivals: { poisson: 700/s } }]
sweep: { platform.servers: [8, 16] }
`;

function wallSeconds(args: string[], cwd: string): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  if (r.status !== 0) throw new Error(`secfaas ${args.join(' ')} failed: ${r.stderr}`);
  return (performance.now() - started) / 1000;
}

export function benchSweep(quick: boolean): void {
  if (!existsSync(cli)) throw new Error('sweep bench runs the built CLI: npm run build first');
  const dir = mkdtempSync(join(tmpdir(), 'secfaas-bench-sweep-'));
  try {
    // 16 units of ~0.5 s (quick: ~0.05 s)
    writeFileSync(join(dir, 'sweep.yaml'), stationSweep(8, quick ? 500 : 5000));
    const one = wallSeconds(['run', 'sweep.yaml', '--out', 'one', '--workers', '1', '--format', 'csv'], dir);
    const two = wallSeconds(['run', 'sweep.yaml', '--out', 'two', '--workers', '2', '--format', 'csv'], dir);
    const label = `sweep 16 units, ${availableParallelism()} cores`;
    console.log(`${label.padEnd(30)} 1 worker ${one.toFixed(2)} s, 2 workers ${two.toFixed(2)} s: ${(one / two).toFixed(2)} x`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchMerge(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'secfaas-bench-merge-'));
  try {
    const file = join(dir, 'units.yaml');
    const text = stationSweep(500, 2);
    writeFileSync(file, text);
    const scenario = parseScenario(text, file);
    await runSweep(scenario, join(dir, 'out'), { workers: 1 });
    const before = process.cpuUsage();
    const result = mergeShards([join(dir, 'out')]);
    const files = resultFiles(result);
    const cpu = process.cpuUsage(before);
    const bytes = files.reduce((sum, f) => sum + ('content' in f ? f.content.length : 0), 0);
    const label = `merge ${result.replications.length} units`;
    console.log(`${label.padEnd(30)} ${((cpu.user + cpu.system) / 1e6).toFixed(3)} s CPU (read, check, aggregate, ${(bytes / 1024).toFixed(0)} KiB of summaries)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
