import { stringify } from 'yaml';
import { functionsFromTrace } from '../scenario/from-trace.js';
import { TraceError } from '../workload/trace.js';
import { EXIT_OK, UsageError } from './errors.js';

export interface TraceFunctionsArgs {
  trace: string;
  top: number;
  durations?: string;
  memory?: string;
  scenarioDir: string;
}

/** `secfaas trace-functions TRACE --top N`: prints `functions:` and `workload:` for a scenario, from the trace's busiest functions. */
export function traceFunctionsCommand(args: TraceFunctionsArgs): number {
  if (!(Number.isInteger(args.top) && args.top >= 1)) throw new UsageError(`--top must be a whole number >= 1, got ${args.top}`);
  let part;
  try {
    part = functionsFromTrace(args.trace, { top: args.top, durations: args.durations, memory: args.memory, scenarioFolder: args.scenarioDir });
  } catch (error) {
    if (error instanceof TraceError) throw new UsageError(error.message);
    throw error;
  }
  process.stdout.write(`# The ${part.functions.length} busiest functions of ${args.trace} (secfaas trace-functions); paste into a scenario in ${args.scenarioDir}\n`);
  process.stdout.write(stringify(part, { lineWidth: 0 }));
  return EXIT_OK;
}
