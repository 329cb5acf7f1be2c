import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { MODEL_MARKS } from '../src/schema/model-file.js';

// Every value of every model file (models/**/*.yaml, new files included) says how it is known and
// cites a row of docs/ a user can open: `calibration.md#<id>: ...` or `openwhisk.md#<id>: ...`
// (docs/calibration.md, "Citing a row"). A row is an `<a id="...">` anchor of a docs/ page.

const root = fileURLToPath(new URL('../', import.meta.url));
const docs = join(root, 'docs');
const models = join(root, 'models');

/** Files under `dir` (recursively) whose name ends with one of `extensions`. */
const filesUnder = (dir: string, extensions: string[]): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name), extensions) : extensions.some((x) => e.name.endsWith(x)) ? [join(dir, e.name)] : [],
  );

/** The anchors of each docs/ page (`<a id="...">`), and the ids a page defines twice. */
function docAnchors(): { anchors: Map<string, Set<string>>; twice: string[] } {
  const anchors = new Map<string, Set<string>>();
  const twice: string[] = [];
  for (const file of filesUnder(docs, ['.md'])) {
    const ids = new Set<string>();
    for (const [, id] of readFileSync(file, 'utf8').matchAll(/<a id="([^"]+)"><\/a>/g)) {
      if (ids.has(id)) twice.push(`${relative(docs, file)}#${id}`);
      ids.add(id);
    }
    anchors.set(relative(docs, file), ids);
  }
  return { anchors, twice };
}

const reference = /([\w./-]+\.md)#([a-z0-9-]+)/g;
const leadingReferences = /^[\w./-]+\.md#[a-z0-9-]+(, [\w./-]+\.md#[a-z0-9-]+)*: \S/;

/** What is wrong with the leaves of one parsed model file, each naming the file and the key. */
function sourceProblems(file: string, document: unknown, anchors: Map<string, Set<string>>): string[] {
  const problems: string[] = [];
  const visit = (node: unknown, path: string) => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) {
      problems.push(`${file}: ${path || '(top)'}: expected { value, mark, source } or a group of them, got ${JSON.stringify(node)}`);
      return;
    }
    if (!('value' in node)) {
      for (const [key, child] of Object.entries(node)) visit(child, path ? `${path}.${key}` : key);
      return;
    }
    const { mark, source } = node as { mark?: unknown; source?: unknown };
    if (!(MODEL_MARKS as readonly unknown[]).includes(mark)) problems.push(`${file}: ${path}: mark ${JSON.stringify(mark)} is not one of ${MODEL_MARKS.join(', ')}`);
    if (typeof source !== 'string') {
      problems.push(`${file}: ${path}: no source`);
      return;
    }
    if (!leadingReferences.test(source)) problems.push(`${file}: ${path}: the source does not start with "calibration.md#<id>: " (or openwhisk.md#<id>): ${source}`);
    for (const [, page, id] of source.matchAll(reference)) {
      const ids = anchors.get(page);
      if (ids === undefined) problems.push(`${file}: ${path}: ${page}#${id}: no page docs/${page}`);
      else if (!ids.has(id)) problems.push(`${file}: ${path}: ${page}#${id}: docs/${page} has no row with this id`);
    }
  };
  visit(document, '');
  return problems;
}

describe('model sources', () => {
  const { anchors, twice } = docAnchors();
  const files = filesUnder(models, ['.yaml', '.yml']).map((f) => relative(root, f));

  test('every value under models/, in every file and folder, cites a row of docs/ that exists, with a known mark', () => {
    expect(files).toEqual(expect.arrayContaining(['models/openwhisk.yaml', 'models/sgx.yaml', 'models/clemmys.yaml', 'models/hardware/icelake-sp.yaml']));
    const problems = files.flatMap((f) => sourceProblems(f, parse(readFileSync(join(root, f), 'utf8')), anchors));
    expect(problems).toEqual([]);
  });

  test('no docs page gives two rows the same id', () => {
    expect(twice).toEqual([]);
    expect(anchors.get('calibration.md')?.size).toBeGreaterThan(150);
  });

  test('a source that cites nothing, a missing row or page, or an unknown mark is named with its file and key', () => {
    const pages = new Map([['calibration.md', new Set(['sgx-epc-page'])]]);
    const model = {
      epc: { value: '94MiB', mark: 'seen', source: 'calibration.md#sgx-epc-page: 4 KiB pages' },
      group: {
        uncited: { value: 1, mark: 'seen', source: 'cal: EPC and platform' },
        missingRow: { value: 2, mark: 'derived', source: 'calibration.md#no-such-row: ...' },
        laterMissing: { value: 3, mark: 'seen', source: 'calibration.md#sgx-epc-page: as calibration.md#gone' },
        missingPage: { value: 4, mark: 'seen', source: 'openwhisk-model.md#s4: section 4' },
        badMark: { value: 5, mark: 'measured', source: 'calibration.md#sgx-epc-page: x' },
        noSource: { value: 6, mark: 'estimated' },
      },
    };
    expect(sourceProblems('models/x.yaml', model, pages)).toEqual([
      'models/x.yaml: group.uncited: the source does not start with "calibration.md#<id>: " (or openwhisk.md#<id>): cal: EPC and platform',
      'models/x.yaml: group.missingRow: calibration.md#no-such-row: docs/calibration.md has no row with this id',
      'models/x.yaml: group.laterMissing: calibration.md#gone: docs/calibration.md has no row with this id',
      'models/x.yaml: group.missingPage: openwhisk-model.md#s4: no page docs/openwhisk-model.md',
      'models/x.yaml: group.badMark: mark "measured" is not one of seen, derived, estimated',
      'models/x.yaml: group.noSource: no source',
    ]);
  });
});
