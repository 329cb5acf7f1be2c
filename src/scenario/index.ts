export { loadScenario, parseScenario } from './load.js';
export { findScenarioFiles } from './find-files.js';
export { ScenarioError, formatIssue } from '../schema/errors.js';
export type { ScenarioIssue } from '../schema/errors.js';
export type { LoadOptions } from './load.js';
export { BASE_VARIANT } from './variants.js';
