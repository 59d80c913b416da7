// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} references are written literally here, as in config files
// `pantau lab status|fault|heal` drive a running lab with its control address alone: no inventory
// to load and no secret to set, so an engineer can run them from any shell.

import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, type RunningLab, startLab } from '../helpers/lab-process.js';
import { freePort } from '../helpers/ports.js';

const DEMO = `${ROOT}config/demo.yaml`;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI with SNMP_COMMUNITY (and every other secret the configs name) unset. */
function pantau(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  const clean: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const name of ['SNMP_COMMUNITY', 'PANTAU_CONFIG', 'TELEGRAM_BOT_TOKEN', 'TELEGRAM_CHAT_ID'])
    if (!(name in env)) delete clean[name];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: ROOT, env: clean },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('pantau lab status|fault|heal against a running lab', () => {
  let lab: RunningLab;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pantau-lab-cli-'));
    // Started as `pantau lab` is: with the inventory and SNMP_COMMUNITY set (the helper sets it).
    lab = await startLab(['-c', DEMO, '--network', 'loopback', '--no-scenario']);
  });

  afterAll(async () => {
    await lab?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('status works with --control and SNMP_COMMUNITY unset', async () => {
    const result = await pantau(['lab', 'status', '--control', lab.control]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^lab: 342 sites, loopback, since \d{4}-\d\d-\d\dT/);
    expect(result.stdout).toMatch(/^ {2}agent pid \d+: 342 sites, \d+ SNMP requests/m);
    expect(result.stdout).toMatch(/no active faults\n$/);
  });

  it('fault, status and heal find the lab through a config whose secrets are unset', async () => {
    const config = join(dir, 'pantau.yaml');
    await writeFile(
      config,
      [
        'alerts:',
        '  telegram: { botToken: "${TELEGRAM_BOT_TOKEN}", chatId: "${TELEGRAM_CHAT_ID}" }',
        'lab:',
        `  control: ${lab.control}`,
        'inventory:',
        `  files: [${ROOT}config/demo-inventory.yaml]`,
        '',
      ].join('\n'),
    );
    const fault = await pantau(['lab', 'fault', 'opd-bappeda', 'snmp-silent', '-c', config]);
    expect(fault.stderr).toBe('');
    expect(fault.stdout).toMatch(/^f\S*: .*opd-bappeda.* \(1 site\(s\) affected\)\n$/);

    // The config named by PANTAU_CONFIG is the default, as for `pantau lab run`.
    const status = await pantau(['lab', 'status'], { PANTAU_CONFIG: config });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(
      /active faults:\n {2}\S+: .*opd-bappeda.*; affects opd-bappeda\n$/,
    );

    const heal = await pantau(['lab', 'heal', 'opd-bappeda', '-c', config]);
    expect(heal.code).toBe(0);
    expect(heal.stdout).toMatch(/^healed \S+: .*opd-bappeda/);
    expect((await lab.get('/faults')) as unknown[]).toEqual([]);
  });

  it('says clearly when no lab answers at the address', async () => {
    const address = `127.0.0.1:${await freePort()}`; // nothing listens there
    const result = await pantau(['lab', 'status', '--control', address]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      `pantau: no lab answers at http://${address} (--control): connection refused. ` +
        'Is `pantau lab` or `pantau demo` running? Name its control API with --control HOST:PORT.',
    );
  });
});
