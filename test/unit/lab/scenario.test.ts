import { describe, expect, it } from 'vitest';
import { parseScenario, ScenarioError } from '../../../src/lab/scenario.js';

const sites = new Set(['kec-cisoka', 'desa-cisoka-02']);

function problems(text: string): readonly string[] {
  try {
    parseScenario(text, 'demo-scenario.yaml', sites);
  } catch (error) {
    if (error instanceof ScenarioError) return error.problems;
    throw error;
  }
  throw new Error('expected the scenario to be rejected');
}

describe('scenario files', () => {
  it('parses a timeline, sorted by time', () => {
    const s = parseScenario(
      [
        'repeat: 20m',
        'events:',
        '  - at: 5m',
        '    kind: loss',
        '    site: desa-cisoka-02',
        '    lossPct: 20',
        '    for: 3m',
        '  - at: 1m',
        '    kind: down',
        '    site: kec-cisoka',
        '    for: 2m',
      ].join('\n'),
      'demo-scenario.yaml',
      sites,
    );
    expect(s.repeatMs).toBe(1_200_000);
    expect(s.events.map((e) => [e.atMs, e.fault.kind, e.line])).toEqual([
      [60_000, 'down', 8],
      [300_000, 'loss', 3],
    ]);
  });

  it('reports every problem with its line', () => {
    expect(
      problems(
        [
          'events:',
          '  - at: soon',
          '    kind: down',
          '    site: kec-cisoka',
          '  - at: 1m',
          '    kind: loss',
          '    site: desa-nowhere',
          '    lossPct: 5',
          '  - at: 2m',
          '    kind: snmp-slow',
          '    site: kec-cisoka',
          '    delay: fast',
          'colour: red',
        ].join('\n'),
      ),
    ).toEqual([
      'demo-scenario.yaml:13: colour: unknown key; expected "events" or "repeat"',
      'demo-scenario.yaml:2: events[0].at: "soon" is not a duration (like 30s, 5m)',
      'demo-scenario.yaml:7: events[1].site: "desa-nowhere" is not a site of the inventory',
      'demo-scenario.yaml:12: events[2].delay: "fast" is not a duration (like 500ms, 30s, 5m, 2h)',
    ]);
  });

  it('rejects events past the repetition and YAML that does not parse', () => {
    expect(
      problems('repeat: 1m\nevents:\n  - at: 2m\n    kind: down\n    site: kec-cisoka\n'),
    ).toEqual(['demo-scenario.yaml:3: an event at 120s is not before "repeat"']);
    expect(problems('events: [\n')[0]).toMatch(/^demo-scenario\.yaml:\d+: /);
  });
});
