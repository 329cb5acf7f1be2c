export { loadScenario, parseScenario } from './load.js';
export { findScenarioFiles } from './find-files.js';
export { ScenarioError, formatIssue } from './errors.js';
export type { ScenarioIssue } from './errors.js';
export { BASE_VARIANT } from './variants.js';
