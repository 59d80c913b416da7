// A small client for a running lab's control API, for the `pantau lab` subcommands.

import { existsSync } from 'node:fs';
import { DEFAULT_LAB_CONTROL, loadConfig } from '../config/index.js';
import { UsageError } from './command.js';
import { defaultConfigPath } from './config-path.js';

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/** "127.0.0.1:9161" or ":9161" (loopback). */
export function parseListen(text: string): ListenAddress {
  const m = /^(.*):(\d{1,5})$/.exec(text);
  const port = Number(m?.[2]);
  if (!m || port < 1 || port > 65535) throw new UsageError(`"${text}" is not a host:port address`);
  return { host: m[1] === '' ? '127.0.0.1' : (m[1] as string).replace(/^\[(.*)\]$/, '$1'), port };
}

/** The config's lab.control; the default when no config is named and the default file is absent. */
async function configuredControl(configPath: string | undefined): Promise<string> {
  if (configPath === undefined && !existsSync(defaultConfigPath())) return DEFAULT_LAB_CONTROL;
  return (await loadConfig(configPath ?? defaultConfigPath())).lab.control;
}

export interface ControlClient {
  get(path: string): Promise<unknown>;
  post(path: string, body: unknown): Promise<unknown>;
}

export async function controlClient(
  control: string | undefined,
  configPath: string | undefined,
): Promise<ControlClient> {
  const address = parseListen(control ?? (await configuredControl(configPath)));
  const base = `http://${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`;
  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new Error(`no lab answers at ${base}: is \`pantau lab\` running?`);
    }
    const payload = (await response.json()) as { error?: string };
    if (!response.ok) throw new Error(`lab: ${payload.error ?? response.statusText}`);
    return payload;
  };
  return { get: (path) => call('GET', path), post: (path, body) => call('POST', path, body) };
}
