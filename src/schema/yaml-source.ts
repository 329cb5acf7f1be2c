/**
 * Reads scenario text (YAML, or JSON which is YAML) into plain data plus a locator that maps a
 * path in that data back to a line and column. Only the YAML core schema is accepted: no custom
 * or language-specific tags, so nothing in a file can become code or an exotic object. Hardware
 * profile files are read the same way (`kind` words the messages).
 */
import { LineCounter, isAlias, isCollection, isMap, isNode, isScalar, isSeq, parseAllDocuments, visit } from 'yaml';
import type { Document, Node as YamlNode, ParsedNode } from 'yaml';
import type { Path } from '../schema/errors.js';

export interface Position {
  line: number;
  column: number;
}

export interface LocatedMessage extends Position {
  message: string;
}

export interface ParsedSource {
  /** The document as plain data (maps -> objects, sequences -> arrays). */
  data: unknown;
  /** Position of `path`, or of its deepest part that exists. */
  locate(path: Path): Position;
}

const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

const START: Position = { line: 1, column: 1 };

/** What a file holds, for the messages: its name and what it needs at least. */
export interface SourceKind {
  noun: string;
  needs: string;
}
export const SCENARIO_SOURCE: SourceKind = { noun: 'scenario', needs: 'name, duration, platform, functions and workload' };

/** Parses `text`; returns the data or the syntax problems, each with a position. */
export function parseSource(text: string, kind: SourceKind = SCENARIO_SOURCE): ParsedSource | { problems: LocatedMessage[] } {
  const empty = `the file is empty: a ${kind.noun} needs at least ${kind.needs}`;
  const lineCounter = new LineCounter();
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const documents = parseAllDocuments(text, {
    lineCounter,
    schema: 'core',
    merge: false,
    uniqueKeys: true,
    strict: true,
    prettyErrors: false,
  });
  if (!Array.isArray(documents) || documents.length === 0) {
    return { problems: [{ ...START, message: empty }] };
  }
  const problems: LocatedMessage[] = [];
  for (const document of documents) {
    for (const error of document.errors) problems.push({ ...at(error.pos[0]), message: error.message });
    // Warnings (an unresolved tag, a key that is a collection) would silently change the data: treat them as errors.
    for (const warning of document.warnings) {
      if (warning.code !== 'TAG_RESOLVE_FAILED') problems.push({ ...at(warning.pos[0]), message: warning.message });
    }
  }
  if (documents.length > 1) {
    const second = documents[1].range[0];
    problems.push({ ...at(second), message: `a ${kind.noun} file holds one YAML document, this one has ${documents.length}` });
  }
  const document = documents[0];
  problems.push(...checkNodes(document, at, kind));
  if (problems.length > 0) return { problems: sortByPosition(problems) };
  if (document.contents === null) return { problems: [{ ...START, message: empty }] };

  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    // toJS refuses alias bombs with a ReferenceError; anything it refuses is a problem of the file.
    return { problems: [{ ...START, message: `cannot read the document: ${(error as Error).message}` }] };
  }
  return { data, locate: (path) => locate(document, path, at) };
}

/** Tags outside the core schema, `__proto__` keys and keys that are not plain scalars. */
function checkNodes(document: Document.Parsed, at: (offset: number) => Position, kind: SourceKind): LocatedMessage[] {
  const problems: LocatedMessage[] = [];
  const offsetOf = (node: unknown): number => (isNode(node) && node.range ? node.range[0] : 0);
  visit(document, {
    Node(_key, node) {
      if (node.tag !== undefined && !CORE_TAGS.has(node.tag)) {
        const shown = node.tag.replace(/^tag:yaml\.org,2002:/, '!!');
        problems.push({ ...at(offsetOf(node)), message: `tag ${shown} is not allowed: ${kind.noun} files use plain YAML values only` });
      }
    },
    Pair(_key, pair) {
      if (pair.key !== null && !isScalar(pair.key)) {
        problems.push({ ...at(offsetOf(pair.key)), message: 'a key must be a plain string, not a list or a mapping' });
      } else if (isScalar(pair.key) && pair.key.value === '__proto__') {
        problems.push({ ...at(offsetOf(pair.key)), message: 'the key __proto__ is not allowed' });
      }
    },
  });
  return problems;
}

function sortByPosition(problems: LocatedMessage[]): LocatedMessage[] {
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * Walks `path` through the node tree. A value is located at its start, except a block
 * collection, which is located at its key (the value starts on the next line). A path that
 * leaves the tree stops at the deepest key that exists.
 */
function locate(document: Document.Parsed, path: Path, at: (offset: number) => Position): Position {
  let node: unknown = document.contents;
  let keyNode: YamlNode | null = null;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(document);
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      keyNode = pair.key as YamlNode;
      node = pair.value;
      if (node === null) break;
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      keyNode = null;
      node = node.items[segment];
    } else {
      break;
    }
  }
  const blockCollection = isCollection(node) && !node.flow;
  const target = (blockCollection || !isNode(node)) && keyNode ? keyNode : node;
  const range = isNode(target) ? (target as ParsedNode).range : undefined;
  return range ? at(range[0]) : START;
}
