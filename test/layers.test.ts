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
  ['platform'], // the platform models, and the contract of a security layer on them
  ['tee'], // trusted execution environments on the invokers: SGX enclaves (tee/sgx), each folder on its own
  ['protocols'], // secure-FaaS protocols on a TEE: Clemmys on SGX
  ['layers'], // the record of security layers: folds a run's layers over its platform
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

/** Every cycle of the folder graph (a strongly connected component of two folders or more, or a self-loop between files is not one), each as a list of folders. */
function folderCycles(edges: readonly Edge[]): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const e of edges) {
    const [a, b] = [folderOf(e.from), folderOf(e.to)];
    if (a === b) continue;
    if (!graph.has(a)) graph.set(a, new Set());
    if (!graph.has(b)) graph.set(b, new Set());
    graph.get(a)!.add(b);
  }
  // Tarjan's strongly connected components: a component of two or more folders is a cycle
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    for (let w = stack.pop()!; ; w = stack.pop()!) {
      onStack.delete(w);
      component.push(w);
      if (w === v) break;
    }
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return cycles;
}

/** The sibling folder an import reaches inside the same top folder of `tee` or `protocols` (each TEE, each protocol on its own), or undefined. */
function siblingOf(e: Edge): string | undefined {
  const [from, to] = [folderOf(e.from).split('/'), folderOf(e.to).split('/')];
  if (!['tee', 'protocols'].includes(from[0]) || from[0] !== to[0]) return undefined;
  return from[1] !== to[1] && to[1] !== undefined && from[1] !== undefined ? to.slice(0, 2).join('/') : undefined;
}

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

  it('no cycle of folders, of any length (the finder itself: a 3-folder cycle is found)', () => {
    const fake = (from: string, to: string): Edge => ({ from: `${from}/x.ts`, to: `${to}/y.ts` });
    expect(folderCycles([fake('a', 'b'), fake('b', 'c'), fake('c', 'a'), fake('c', 'd')])).toEqual([['a', 'b', 'c']]);
    expect(folderCycles([fake('a', 'b'), fake('b', 'c'), fake('a', 'c')])).toEqual([]);
    expect(folderCycles(edges)).toEqual([]);
  });

  it("no file of src/ imports the package by its own name (it would load the built package, a second copy)", () => {
    const own = sourceFiles(src).flatMap((path) => importsOf(path).filter((spec) => spec === 'secfaas' || spec.startsWith('secfaas/')).map((spec) => `${relative(src, path)} imports ${spec}`));
    expect(own).toEqual([]);
  });

  it('each TEE and each protocol is a folder of its own: no import between siblings of tee/ or protocols/', () => {
    expect(edges.filter((e) => siblingOf(e) !== undefined).map((e) => `${e.from} imports ${e.to}`)).toEqual([]);
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
