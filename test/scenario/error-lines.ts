import { parseScenario } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/schema/errors.js';

/** The located errors a scenario text loads with, as `line:column: path: message`; throws if it loads. */
export function scenarioErrorLines(text: string, file: string): string[] {
  try {
    parseScenario(text, file);
  } catch (error) {
    if (error instanceof ScenarioError) return error.issues.map((i) => `${i.line}:${i.column}: ${i.path}: ${i.message}`);
    throw error;
  }
  throw new Error('loaded without error');
}
