/** Expands the paths given on a command line into scenario files. */
import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { ScenarioIssue } from '../schema/errors.js';
import { ScenarioError } from '../schema/errors.js';

export const SCENARIO_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** Folders of this name hold hardware profile files (`hardware: ./profiles/my-host.yaml`), not scenarios. */
export const PROFILES_FOLDER = 'profiles';

/**
 * The *.yaml, *.yml and *.json files below `dir`, subfolders included, hidden ones and `profiles/`
 * not: in a stable order, each folder's entries sorted by name, a subfolder's files where its name sorts.
 */
export function scenarioFilesUnder(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== PROFILES_FOLDER) files.push(...scenarioFilesUnder(path));
    }
    else if (entry.isFile() && SCENARIO_EXTENSIONS.includes(extname(entry.name).toLowerCase())) files.push(path);
  }
  return files;
}

/**
 * Files stay as given; a directory becomes its scenario files, subfolders included
 * (scenarioFilesUnder). A missing path, and a directory without scenario files, are errors (all
 * of them in one ScenarioError).
 */
export function findScenarioFiles(pathsOrDirs: string[]): string[] {
  const files: string[] = [];
  const issues: ScenarioIssue[] = [];
  for (const path of pathsOrDirs) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      issues.push({ file: path, line: 0, column: 0, path: '', message: 'no such file or directory' });
      continue;
    }
    if (!isDirectory) {
      files.push(path);
      continue;
    }
    const found = scenarioFilesUnder(path);
    // An empty folder is a mistake (a wrong path, files with another extension), not "all fine".
    if (found.length === 0) {
      issues.push({ file: path, line: 0, column: 0, path: '', message: `no scenario files (${SCENARIO_EXTENSIONS.join(', ')}) in ${path}` });
      continue;
    }
    files.push(...found);
  }
  if (issues.length > 0) throw new ScenarioError(issues);
  return [...new Set(files)];
}
