// Across replications: the mean and 95 % Student-t interval of a metric per variant and sweep point.
import { aggregate, loadScenario, runScenario, type Estimate } from 'secfaas';

export async function p99ByPoint(file: string): Promise<{ variant: string; point: Record<string, number | string>; p99: Estimate }[]> {
  const result = await runScenario(loadScenario(file));
  return aggregate(result)
    .filter((group) => group.function === 'all' && group.chain === 'all') // whole run; else a function's or chain's rows
    .map((group) => ({ variant: group.variant, point: group.point, p99: group.estimates['latency.p99'] })); // seconds
}
