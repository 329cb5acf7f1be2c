// Load a scenario, run it, print its table and judge its claims: `secfaas check`, as a library.
import { claimsOk, evaluateClaims, formatClaimTable, formatSummaryTable, loadScenario, runScenario } from 'secfaas';

export async function runAndCheck(file: string): Promise<{ table: string; claims: string; ok: boolean }> {
  const scenario = loadScenario(file); // a ScenarioError lists every problem, located: error.format()
  const result = await runScenario(scenario, { replications: 3, seed: 7 }); // the file's own without options
  const verdicts = evaluateClaims(result); // one per claim and sweep point: verdict, mean, interval, bounds
  return { table: formatSummaryTable(result), claims: formatClaimTable(verdicts, { scenarios: [scenario] }), ok: claimsOk(verdicts) };
}
