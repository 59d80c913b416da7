// The `status:` section: defaults, typed values, and each mistake named with its place.

import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { configProblems } from '../../helpers/config-problems.js';
import { lines, tempFiles } from '../../helpers/temp-files.js';

const DEMO_INVENTORY = resolve(import.meta.dirname, '../../../config/demo-inventory.yaml');

describe('loadConfig: status', () => {
  it('defaults to K = 2, flapping at 5 changes in 30 min, isolation by an 80 % share held 10 s', async () => {
    const dir = tempFiles({ 'main.yaml': '# nothing set\n' });
    const config = await loadConfig(join(dir, 'main.yaml'), {});
    expect(config.status).toEqual({
      recoveryResults: 2,
      flapping: { changes: 5, windowMs: 1_800_000, stopAtMost: 2 },
      isolation: {
        referenceTargets: [],
        sharePct: 80,
        minSites: 10,
        windowMs: 10_000,
        holdMs: 10_000,
      },
    });
  });

  it('reads reference targets, a share turned off and a hold of its own', async () => {
    const dir = tempFiles({
      'main.yaml': lines(
        'status:',
        '  recovery: 3',
        '  flapping: { changes: 4, window: 15m, stopAtMost: 1 }',
        '  isolation:',
        '    referenceTargets:',
        '      - { id: dc-gateway, host: 10.20.0.1 }',
        '      - { id: isp-upstream, host: gw.isp.example.net }',
        '    share: off',
        '    window: 20s',
        '    hold: 3s',
      ),
    });
    const { status } = await loadConfig(join(dir, 'main.yaml'), {});
    expect(status.recoveryResults).toBe(3);
    expect(status.flapping).toEqual({ changes: 4, windowMs: 900_000, stopAtMost: 1 });
    expect(status.isolation).toEqual({
      referenceTargets: [
        { id: 'dc-gateway', host: '10.20.0.1' },
        { id: 'isp-upstream', host: 'gw.isp.example.net' },
      ],
      sharePct: null,
      minSites: 10,
      windowMs: 20_000,
      holdMs: 3_000,
    });
  });

  it('turns isolation off when disabled, or when neither a share nor a reference target is left', async () => {
    for (const setting of ['{ enabled: false }', '{ share: off }']) {
      const dir = tempFiles({ 'main.yaml': `status: { isolation: ${setting} }\n` });
      expect((await loadConfig(join(dir, 'main.yaml'), {})).status.isolation).toBeNull();
    }
  });

  it('names every mistake with its place', async () => {
    expect(
      await configProblems({
        'main.yaml': lines(
          'status:',
          '  recovery: 0',
          '  flapping: { changes: 3, stopAtMost: 3 }',
          '  isolation:',
          '    referenceTargets:',
          '      - { id: dc-gw, host: "not a host!" }',
          '      - { id: dc-gw, host: 10.0.0.1 }',
          '    share: 100',
          '    window: 10',
        ),
      }),
    ).toEqual([
      'main.yaml:2:13: status.recovery: 0 is not between 1 and 20',
      'main.yaml:3:39: status.flapping.stopAtMost: must be below changes (3): it ends flapping',
      'main.yaml:6:28: status.isolation.referenceTargets[0].host: "not a host!" is not an IP address or host name',
      'main.yaml:7:15: status.isolation.referenceTargets[1].id: is listed twice',
      'main.yaml:8:12: status.isolation.share: 100 is not between 1 and 99',
      'main.yaml:9:13: status.isolation.window: 10 has no unit: write a duration like "30s", "500ms", "5m" or "35d"',
    ]);
  });

  it('refuses a reference target that has a site’s id', async () => {
    expect(
      await configProblems(
        {
          'main.yaml': lines(
            'status:',
            '  isolation:',
            '    referenceTargets: [{ id: kec-cisoka, host: 10.0.0.1 }]',
            `inventory: { files: [${DEMO_INVENTORY}] }`,
          ),
        },
        { SNMP_COMMUNITY: 'public' },
      ),
    ).toEqual([
      'main.yaml:3:30: status.isolation.referenceTargets[0].id: "kec-cisoka" is also a site id: give the reference target an id of its own',
    ]);
  });
});
