import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScenarioError } from '../../src/schema/errors.js';
import { findScenarioFiles } from '../../src/scenario/find-files.js';

describe('findScenarioFiles', () => {
  const root = mkdtempSync(join(tmpdir(), 'secfaas-find-'));
  for (const name of ['b.yaml', 'a.json', 'c.yml', 'notes.txt', '.hidden.yaml', 'README.md']) writeFileSync(join(root, name), '');
  mkdirSync(join(root, 'sub.yaml'));
  const single = join(root, 'notes.txt');

  it('expands a directory to its scenario files, sorted, skipping hidden files', () => {
    expect(findScenarioFiles([root])).toEqual([join(root, 'a.json'), join(root, 'b.yaml'), join(root, 'c.yml')]);
  });

  it('includes subfolders, recursively, each folder in name order, hidden folders skipped', () => {
    const tree = mkdtempSync(join(tmpdir(), 'secfaas-tree-'));
    for (const dir of ['m', 'm/deep', '.git', 'z']) mkdirSync(join(tree, dir));
    for (const file of ['b.yaml', 'm/a.yaml', 'm/deep/x.json', 'm/notes.txt', '.git/c.yaml', 'z/y.yml', 'n.yaml']) writeFileSync(join(tree, file), '');
    const expected = ['b.yaml', 'm/a.yaml', 'm/deep/x.json', 'n.yaml', 'z/y.yml'].map((f) => join(tree, f));
    expect(findScenarioFiles([tree])).toEqual(expected);
    expect(findScenarioFiles([tree])).toEqual(expected);
  });

  it('skips profiles/ folders: they hold hardware profile files, not scenarios', () => {
    const tree = mkdtempSync(join(tmpdir(), 'secfaas-profiles-'));
    for (const dir of ['profiles', 'sgx', 'sgx/profiles']) mkdirSync(join(tree, dir));
    for (const file of ['a.yaml', 'profiles/my-host.yaml', 'sgx/b.yaml', 'sgx/profiles/fitted.yaml']) writeFileSync(join(tree, file), '');
    expect(findScenarioFiles([tree])).toEqual([join(tree, 'a.yaml'), join(tree, 'sgx/b.yaml')]);
  });

  it('keeps files as given, in order, once each', () => {
    expect(findScenarioFiles([join(root, 'c.yml'), single, root])).toEqual([
      join(root, 'c.yml'),
      single,
      join(root, 'a.json'),
      join(root, 'b.yaml'),
    ]);
  });

  it('reports every missing path in one ScenarioError', () => {
    const missing = [join(root, 'nope.yaml'), join(root, 'gone')];
    let error: unknown;
    try {
      findScenarioFiles([root, ...missing]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).format()).toBe(missing.map((m) => `${m}: no such file or directory`).join('\n'));
  });

  it('refuses a directory without scenario files, naming it, without a position', () => {
    const empty = mkdtempSync(join(tmpdir(), 'secfaas-empty-'));
    const others = mkdtempSync(join(tmpdir(), 'secfaas-others-'));
    for (const name of ['notes.txt', '.hidden.yaml']) writeFileSync(join(others, name), '');
    mkdirSync(join(others, 'sub.yaml'));
    let error: unknown;
    try {
      findScenarioFiles([root, empty, others]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).issues).toEqual([
      { file: empty, line: 0, column: 0, path: '', message: `no scenario files (.yaml, .yml, .json) in ${empty}` },
      { file: others, line: 0, column: 0, path: '', message: `no scenario files (.yaml, .yml, .json) in ${others}` },
    ]);
    expect((error as ScenarioError).format()).toBe(
      [empty, others].map((d) => `${d}: no scenario files (.yaml, .yml, .json) in ${d}`).join('\n'),
    );
  });
});
