import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { fileURLToPath } from 'node:url';

// Folders of src/ are layers: a file imports only from its own layer or the layers below it, and no
// two folders import each other. Type-only imports count too: a type names the layer it comes from,
// and a cycle of types is a cycle of concepts. The order (lowest first):
const LAYERS: readonly (readonly string[])[] = [
  ['engine'], // the event kernel, random streams and the distributions drawn from them
  ['schema'], // the scenario language: spec records, units, zod helpers, located errors (platforms write their schemas in it)
  ['model'], // domain records: Activation, Metrics, the activation events, the platform contract, what a model records
  ['resources'], // reusable pieces any model builds on: FIFO, idle pools, stations, ledgers
  ['workload'], // arrival processes and closed-loop clients
  ['platform', 'tee', 'protocols'], // the platform models and what secure FaaS adds to them
  ['metrics'], // the per-run recorder and the metric vocabulary
  ['scenario'], // the loader: iterates the registered platforms and metrics to validate a file
  ['run'], // one replication, a whole scenario
  ['aggregate'], // across replications: estimates with confidence intervals, number formats
  ['claims'], // claim verdicts
  ['output'], // summary.csv, summary.json, time series, tables, golden references
  ['sweep'], // a sweep as units: worker threads, unit files, resume, shards and their merge
  ['cli'], // the yargs commands
];
// The package entry points sit above everything.
const TOP = LAYERS.length;

const src = fileURLToPath(new URL('../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return sourceFiles(path);
      return name.endsWith('.ts') ? [path] : [];
    });
}

/** Every module a file names: import and export declarations (type-only too), `import('...')` and `import type` nodes. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      found.push(node.arguments[0].text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

interface Edge {
  /** Importing file, relative to src/. */
  from: string;
  /** Imported file, relative to src/. */
  to: string;
}

/** Folder of a file relative to src/ ('' for the entry points at the top). */
const folderOf = (file: string): string => dirname(file) === '.' ? '' : dirname(file);
const topFolder = (file: string): string => folderOf(file).split('/')[0];

function layerOf(file: string): number {
  const top = topFolder(file);
  if (top === '') return TOP;
  const layer = LAYERS.findIndex((names) => names.includes(top));
  return layer;
}

const edges: Edge[] = sourceFiles(src).flatMap((path) => {
  const from = relative(src, path);
  return importsOf(path)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => ({ from, to: relative(src, resolve(dirname(path), spec)).replace(/\.js$/, '.ts') }));
});

describe('src/ layers', () => {
  it('sees the imports (the parser found the repository)', () => {
    expect(edges.length).toBeGreaterThan(100);
    expect(edges).toContainEqual({ from: 'run/replication.ts', to: 'engine/index.ts' });
  });

  it('every folder of src/ has a layer', () => {
    const unknown = [...new Set(edges.flatMap((e) => [e.from, e.to]).filter((f) => layerOf(f) < 0).map(topFolder))];
    expect(unknown).toEqual([]);
  });

  it('no file imports from a layer above its own', () => {
    const upward = edges
      .filter((e) => layerOf(e.to) > layerOf(e.from))
      .map((e) => `${e.from} imports ${e.to} (layer ${topFolder(e.to)} is above ${topFolder(e.from) || 'the entry points'})`);
    expect(upward).toEqual([]);
  });

  it('no two folders import each other', () => {
    const folderEdges = new Map<string, Edge>();
    for (const e of edges) if (folderOf(e.from) !== folderOf(e.to)) folderEdges.set(`${folderOf(e.from)} -> ${folderOf(e.to)}`, e);
    const mutual = [...folderEdges.entries()]
      .filter(([key]) => {
        const [a, b] = key.split(' -> ');
        return a < b && folderEdges.has(`${b} -> ${a}`);
      })
      .map(([key, e]) => {
        const [a, b] = key.split(' -> ');
        const back = folderEdges.get(`${b} -> ${a}`)!;
        return `${a}/ and ${b}/ import each other: ${e.from} imports ${e.to}, ${back.from} imports ${back.to}`;
      });
    expect(mutual).toEqual([]);
  });
});
