export { loadScenario, parseScenario } from './load.js';
export { findScenarioFiles, SCENARIO_EXTENSIONS } from './find-files.js';
export { ScenarioError, formatIssue, formatPath } from './errors.js';
export type { ScenarioIssue } from './errors.js';
export { toBaseUnits } from './sweep.js';
export { BASE_VARIANT } from './variants.js';
export type * from './types.js';
