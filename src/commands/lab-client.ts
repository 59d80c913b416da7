// A small client for a running lab's control API, for the `pantau lab` subcommands. It needs only
// the lab's address: --control, or lab.control read alone from the config file (no inventory, no
// secrets), or the default.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isScalar, LineCounter, parseDocument } from 'yaml';
import { DEFAULT_LAB_CONTROL, displayPath, substituteEnv } from '../config/index.js';
import { UsageError } from './command.js';
import { defaultConfigPath } from './config-path.js';

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

function listenOrNull(text: string): ListenAddress | null {
  const m = /^(.*):(\d{1,5})$/.exec(text);
  const port = Number(m?.[2]);
  if (!m || port < 1 || port > 65535) return null;
  return { host: m[1] === '' ? '127.0.0.1' : (m[1] as string).replace(/^\[(.*)\]$/, '$1'), port };
}

/** "127.0.0.1:9161" or ":9161" (loopback). */
export function parseListen(text: string): ListenAddress {
  const address = listenOrNull(text);
  if (!address) throw new UsageError(`"${text}" is not a host:port address`);
  return address;
}

/** Where the control address came from, for error messages. */
export interface ControlAddress extends ListenAddress {
  readonly source: string;
}

/**
 * lab.control of the config file at `path`, read by itself: the rest of the file (the inventory,
 * secrets such as ${SNMP_COMMUNITY}) is not needed to talk to a running lab. Absent: the default.
 */
export async function controlFromConfig(
  path: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<ControlAddress> {
  const shown = displayPath(resolve(path));
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      `cannot read ${shown}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const broken = doc.errors[0];
  if (broken) {
    const at = lines.linePos(broken.pos[0]);
    throw new Error(`${shown}:${at.line}:${at.col}: ${broken.message.split('\n')[0]}`);
  }
  const node = doc.getIn(['lab', 'control'], true);
  if (node === undefined || node === null)
    return {
      ...parseListen(DEFAULT_LAB_CONTROL),
      source: `the default (${shown} sets no lab.control)`,
    };
  const at = isScalar(node) && node.range ? lines.linePos(node.range[0]) : { line: 0, col: 0 };
  const where = `${shown}:${at.line}:${at.col}: lab.control`;
  if (!isScalar(node) || typeof node.value !== 'string')
    throw new Error(`${where}: must be a host:port text, e.g. ${DEFAULT_LAB_CONTROL}`);
  const substituted = substituteEnv(node.value, env);
  if (substituted.missing.length > 0 || substituted.malformed.length > 0)
    throw new Error(
      `${where}: ${[...substituted.missing.map((v) => `\${${v}} is not set`), ...substituted.malformed.map((m) => `cannot read ${m}`)].join('; ')}`,
    );
  const address = listenOrNull(substituted.value);
  if (!address) throw new Error(`${where}: "${substituted.value}" is not a host:port address`);
  return { ...address, source: `lab.control in ${shown}` };
}

/**
 * --control when given; else lab.control of --config, or of the default config file when it
 * exists (as `pantau lab run` does); else the default, 127.0.0.1:9161.
 */
export async function resolveControl(
  control: string | undefined,
  configPath: string | undefined,
): Promise<ControlAddress> {
  if (control !== undefined) return { ...parseListen(control), source: '--control' };
  if (configPath === undefined && !existsSync(defaultConfigPath()))
    return { ...parseListen(DEFAULT_LAB_CONTROL), source: 'the default' };
  return controlFromConfig(configPath ?? defaultConfigPath());
}

export interface ControlClient {
  readonly base: string;
  get(path: string): Promise<unknown>;
  post(path: string, body: unknown): Promise<unknown>;
}

/** How long a request waits for the lab: it answers at once when it runs. */
const REQUEST_TIMEOUT_MS = 10_000;

function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if ((error as Error).name === 'TimeoutError')
    return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused';
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

export async function controlClient(
  control: string | undefined,
  configPath: string | undefined,
): Promise<ControlClient> {
  const address = await resolveControl(control, configPath);
  const base = `http://${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`;
  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new Error(
        `no lab answers at ${base} (${address.source}): ${reasonOf(error)}. ` +
          'Is `pantau lab` or `pantau demo` running? Name its control API with --control HOST:PORT.',
      );
    }
    let payload: { error?: string };
    try {
      payload = (await response.json()) as { error?: string };
    } catch {
      throw new Error(
        `${base} (${address.source}) answered ${method} ${path} with HTTP ${response.status}, ` +
          'not as a Pantau lab control API does: is --control the right address?',
      );
    }
    if (!response.ok) throw new Error(`lab: ${payload.error ?? response.statusText}`);
    return payload;
  };
  return { base, get: (path) => call('GET', path), post: (path, body) => call('POST', path, body) };
}
