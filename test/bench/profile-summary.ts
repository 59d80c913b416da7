// Where a profiled process spent its time and kept its memory: the top functions of a V8
// .cpuprofile (self time, optionally only a time span of it) and of a .heapprofile (sampled live
// bytes at the time it was written), each also summed by part (a src/ folder, a package, node).
//
//   npx tsx test/bench/profile-summary.ts FILE.cpuprofile|FILE.heapprofile …

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}
interface CpuNode {
  readonly id: number;
  readonly callFrame: CallFrame;
}
interface CpuProfile {
  readonly nodes: readonly CpuNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}
interface HeapNode {
  readonly callFrame: CallFrame;
  readonly selfSize: number;
  readonly children: readonly HeapNode[];
}

/** A function as "name file:line", the file shortened to its place in the project or a package. */
function functionKey(frame: CallFrame): string {
  const name = frame.functionName || '(anonymous)';
  if (frame.url === '') return name;
  return `${name} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) return url.slice(modules + '/node_modules/'.length);
  const dist = url.indexOf('/dist/');
  if (dist >= 0) return url.slice(dist + 1);
  return url.replace(/^file:\/\//, '');
}

/** The part a function belongs to: dist/<folder>, a package, node's own code, or V8's. */
function partOf(frame: CallFrame): string {
  const { url } = frame;
  if (url === '') return frame.functionName || '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/');
    return `package ${rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  const dist = /\/dist\/([^/]+)\//.exec(url);
  if (dist) return `src/${dist[1]}`;
  return shortUrl(url);
}

function top(totals: Map<string, number>, total: number, n: number, unit: (v: number) => string) {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(
      ([key, v]) =>
        `    ${((v / total) * 100).toFixed(1).padStart(5)} %  ${unit(v).padStart(9)}  ${key}`,
    );
}

/**
 * Self time by function and by part; with `span`, only samples from `span.fromEndMs` before the
 * profile's end up to `span.skipEndMs` before it (e.g. the measured windows, not start and stop).
 */
export function cpuProfileSummary(
  file: string,
  span?: { readonly fromEndMs: number; readonly skipEndMs: number },
  n = 15,
): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const from = span ? profile.endTime - span.fromEndMs * 1000 : Number.NEGATIVE_INFINITY;
  const to = span ? profile.endTime - span.skipEndMs * 1000 : Number.POSITIVE_INFINITY;
  const byFunction = new Map<string, number>();
  const byPart = new Map<string, number>();
  let t = profile.startTime;
  let total = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (t < from || t > to) return;
    const frame = frames.get(id);
    if (!frame) return;
    const fn = functionKey(frame);
    const part = partOf(frame);
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + delta);
    byPart.set(part, (byPart.get(part) ?? 0) + delta);
    total += delta;
  });
  const ms = (us: number) => `${(us / 1000).toFixed(0)} ms`;
  // Shares of the busy time: an idle thread's profile is otherwise all "(idle)".
  const busy = total - (byPart.get('(idle)') ?? 0);
  byPart.delete('(idle)');
  byFunction.delete('(idle)');
  return [
    `  ${basename(file)}: ${ms(total)} sampled, ${ms(busy)} busy (${((busy / Math.max(1, total)) * 100).toFixed(1)} % of one core); shares of the busy time:`,
    '   by part:',
    ...top(byPart, busy, 10, ms),
    '   by function (self time):',
    ...top(byFunction, busy, n, ms),
  ].join('\n');
}

/** Sampled live bytes at the time the profile was written, by allocating function and by part. */
export function heapProfileSummary(file: string, n = 15): string {
  const { head } = JSON.parse(readFileSync(file, 'utf8')) as { head: HeapNode };
  const byFunction = new Map<string, number>();
  const byPart = new Map<string, number>();
  let total = 0;
  const pending: HeapNode[] = [head];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    pending.push(...node.children);
    if (node.selfSize === 0) continue;
    const fn = functionKey(node.callFrame);
    const part = partOf(node.callFrame);
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + node.selfSize);
    byPart.set(part, (byPart.get(part) ?? 0) + node.selfSize);
    total += node.selfSize;
  }
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
  return [
    `  ${basename(file)}: ${mb(total)} live (sampled)`,
    '   by part:',
    ...top(byPart, total, 10, mb),
    '   by allocating function:',
    ...top(byFunction, total, n, mb),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const file of process.argv.slice(2)) {
    process.stdout.write(
      `${file.endsWith('.heapprofile') ? heapProfileSummary(file) : cpuProfileSummary(file)}\n`,
    );
  }
}
