// Golden outputs of every shipped scenario (test/golden/).
//   npm run golden            rewrites them: run it on purpose when a model change moves results,
//                             and review the diff of the references in the same commit
//   tsx scripts/golden.ts --print   prints every fresh output as JSON (what test/golden.test.ts compares)
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { goldenOutput, goldenStem, type GoldenOutput } from '../src/output/golden.js';
import { scenarioFilesUnder } from '../src/scenario/find-files.js';

const scenarios = fileURLToPath(new URL('../scenarios/', import.meta.url));
const golden = fileURLToPath(new URL('../test/golden/', import.meta.url));
const print = process.argv.includes('--print');
const outputs: Record<string, GoldenOutput> = {};
for (const file of scenarioFilesUnder(scenarios)) outputs[goldenStem(scenarios, file)] = await goldenOutput(file);
if (print) process.stdout.write(JSON.stringify(outputs));
else {
  mkdirSync(golden, { recursive: true });
  for (const old of readdirSync(golden)) if (/\.(summary\.csv|summary-statistics\.csv|events\.txt)$/.test(old)) rmSync(golden + old);
  for (const [stem, out] of Object.entries(outputs)) {
    writeFileSync(`${golden}${stem}.summary.csv`, out.summaryCsv);
    writeFileSync(`${golden}${stem}.summary-statistics.csv`, out.statisticsCsv);
    writeFileSync(`${golden}${stem}.events.txt`, out.events);
    console.log(`wrote test/golden/${stem}.{summary.csv,summary-statistics.csv,events.txt}`);
  }
}
