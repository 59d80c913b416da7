// Parses one YAML file into plain data, substituting ${VAR}s and recording where every value sits.

import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  type Document as YamlDocument,
} from 'yaml';
import { type Environment, substituteEnv } from './env.js';
import type { ConfigProblem } from './problems.js';
import { type DataPath, formatPath, type Position, SourceMap } from './source-map.js';

export interface YamlSource {
  /** The data, with YAML nulls inside mappings turned into undefined (an empty value is an absent one). */
  readonly value: unknown;
  readonly map: SourceMap;
  readonly problems: readonly ConfigProblem[];
  /** False when the YAML itself is broken: then `value` is not worth validating. */
  readonly readable: boolean;
}

interface Walk {
  readonly doc: YamlDocument.Parsed;
  readonly lines: LineCounter;
  readonly map: SourceMap;
  readonly env: Environment;
  readonly problems: ConfigProblem[];
  /** First use of each missing variable, and how many uses follow: one problem a variable, not hundreds. */
  readonly missing: Map<string, { path: DataPath; at: Position; count: number }>;
  /** Nodes being expanded, to stop an alias that refers to its own ancestor. */
  readonly active: Set<Node>;
}

export function parseYamlSource(text: string, file: string, env: Environment): YamlSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const map = new SourceMap(file);
  const problems: ConfigProblem[] = [];
  const at = (offset: number): Position => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  for (const error of doc.errors) {
    const { line, column } = at(error.pos[0]);
    problems.push({
      file,
      line,
      column,
      path: '',
      message: yamlMessage(error.message),
      severity: 'error',
    });
  }
  for (const warning of doc.warnings) {
    const { line, column } = at(warning.pos[0]);
    problems.push({
      file,
      line,
      column,
      path: '',
      message: yamlMessage(warning.message),
      severity: 'warning',
    });
  }
  if (doc.errors.length > 0) return { value: undefined, map, problems, readable: false };

  const walk: Walk = {
    doc,
    lines,
    map,
    env,
    problems,
    missing: new Map(),
    active: new Set(),
  };
  const root = doc.contents;
  const value = root === null ? undefined : toData(walk, root, [], null);
  if (root === null) map.record([], null, { line: 1, column: 1 });
  for (const [name, use] of walk.missing) {
    const more = use.count > 1 ? ` (used ${use.count} times in this file; this is the first)` : '';
    problems.push({
      file,
      line: use.at.line,
      column: use.at.column,
      path: formatPath(use.path),
      message: `environment variable ${name} is not set${more}`,
      severity: 'error',
    });
  }
  return { value, map, problems, readable: true };
}

function positionOf(walk: Walk, node: Node | null | undefined): Position | null {
  const offset = node?.range?.[0];
  if (offset === undefined) return null;
  const { line, col } = walk.lines.linePos(offset);
  return { line, column: col };
}

function toData(walk: Walk, node: Node, path: DataPath, key: Position | null): unknown {
  const here = positionOf(walk, node) ?? key ?? { line: 1, column: 1 };
  if (isAlias(node)) {
    const target = node.resolve(walk.doc);
    if (!target || walk.active.has(target)) {
      problem(walk, path, here, `alias *${node.source} refers to itself or to nothing`);
      return undefined;
    }
    walk.map.record(path, key, here);
    walk.active.add(target);
    const value = toData(walk, target, path, key);
    walk.active.delete(target);
    // Keep the alias's own position for the value itself: that is where the reader looks.
    walk.map.record(path, key, here, walk.map.envOf(path));
    return value;
  }
  if (isScalar(node)) {
    const raw = node.value;
    if (typeof raw !== 'string') {
      walk.map.record(path, key, here);
      return raw;
    }
    const sub = substituteEnv(raw, walk.env);
    walk.map.record(path, key, here, sub.variables);
    for (const bad of sub.malformed) {
      problem(
        walk,
        path,
        here,
        `${JSON.stringify(bad)} is not a valid \${VAR} or \${VAR:-default} reference`,
      );
      walk.map.markFailed(path);
    }
    for (const name of sub.missing) {
      const seen = walk.missing.get(name);
      if (seen) seen.count++;
      else walk.missing.set(name, { path, at: here, count: 1 });
      walk.map.markFailed(path);
    }
    return sub.value;
  }
  if (isMap(node)) {
    // Merge keys (`<<: *defaults`) first: what the mapping sets itself then wins, positions included.
    const merged: Record<string, unknown> = {};
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      if (isScalar(keyNode) && keyNode.value === '<<' && pair.value) {
        const keyAt = positionOf(walk, keyNode) ?? here;
        for (const source of mergeSources(walk, pair.value as Node, path, keyAt)) {
          for (const [k, v] of Object.entries(source)) if (!(k in merged)) merged[k] = v;
        }
      }
    }
    const out: Record<string, unknown> = merged;
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const keyText = isScalar(keyNode) ? keyNode.value : null;
      const keyAt = positionOf(walk, keyNode) ?? here;
      if (keyText === '<<') continue;
      if (typeof keyText !== 'string' && typeof keyText !== 'number') {
        problem(walk, path, keyAt, 'keys must be plain words or numbers');
        continue;
      }
      const name = String(keyText);
      if (name === '__proto__') {
        problem(walk, path, keyAt, '"__proto__" cannot be a key');
        continue;
      }
      const childPath = [...path, name];
      const valueNode = pair.value as Node | null;
      if (valueNode === null || (isScalar(valueNode) && valueNode.value === null)) {
        // An empty value means "not set": the key stays, so a misspelt key is still caught.
        walk.map.record(childPath, keyAt, positionOf(walk, valueNode) ?? keyAt);
        out[name] = undefined;
        continue;
      }
      out[name] = toData(walk, valueNode, childPath, keyAt);
    }
    walk.map.record(path, key, here);
    return out;
  }
  if (isSeq(node)) {
    walk.map.record(path, key, here);
    return node.items.map((item, index) => {
      const itemNode = item as Node | null;
      if (itemNode === null) {
        walk.map.record([...path, index], null, here);
        return null;
      }
      return toData(walk, itemNode, [...path, index], null);
    });
  }
  problem(walk, path, here, 'unsupported YAML node');
  return undefined;
}

function mergeSources(
  walk: Walk,
  node: Node,
  path: DataPath,
  keyAt: Position,
): Record<string, unknown>[] {
  const nodes = isSeq(node) ? (node.items as Node[]) : [node];
  const out: Record<string, unknown>[] = [];
  for (const n of nodes) {
    const value = toData(walk, n, path, keyAt);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      out.push(value as Record<string, unknown>);
    } else problem(walk, path, keyAt, '<< merges only mappings');
  }
  return out;
}

function problem(walk: Walk, path: DataPath, at: Position, message: string): void {
  walk.problems.push({
    file: walk.map.file,
    line: at.line,
    column: at.column,
    path: formatPath(path),
    message,
    severity: 'error',
  });
}

/** The yaml package's messages, with the first letter lowered to match ours. */
function yamlMessage(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return `YAML: ${first.charAt(0).toLowerCase()}${first.slice(1)}`;
}
