// The lab's own network: a namespace holding every site address, a veth pair to the host, and a
// host route for the lab range through it. Everything made here is removed by `remove`, and a
// stale copy from a crashed run is removed at the next start.

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Logger } from '../logger.js';
import {
  LAB_PREFIX,
  LINK_HOST_ADDRESS,
  LINK_LAB_ADDRESS,
  LINK_PREFIX_LENGTH,
} from './addresses.js';
import { run, tryRun } from './exec.js';
import { processAlive } from './process-alive.js';

export interface LabNetworkNames {
  readonly namespace: string;
  /** The host end of the veth pair. */
  readonly hostLink: string;
  /** The namespace end of the veth pair. */
  readonly labLink: string;
}

/** Interface names are at most 15 bytes, so the namespace name is bounded to fit "-h"/"-n". */
export function labNetworkNames(namespace: string): LabNetworkNames {
  if (!/^[a-z][a-z0-9-]{0,12}$/.test(namespace)) {
    throw new Error(
      `lab.namespace: "${namespace}" must be 1 to 13 characters of a-z, 0-9 and "-", starting with a letter`,
    );
  }
  return { namespace, hostLink: `${namespace}-h`, labLink: `${namespace}-n` };
}

const LOCK_DIR = '/run/pantau';

function lockFile(names: LabNetworkNames): string {
  return `${LOCK_DIR}/${names.namespace}.pid`;
}

/**
 * Claims the lab network for this process, so a second lab cannot tear down a running one's
 * network by mistaking it for a stale copy.
 */
export function lockLabNetwork(names: LabNetworkNames): void {
  mkdirSync(LOCK_DIR, { recursive: true });
  let holder: number | null = null;
  try {
    holder = Number(readFileSync(lockFile(names), 'utf8').trim()) || null;
  } catch {
    // No lock: nobody holds the network.
  }
  if (holder !== null && holder !== process.pid && processAlive(holder)) {
    throw new Error(
      `another lab (pid ${holder}) is running with namespace ${names.namespace}; stop it first (${lockFile(names)})`,
    );
  }
  writeFileSync(lockFile(names), `${process.pid}\n`);
}

export function unlockLabNetwork(names: LabNetworkNames): void {
  rmSync(lockFile(names), { force: true });
}

export async function namespaceExists(namespace: string): Promise<boolean> {
  const { stdout } = await run('ip', ['netns', 'list']);
  return stdout.split('\n').some((line) => line.split(' ')[0] === namespace);
}

async function hostRouteIsOurs(names: LabNetworkNames): Promise<boolean> {
  const { stdout } = await run('ip', ['route', 'show', LAB_PREFIX]);
  return stdout.includes(`dev ${names.hostLink}`);
}

/** What of the lab's network exists now; used by clean-up and by the tests that check it. */
export async function labNetworkLeftovers(names: LabNetworkNames): Promise<string[]> {
  const left: string[] = [];
  if (await namespaceExists(names.namespace)) left.push(`namespace ${names.namespace}`);
  if (await tryRun('ip', ['link', 'show', names.hostLink])) left.push(`link ${names.hostLink}`);
  const { stdout } = await run('ip', ['route', 'show', LAB_PREFIX]);
  if (stdout.trim() !== '') left.push(`route ${stdout.trim()}`);
  return left;
}

/** Removes every part of the lab network that exists; safe to call when none does. */
export async function removeLabNetwork(names: LabNetworkNames): Promise<void> {
  if (await hostRouteIsOurs(names)) await tryRun('ip', ['route', 'del', LAB_PREFIX]);
  // Deleting one end of a veth pair deletes both; deleting the namespace drops its addresses and rules.
  await tryRun('ip', ['link', 'del', names.hostLink]);
  if (await namespaceExists(names.namespace)) await run('ip', ['netns', 'del', names.namespace]);
}

/**
 * Creates the namespace with every site address on its loopback, the veth link, and the host route.
 * A stale network of the same name (a crashed run) is removed first.
 */
export async function createLabNetwork(
  names: LabNetworkNames,
  siteAddresses: readonly string[],
  log: Logger,
): Promise<void> {
  const leftovers = await labNetworkLeftovers(names);
  if (leftovers.length > 0) {
    log.warn({ leftovers }, 'removing a stale lab network left by an earlier run');
    await removeLabNetwork(names);
  }
  const { stdout: existing } = await run('ip', ['route', 'show', LAB_PREFIX]);
  if (existing.trim() !== '') {
    throw new Error(
      `the host already routes ${LAB_PREFIX} (${existing.trim()}); the lab will not take it over`,
    );
  }
  const ns = names.namespace;
  try {
    await run('ip', ['netns', 'add', ns]);
    await run('ip', [
      'link',
      'add',
      names.hostLink,
      'type',
      'veth',
      'peer',
      'name',
      names.labLink,
      'netns',
      ns,
    ]);
    await run('ip', [
      'addr',
      'add',
      `${LINK_HOST_ADDRESS}/${LINK_PREFIX_LENGTH}`,
      'dev',
      names.hostLink,
    ]);
    await run('ip', ['link', 'set', names.hostLink, 'up']);
    const inside = [
      `addr add ${LINK_LAB_ADDRESS}/${LINK_PREFIX_LENGTH} dev ${names.labLink}`,
      `link set ${names.labLink} up`,
      'link set lo up',
      `route add default via ${LINK_HOST_ADDRESS}`,
      // Local routes rather than addresses: the kernel lists addresses per device, so adding
      // 100,000 of them takes minutes; as many local routes take a second.
      ...siteAddresses.map((a) => `route add local ${a}/32 dev lo`),
    ];
    await run('ip', ['-n', ns, '-batch', '-'], `${inside.join('\n')}\n`);
    await run('ip', ['route', 'add', LAB_PREFIX, 'via', LINK_LAB_ADDRESS, 'dev', names.hostLink]);
  } catch (error) {
    await removeLabNetwork(names);
    throw error;
  }
  log.info(
    { namespace: ns, sites: siteAddresses.length, route: LAB_PREFIX },
    'lab network created',
  );
}
