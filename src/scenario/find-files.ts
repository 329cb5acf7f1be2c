/** Expands the paths given on a command line into scenario files. */
import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { ScenarioIssue } from '../spec/errors.js';
import { ScenarioError } from '../spec/errors.js';

export const SCENARIO_EXTENSIONS = ['.yaml', '.yml', '.json'];

/**
 * Files stay as given; a directory becomes its *.yaml, *.yml and *.json files (not its
 * subdirectories, not hidden files), sorted by name. A missing path, and a directory without
 * scenario files, are errors (all of them in one ScenarioError).
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
    const names = readdirSync(path, { withFileTypes: true })
      .filter((entry) => entry.isFile() && !entry.name.startsWith('.') && SCENARIO_EXTENSIONS.includes(extname(entry.name).toLowerCase()))
      .map((entry) => entry.name)
      .sort();
    // An empty folder is a mistake (a wrong path, files with another extension), not "all fine".
    if (names.length === 0) {
      issues.push({ file: path, line: 0, column: 0, path: '', message: `no scenario files (${SCENARIO_EXTENSIONS.join(', ')}) in ${path}` });
      continue;
    }
    files.push(...names.map((name) => join(path, name)));
  }
  if (issues.length > 0) throw new ScenarioError(issues);
  return [...new Set(files)];
}
