// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} references are written literally here, as in config files
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { controlClient, controlFromConfig } from '../../../src/commands/lab-client.js';
import { freePort } from '../../helpers/ports.js';
import { lines, tempFiles } from '../../helpers/temp-files.js';

// A config as a real one is: secrets from the environment, an inventory in other files.
const MAIN = (lab: string[]) =>
  lines(
    'server: { listen: 127.0.0.1:3000 }',
    'alerts:',
    '  telegram: { botToken: "${TELEGRAM_BOT_TOKEN}", chatId: "${TELEGRAM_CHAT_ID}" }',
    ...lab,
    'inventory: { files: [missing-inventory.yaml] }',
  );

describe('controlFromConfig', () => {
  it('reads lab.control alone: unset secrets and a missing inventory do not matter', async () => {
    const dir = tempFiles({ 'pantau.yaml': MAIN(['lab:', '  control: 127.0.0.1:19161']) });
    const address = await controlFromConfig(join(dir, 'pantau.yaml'), {});
    expect(address).toMatchObject({ host: '127.0.0.1', port: 19161 });
    expect(address.source).toMatch(/^lab\.control in .*pantau\.yaml$/);
  });

  it('is the default address when the config sets none', async () => {
    const dir = tempFiles({ 'pantau.yaml': MAIN([]) });
    expect(await controlFromConfig(join(dir, 'pantau.yaml'), {})).toMatchObject({
      host: '127.0.0.1',
      port: 9161,
    });
  });

  it('substitutes a ${VAR} in lab.control, and names the line when it is unset', async () => {
    const dir = tempFiles({
      'pantau.yaml': MAIN(['lab:', '  namespace: x', '  control: "${LAB_CONTROL}"']),
    });
    const file = join(dir, 'pantau.yaml');
    expect(await controlFromConfig(file, { LAB_CONTROL: ':9300' })).toMatchObject({
      host: '127.0.0.1',
      port: 9300,
    });
    await expect(controlFromConfig(file, {})).rejects.toThrow(
      /pantau\.yaml:6:12: lab\.control: \$\{LAB_CONTROL\} is not set$/,
    );
  });

  it('names the file, line and field of an address that is not host:port', async () => {
    const dir = tempFiles({ 'pantau.yaml': MAIN(['lab: { control: "localhost" }']) });
    await expect(controlFromConfig(join(dir, 'pantau.yaml'), {})).rejects.toThrow(
      /pantau\.yaml:4:17: lab\.control: "localhost" is not a host:port address/,
    );
  });

  it('says when the file cannot be read', async () => {
    const dir = tempFiles();
    await expect(controlFromConfig(join(dir, 'nope.yaml'), {})).rejects.toThrow(
      /cannot read .*nope\.yaml: no such file/,
    );
  });
});

describe('controlClient', () => {
  let server: Server | null = null;
  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(null)));
    server = null;
  });

  it('says plainly that no lab answers at the address, and how to name another', async () => {
    const port = await freePort(); // nothing listens there
    const client = await controlClient(`127.0.0.1:${port}`, undefined);
    await expect(client.get('/health')).rejects.toThrow(
      `no lab answers at http://127.0.0.1:${port} (--control): connection refused. ` +
        'Is `pantau lab` or `pantau demo` running? Name its control API with --control HOST:PORT.',
    );
  });

  it('says when something else than a lab answers there', async () => {
    server = createServer((_, response) => {
      response.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const client = await controlClient(`127.0.0.1:${port}`, undefined);
    await expect(client.get('/health')).rejects.toThrow(
      `http://127.0.0.1:${port} (--control) answered GET /health with HTTP 404, not as a Pantau lab control API does`,
    );
  });

  it('takes the address from the config when --control is not given', async () => {
    server = createServer((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const dir = tempFiles({ 'pantau.yaml': MAIN([`lab: { control: "127.0.0.1:${port}" }`]) });
    const client = await controlClient(undefined, join(dir, 'pantau.yaml'));
    expect(await client.get('/health')).toEqual({ ok: true });
  });
});
