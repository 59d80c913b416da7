// A scenario: a timeline of faults for the demo (and for anyone rehearsing an outage), in YAML:
//
//   repeat: 20m            # optional: start over after this long
//   events:
//     - at: 1m             # from the lab's start (or the start of each repetition)
//       kind: down         # any fault kind the control API takes, with its fields
//       site: kec-cisoka
//       for: 3m

import { readFile } from 'node:fs/promises';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import { type FaultSpec, faultSpecSchema, parseDuration } from './faults.js';
import type { Lab } from './lab.js';

export interface ScenarioEvent {
  readonly atMs: number;
  readonly fault: FaultSpec;
  /** Where the event is written, for messages. */
  readonly line: number;
}

export interface Scenario {
  readonly file: string;
  readonly repeatMs: number | null;
  readonly events: readonly ScenarioEvent[];
}

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  constructor(readonly problems: readonly string[]) {
    super(
      `scenario has ${problems.length} problem(s):\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
  }
}

const at = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms = parseDuration(value);
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a duration (like 30s, 5m)` });
    return z.NEVER;
  }
  return ms;
});

/** Parses scenario text; every problem names file:line and the path, all reported at once. */
export function parseScenario(
  text: string,
  file: string,
  knownSites: ReadonlySet<string>,
): Scenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const problems: string[] = [];
  const lineOf = (path: readonly (string | number)[]): number => {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      const range = (node as { range?: [number, number, number] } | null)?.range;
      if (range) return lineCounter.linePos(range[0]).line;
    }
    return 1;
  };
  for (const error of doc.errors) {
    problems.push(`${file}:${error.linePos?.[0]?.line ?? 1}: ${error.message.split('\n')[0]}`);
  }
  if (problems.length > 0) throw new ScenarioError(problems);
  const root = doc.contents;
  if (!isMap(root))
    throw new ScenarioError([
      `${file}:1: expected a mapping with "events" (and optionally "repeat")`,
    ]);
  for (const key of root.items) {
    const name = String((key.key as { value?: unknown }).value);
    if (name !== 'events' && name !== 'repeat') {
      problems.push(
        `${file}:${lineOf([name])}: ${name}: unknown key; expected "events" or "repeat"`,
      );
    }
  }
  const repeatValue = (doc.toJS() as Record<string, unknown>).repeat as string | number | undefined;
  let repeatMs: number | null = null;
  if (repeatValue !== undefined) {
    repeatMs = parseDuration(repeatValue);
    if (repeatMs === null || repeatMs <= 0) {
      problems.push(
        `${file}:${lineOf(['repeat'])}: repeat: "${String(repeatValue)}" is not a duration (like 20m)`,
      );
    }
  }
  const eventsNode = root.get('events', true);
  if (!isSeq(eventsNode)) {
    problems.push(`${file}:${lineOf(['events'])}: events: expected a list of events`);
    throw new ScenarioError(problems);
  }
  const events: ScenarioEvent[] = [];
  eventsNode.items.forEach((_item, index) => {
    const raw = doc.getIn(['events', index]) as unknown;
    const value = (raw as { toJSON?: () => unknown })?.toJSON?.() ?? raw;
    if (typeof value !== 'object' || value === null) {
      problems.push(`${file}:${lineOf(['events', index])}: events[${index}]: expected a mapping`);
      return;
    }
    const { at: atValue, ...fault } = value as Record<string, unknown>;
    const atParsed = at.safeParse(atValue);
    if (!atParsed.success) {
      problems.push(
        `${file}:${lineOf(['events', index, 'at'])}: events[${index}].at: ${atParsed.error.issues[0]?.message ?? 'required'}`,
      );
    }
    const faultParsed = faultSpecSchema.safeParse(fault);
    if (!faultParsed.success) {
      for (const issue of faultParsed.error.issues) {
        const path = [
          'events',
          index,
          ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
        ];
        const shown = `events[${index}]${issue.path.map((p) => `.${String(p)}`).join('')}`;
        problems.push(`${file}:${lineOf(path)}: ${shown}: ${issue.message}`);
      }
    } else if (!knownSites.has(faultParsed.data.site)) {
      problems.push(
        `${file}:${lineOf(['events', index, 'site'])}: events[${index}].site: "${faultParsed.data.site}" is not a site of the inventory`,
      );
    }
    if (atParsed.success && faultParsed.success) {
      events.push({
        atMs: atParsed.data,
        fault: faultParsed.data,
        line: lineOf(['events', index]),
      });
    }
  });
  if (repeatMs !== null) {
    for (const e of events) {
      if (e.atMs >= repeatMs)
        problems.push(`${file}:${e.line}: an event at ${e.atMs / 1000}s is not before "repeat"`);
    }
  }
  if (problems.length > 0) throw new ScenarioError(problems);
  return { file, repeatMs, events: events.sort((a, b) => a.atMs - b.atMs) };
}

export async function loadScenario(
  file: string,
  knownSites: ReadonlySet<string>,
): Promise<Scenario> {
  return parseScenario(await readFile(file, 'utf8'), file, knownSites);
}

/** Plays a scenario against a running lab until stopped. */
export class ScenarioPlayer {
  private timers: NodeJS.Timeout[] = [];
  private stopped = false;

  constructor(
    private readonly lab: Lab,
    private readonly scenario: Scenario,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.schedule(Date.now());
  }

  private schedule(cycleStart: number): void {
    if (this.stopped) return;
    const elapsed = Date.now() - cycleStart;
    for (const event of this.scenario.events) {
      const timer = setTimeout(
        () => {
          this.lab.inject(event.fault).catch((error: unknown) => {
            this.log.warn(
              { err: error, line: event.line },
              `scenario event at line ${event.line} failed`,
            );
          });
        },
        Math.max(0, event.atMs - elapsed),
      );
      this.timers.push(timer);
    }
    const repeat = this.scenario.repeatMs;
    if (repeat !== null) {
      this.timers.push(
        setTimeout(() => {
          this.timers = [];
          this.log.info({ scenario: this.scenario.file }, 'scenario starts over');
          this.schedule(cycleStart + repeat);
        }, repeat - elapsed),
      );
    }
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
  }
}
