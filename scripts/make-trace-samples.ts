// Writes the GENERATED sample traces in scenarios/traces/ (tsx scripts/make-trace-samples.ts).
// They have the columns of the Azure Functions public traces but made-up content: small enough
// to ship, for tests and the example scenario. Nothing in them is measured; see the README there
// for where the real traces are.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import seedrandom from 'seedrandom';
import { probit } from 'simple-statistics';

const folder = fileURLToPath(new URL('../scenarios/traces/', import.meta.url));
const random = seedrandom.xor4096('secfaas generated traces');
/** A 64-hex id like the traces' HMAC-SHA256 hashes, from a readable name (so a reader sees it is generated). */
const id = (name: string) => createHash('sha256').update(`generated/${name}`).digest('hex');
const poisson = (mean: number) => {
  // Knuth's method for small means, a rounded normal beyond
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * probit(Math.min(Math.max(random(), 1e-9), 1 - 1e-9))));
  let k = 0;
  for (let p = random(); p > Math.exp(-mean); p *= random()) k++;
  return k;
};
const lognormalQuantile = (medianMs: number, sigma: number, q: number) => medianMs * Math.exp(sigma * probit(Math.min(Math.max(q, 0.0001), 0.9999)));
const fixed = (x: number) => Number(x.toFixed(3));

// 2019: per-minute counts of 8 functions in 5 apps over one day, with their duration and memory percentiles.
interface Fn2019 { app: number; trigger: string; perMinute: (minute: number) => number; medianMs: number; sigma: number }
const diurnal = (peak: number) => (m: number) => poisson(peak * (0.55 + 0.45 * Math.sin((2 * Math.PI * (m - 360)) / 1440)));
const functions2019: Fn2019[] = [
  { app: 1, trigger: 'http', perMinute: diurnal(120), medianMs: 40, sigma: 0.6 },
  { app: 1, trigger: 'http', perMinute: diurnal(30), medianMs: 250, sigma: 0.9 },
  { app: 2, trigger: 'timer', perMinute: (m) => (m % 5 === 0 ? 1 : 0), medianMs: 900, sigma: 0.3 },
  { app: 2, trigger: 'queue', perMinute: (m) => (Math.floor(m / 60) % 4 === 0 ? poisson(50) : poisson(2)), medianMs: 120, sigma: 1.1 },
  { app: 3, trigger: 'event', perMinute: () => poisson(8), medianMs: 15, sigma: 0.5 },
  { app: 3, trigger: 'storage', perMinute: () => poisson(0.3), medianMs: 3000, sigma: 0.8 },
  { app: 4, trigger: 'orchestration', perMinute: diurnal(12), medianMs: 60, sigma: 0.7 },
  { app: 5, trigger: 'others', perMinute: (m) => (m === 600 ? 200 : 0), medianMs: 500, sigma: 0.4 },
];
const minutes = [...Array(1440).keys()];
const counts = ['HashOwner,HashApp,HashFunction,Trigger,' + minutes.map((m) => m + 1).join(',')];
const durations = ['HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,percentile_Average_0,percentile_Average_1,percentile_Average_25,percentile_Average_50,percentile_Average_75,percentile_Average_99,percentile_Average_100'];
functions2019.forEach((f, i) => {
  const owner = id(`owner-${f.app}`);
  const app = id(`app-${f.app}`);
  const fn = id(`function-${i + 1}`);
  const perMinute = minutes.map(f.perMinute);
  counts.push([owner, app, fn, f.trigger, ...perMinute].join(','));
  const q = (p: number) => fixed(lognormalQuantile(f.medianMs, f.sigma, p));
  const average = Math.round(f.medianMs * Math.exp((f.sigma * f.sigma) / 2));
  const total = perMinute.reduce((a, b) => a + b, 0);
  durations.push([owner, app, fn, average, total, Math.round(q(0)), Math.round(q(1)), q(0), q(0.01), q(0.25), q(0.5), q(0.75), q(0.99), q(1)].join(','));
});
const memory = ['HashOwner,HashApp,SampleCount,AverageAllocatedMb,AverageAllocatedMb_pct1,AverageAllocatedMb_pct5,AverageAllocatedMb_pct25,AverageAllocatedMb_pct50,AverageAllocatedMb_pct75,AverageAllocatedMb_pct95,AverageAllocatedMb_pct99,AverageAllocatedMb_pct100'];
for (const appNumber of [1, 2, 3, 4, 5]) {
  const base = 100 + 60 * appNumber;
  const pct = [0.6, 0.7, 0.85, 1, 1.1, 1.3, 1.45, 1.6].map((k) => Math.round(base * k));
  memory.push([id(`owner-${appNumber}`), id(`app-${appNumber}`), 1000 + 37 * appNumber, base, ...pct].join(','));
}

// 2021: invocations of 5 functions in 4 apps over two hours; function-1's id repeats in app 4
// (in that trace a func id is unique only within its app).
const functions2021 = [
  { app: 1, fn: 'function-1', ratePerSecond: 0.08, medianS: 0.05, sigma: 0.8 },
  { app: 2, fn: 'function-2', ratePerSecond: 0.05, medianS: 0.4, sigma: 1.0 },
  { app: 3, fn: 'function-3', ratePerSecond: 0.02, medianS: 2.0, sigma: 0.5 },
  { app: 3, fn: 'function-4', ratePerSecond: 0.01, medianS: 0.01, sigma: 0.3 },
  { app: 4, fn: 'function-1', ratePerSecond: 0.03, medianS: 0.2, sigma: 0.6 },
];
const invocations: { app: string; fn: string; end: number; duration: number }[] = [];
for (const f of functions2021) {
  for (let t = -Math.log(1 - random()) / f.ratePerSecond; t < 7200; t += -Math.log(1 - random()) / f.ratePerSecond) {
    const duration = fixed(lognormalQuantile(f.medianS, f.sigma, random()));
    invocations.push({ app: id(`app-2021-${f.app}`), fn: id(f.fn), end: t + duration, duration });
  }
}
invocations.sort((a, b) => a.end - b.end);
const trace2021 = ['app,func,end_timestamp,duration', ...invocations.map((v) => `${v.app},${v.fn},${v.end.toFixed(6)},${v.duration}`)];

mkdirSync(folder, { recursive: true });
const write = (name: string, lines: string[]) => {
  writeFileSync(folder + name, lines.join('\n') + '\n');
  console.log(`wrote scenarios/traces/${name} (${lines.length - 1} rows)`);
};
write('generated-azure2019-invocations.csv', counts);
write('generated-azure2019-durations.csv', durations);
write('generated-azure2019-memory.csv', memory);
write('generated-azure2021-invocations.csv', trace2021);
