/**
 * Bench cases of the sweep (issue 12), called from bench.ts:
 *   sweep   throughput of a 16-unit sweep with 2 worker threads against 1 (wall clock, both in this
 *           run, with the process's CPU seconds and the load average: on a shared machine the
 *           wall-clock ratio says little; target >= 1.8x on 2 idle cores)
 *   merge   per-unit overhead of keeping units on disk (1,000 small units run as a sweep against the
 *           same run in memory), and CPU seconds to merge them into summary.csv/summary.json (target < 1 s)
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Scenario } from '../src/schema/types.js';
import { resultFiles } from '../src/output/index.js';
import { parseScenario } from '../src/scenario/load.js';
import { mergeShards } from '../src/sweep/merge.js';
import { runSweep } from '../src/sweep/sweep.js';
import { runScenario } from '../src/run/run.js';

const distSweep = fileURLToPath(new URL('../dist/sweep/sweep.js', import.meta.url));

const stationSweep = (replications: number, durationSeconds: number) => `name: bench-sweep
seed: 1
duration: ${durationSeconds}s
replications: ${replications}
platform: { kind: station, servers: 8 }
functions: [{ name: f, exec: { dist: exponential, mean: 10ms } }]
workload: [{ function: f, arrivals: { poisson: 700/s } }]
sweep: { platform.servers: [8, 16] }
`;

/**
 * Runs the sweep with `workers` threads through the built package (worker threads load
 * dist/sweep/worker.js): wall seconds, and CPU seconds of the whole process, threads included.
 */
async function timedSweep(scenario: Scenario, out: string, workers: number): Promise<{ wall: number; cpu: number }> {
  const built = (await import(pathToFileURL(distSweep).href)) as typeof import('../src/sweep/sweep.js');
  const cpu = process.cpuUsage();
  const started = performance.now();
  await built.runSweep(scenario, out, { workers });
  const used = process.cpuUsage(cpu);
  return { wall: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6 };
}

/** `verdict` says PASS or MISS against the case's target (bench.ts), appended to its line. */
export async function benchSweep(quick: boolean, verdict: (speedup: number) => string = () => ''): Promise<void> {
  if (!existsSync(distSweep)) throw new Error('the sweep bench runs the built package: npm run build first');
  const dir = mkdtempSync(join(tmpdir(), 'secfaas-bench-sweep-'));
  try {
    // 16 units of ~0.5 s each (quick: ~0.05 s)
    const file = join(dir, 'sweep.yaml');
    writeFileSync(file, stationSweep(8, quick ? 500 : 5000));
    const scenario = parseScenario(readFileSync(file, 'utf8'), file);
    const one = await timedSweep(scenario, join(dir, 'one'), 1);
    const two = await timedSweep(scenario, join(dir, 'two'), 2);
    const label = `sweep 16 units, ${availableParallelism()} cores`;
    const load = loadavg()[0].toFixed(1);
    console.log(
      `${label.padEnd(30)} 1 worker ${one.wall.toFixed(2)} s (CPU ${one.cpu.toFixed(2)} s), 2 workers ${two.wall.toFixed(2)} s (CPU ${two.cpu.toFixed(2)} s): ${(one.wall / two.wall).toFixed(2)} x  (load average ${load})${verdict(one.wall / two.wall)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchMerge(verdict: (cpuSeconds: number) => string = () => ''): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'secfaas-bench-merge-'));
  try {
    const file = join(dir, 'units.yaml');
    const text = stationSweep(500, 2);
    writeFileSync(file, text);
    const scenario = parseScenario(text, file);
    const inMemory = performance.now();
    await runScenario(scenario);
    const swept = performance.now();
    await runSweep(scenario, join(dir, 'out'), { workers: 1 });
    const overheadMs = (performance.now() - swept - (swept - inMemory)) / 1000;
    console.log(`${'unit files, per unit'.padEnd(30)} ${overheadMs.toFixed(2)} ms (written atomically and synced; 1,000 units in memory ${((swept - inMemory) / 1000).toFixed(2)} s)`);
    const before = process.cpuUsage();
    const { result } = mergeShards([join(dir, 'out')]);
    const files = resultFiles(result);
    const cpu = process.cpuUsage(before);
    const bytes = files.reduce((sum, f) => sum + ('content' in f ? f.content.length : 0), 0);
    const label = `merge ${result.replications.length} units`;
    console.log(`${label.padEnd(30)} ${((cpu.user + cpu.system) / 1e6).toFixed(3)} s CPU (read, check, aggregate, ${(bytes / 1024).toFixed(0)} KiB of summaries)${verdict((cpu.user + cpu.system) / 1e6)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
