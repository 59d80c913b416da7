#!/usr/bin/env node
// Installs what `npm test`, `npm run demo` and `npm run bench` need, on first use: the npm packages,
// and the Debian packages of the real peers (fping, snmpd, snmp, influxdb, iptables, iproute2, and
// chromium for the dashboard's end-to-end tests and benchmark)
// when root or passwordless sudo allows; otherwise it names what to install and stops.
// Plain Node.js with no dependencies, because it runs before `npm ci`.

import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const purpose = process.argv[2] ?? 'test';

/** Program → Debian package, per purpose. */
const PROGRAMS = {
  fping: 'fping',
  ping: 'iputils-ping',
  snmpget: 'snmp',
  snmpwalk: 'snmp',
  snmpd: 'snmpd',
  influxd: 'influxdb',
  iptables: 'iptables',
  ip: 'iproute2',
  chromium: 'chromium',
};
const NEEDS = {
  test: Object.keys(PROGRAMS),
  demo: ['fping', 'ping', 'snmpget', 'influxd', 'iptables', 'ip'],
  bench: ['fping', 'snmpget', 'snmpd', 'influxd', 'iptables', 'ip', 'chromium'],
};

function say(message) {
  process.stderr.write(`ensure-deps: ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  return result.status === 0;
}

function onPath(program) {
  const dirs = (process.env.PATH ?? '')
    .split(delimiter)
    .concat(['/usr/sbin', '/sbin', '/usr/bin', '/bin']);
  return dirs.some((dir) => dir !== '' && existsSync(join(dir, program)));
}

function ensureNpmPackages() {
  const marker = 'node_modules/.package-lock.json';
  const stale =
    !existsSync(marker) ||
    (existsSync('package-lock.json') &&
      statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs);
  if (!stale) return;
  say('installing npm packages (npm ci)');
  if (!run('npm', ['ci', '--no-audit', '--no-fund'])) {
    say('npm ci failed; see above');
    process.exit(1);
  }
}

function ensureDebianPackages() {
  const needs = NEEDS[purpose] ?? NEEDS.test;
  const missing = [...new Set(needs.filter((p) => !onPath(p)).map((p) => PROGRAMS[p]))];
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo = !isRoot && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
  if (!existsSync('/usr/bin/apt-get') || (!isRoot && !sudo)) {
    say(
      `Pantau's ${purpose} needs these Debian packages, which are not installed: ${missing.join(' ')}`,
    );
    say(`install them as root, then run again:  sudo apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
  const prefix = isRoot ? [] : ['sudo', '-n'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    run(
      prefix[0] ?? 'apt-get',
      [
        ...prefix.slice(1),
        ...(isRoot ? [] : ['apt-get']),
        'install',
        '-y',
        '-q',
        '--no-install-recommends',
        ...missing,
      ],
      { env },
    );
  say(`installing Debian packages: ${missing.join(' ')}`);
  if (install()) return;
  say('install failed; refreshing the package lists and trying once more');
  run(
    prefix[0] ?? 'apt-get',
    [...prefix.slice(1), ...(isRoot ? [] : ['apt-get']), 'update', '-q'],
    { env },
  );
  if (!install()) {
    say(`could not install ${missing.join(' ')}; install them by hand and run again`);
    process.exit(1);
  }
}

ensureNpmPackages();
ensureDebianPackages();
