import { readFileSync } from 'node:fs';

/**
 * The package version, read once from package.json (two levels up from src/run and dist/run). A
 * module of its own: `secfaas --version` reads it without loading the simulator.
 */
export const VERSION: string = (() => {
  try {
    return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version as string;
  } catch {
    return 'unknown';
  }
})();
