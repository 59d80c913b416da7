// Reads Prometheus' text exposition format (what /metrics serves) into figures by name. Pure.

export interface PromSample {
  readonly name: string;
  /** Label pairs as written, e.g. {worker: "0"}; empty without labels. */
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface PromFigures {
  readonly samples: readonly PromSample[];
  readonly types: ReadonlyMap<string, string>;
  readonly help: ReadonlyMap<string, string>;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+-?\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function parseValue(text: string): number {
  if (text === '+Inf' || text === 'Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (text === 'NaN') return Number.NaN;
  const value = Number(text);
  return text.trim() === '' ? Number.NaN : value;
}

function unescaped(text: string): string {
  return text.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

/** Every sample, with TYPE and HELP lines; lines it cannot read are skipped. */
export function parsePrometheus(text: string): PromFigures {
  const samples: PromSample[] = [];
  const types = new Map<string, string>();
  const help = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const meta = /^#\s+(HELP|TYPE)\s+(\S+)\s?(.*)$/.exec(line);
      if (meta?.[1] === 'TYPE') types.set(meta[2] as string, (meta[3] ?? '').trim());
      else if (meta?.[1] === 'HELP') help.set(meta[2] as string, unescaped(meta[3] ?? ''));
      continue;
    }
    const match = SAMPLE.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const pair of (match[3] ?? '').matchAll(LABEL))
      labels[pair[1] as string] = unescaped(pair[2] as string);
    samples.push({ name: match[1] as string, labels, value: parseValue(match[4] as string) });
  }
  return { samples, types, help };
}

/** The sum of a figure's samples (over its labels); null when /metrics has no such figure. */
export function figure(figures: PromFigures, name: string): number | null {
  let sum: number | null = null;
  for (const sample of figures.samples) if (sample.name === name) sum = (sum ?? 0) + sample.value;
  return sum;
}

/** The sum of every figure whose name starts with `prefix` (e.g. the SNMP failures by reason). */
export function figureSum(figures: PromFigures, prefix: string): number | null {
  let sum: number | null = null;
  for (const sample of figures.samples)
    if (sample.name.startsWith(prefix)) sum = (sum ?? 0) + sample.value;
  return sum;
}
