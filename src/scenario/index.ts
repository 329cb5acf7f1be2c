export { loadScenario, parseScenario } from './load.js';
export { findScenarioFiles } from './find-files.js';
export { ScenarioError, formatIssue } from '../spec/errors.js';
export type { ScenarioIssue } from '../spec/errors.js';
export { BASE_VARIANT } from './variants.js';
