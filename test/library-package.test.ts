import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import semver from 'semver';

// The package as npm sees it: the Node versions it promises, against what its dependencies ask.
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8'));
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The lowest Node version of each alternative of a range (`^20.19.0 || >=22.12.0`: 20.19.0 and 22.12.0). */
const lowestOfEach = (range: string): string[] => new semver.Range(range).set.map((comparators) => semver.minVersion(new semver.Range(comparators.map((c) => c.value).join(' ')))!.version);

describe('the Node versions the package promises', () => {
  const promised: string = pkg.engines.node;

  it('satisfy the engines of every package npm ci installs (no EBADENGINE warning), at the lowest version of each line', () => {
    const refused: string[] = [];
    for (const node of lowestOfEach(promised)) {
      for (const [path, entry] of Object.entries(lock.packages as Record<string, { engines?: { node?: string } }>)) {
        const wants = entry.engines?.node;
        if (path === '' || wants === undefined) continue;
        if (!semver.satisfies(node, wants)) refused.push(`${path.replace(/^node_modules\//, '')} wants node ${wants}, not ${node}`);
      }
    }
    expect(refused).toEqual([]);
  });

  it('are the ones the README states, and include the Node of this machine', () => {
    const [twenty, later] = lowestOfEach(promised).map((v) => v.replace(/\.0$/, ''));
    expect(readme).toContain(`Node.js ${twenty} or later (${later} or later on Node 22)`);
    expect(semver.satisfies(process.versions.node, promised)).toBe(true);
  });
});
