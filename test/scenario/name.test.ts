import { describe, expect, it } from '@jest/globals';
import { BASE, errorOf, writeScenario } from './helpers.js';
import { loadScenario } from '../../src/scenario/load.js';

// The name is the default output folder results/<name>/: it must not be able to point elsewhere.
const named = (name: string) => BASE.replace('name: t', `name: ${JSON.stringify(name)}`);

describe('scenario name', () => {
  it.each(['bad/../../escape', '..', '.', '../x', '/etc', 'a\\b', 'C:x', ' x', 'x y', '', '.hidden', 'a'.repeat(101)])(
    'refuses %j at the name, with line and column',
    (name) => {
      const file = writeScenario(named(name));
      const issues = errorOf(file).issues;
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ file, path: 'name', line: 1, column: 7 });
      expect(issues[0].message).toContain('results/<name>/');
    },
  );

  it.each(['mmc-example', 'v1.2_x', 'A', 'a..b', '0'])('accepts the plain file name %j', (name) => {
    expect(loadScenario(writeScenario(named(name))).name).toBe(name);
  });
});
