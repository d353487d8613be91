// A send followed at once by Disconnect or Close, on every kind that sends (both ends of each pair):
// the send settles with one of the contract's codes (never a Node-internal one such as
// ERR_SOCKET_DGRAM_NOT_RUNNING), and the engine goes on.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ERROR_CODES, type SessionConfigInput, type SessionSnapshot } from '../../../../src-main/shared/contract.js';
import { EngineHarness } from '../../../helpers/engine-harness.js';
import { startEchoServer, Teardown } from '../../../helpers/net.js';

const teardown = new Teardown();
afterEach(() => teardown.run());

/** A server kind and its client kind: how each is configured (the client from the server's snapshot). */
const PAIRS: [string, (dir: string) => SessionConfigInput, (server: SessionSnapshot, dir: string) => SessionConfigInput][] = [
  ['TCP', () => ({ kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0 }), (s) => ({ kind: 'tcp-client', host: '127.0.0.1', port: s.local!.port })],
  ['TLS', () => ({ kind: 'tls-server', localAddress: '127.0.0.1', localPort: 0 }), (s) => ({ kind: 'tls-client', host: '127.0.0.1', port: s.local!.port, verify: false })],
  ['Unix stream', (d) => ({ kind: 'unix-server', path: path.join(d, 's') }), (_s, d) => ({ kind: 'unix-client', path: path.join(d, 's') })],
  ['Unix datagram', (d) => ({ kind: 'unix-dgram-server', path: path.join(d, 's') }), (_s, d) => ({ kind: 'unix-dgram-client', path: path.join(d, 's') })],
  ['Unix seqpacket', (d) => ({ kind: 'unix-seqpacket-server', path: path.join(d, 's') }), (_s, d) => ({ kind: 'unix-seqpacket-client', path: path.join(d, 's') })],
];

const outcome = (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'ok',
    (err: unknown) => String((err as { code?: unknown }).code ?? err),
  );

describe('send, then close at once', () => {
  it('UDP to a host name: the send says NOT_CONNECTED (or went out), never a Node code', async () => {
    for (const how of ['disconnect', 'close'] as const) {
      const h = new EngineHarness();
      teardown.add(() => h.dispose());
      const { id } = h.engine.create('udp');
      await h.engine.connect(id, { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 });
      const sending = outcome(h.engine.session(id).send(Buffer.from('x'), { type: 'address', host: 'localhost', port: 9 }));
      if (how === 'disconnect') await h.engine.session(id).disconnect();
      else await h.engine.close(id);
      const code = await sending;
      expect(code === 'ok' || (ERROR_CODES as readonly string[]).includes(code), code).toBe(true);
      expect(code).not.toMatch(/^ERR_/);
    }
  });

  it('TCP client and server: the same', async () => {
    const echo = await startEchoServer(teardown);
    const h = new EngineHarness();
    teardown.add(() => h.dispose());
    const { id } = h.engine.create('tcp-client');
    await h.engine.connect(id, { kind: 'tcp-client', host: '127.0.0.1', port: echo.port });
    const sending = outcome(h.engine.session(id).send(Buffer.from('x')));
    await h.engine.close(id);
    const code = await sending;
    expect(code === 'ok' || (ERROR_CODES as readonly string[]).includes(code), code).toBe(true);

    const { id: server } = h.engine.create('tcp-server');
    await h.engine.connect(server, { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0 });
    const toAll = outcome(h.engine.session(server).send(Buffer.from('x'), { type: 'all' }));
    await h.engine.session(server).disconnect();
    const serverCode = await toAll;
    expect(serverCode === 'ok' || (ERROR_CODES as readonly string[]).includes(serverCode), serverCode).toBe(true);
  });

  it.each(PAIRS)('%s client and server: a send, then Disconnect or Close in the same turn, settles with a contract code', async (_name, serverConfig, clientConfig) => {
    for (const how of ['disconnect', 'close'] as const) {
      for (const side of ['client', 'server'] as const) {
        const dir = mkdtempSync(path.join(tmpdir(), 'wb-stc-'));
        teardown.add(() => rmSync(dir, { recursive: true, force: true }));
        const h = new EngineHarness();
        teardown.add(() => h.dispose());
        const server = h.engine.create(serverConfig(dir).kind);
        const listening = await h.engine.connect(server.id, serverConfig(dir));
        const client = h.engine.create(clientConfig(listening, dir).kind);
        await h.engine.connect(client.id, clientConfig(listening, dir));
        // The server knows its client once it said something (datagram servers learn senders so).
        await h.engine.session(client.id).send(Buffer.from('hello'));
        await h.until(server.id, (s) => s.stats.bytesIn === 5);
        const id = side === 'client' ? client.id : server.id;
        const sending = outcome(h.engine.session(id).send(Buffer.from('x'), side === 'server' ? { type: 'all' } : undefined));
        if (how === 'disconnect') await h.engine.session(id).disconnect();
        else await h.engine.close(id);
        const code = await sending;
        expect({ side, how, code, contract: code === 'ok' || (ERROR_CODES as readonly string[]).includes(code) }).toEqual({ side, how, code, contract: true });
      }
    }
  });

  it('Raw IP: the same', async () => {
    for (const how of ['disconnect', 'close'] as const) {
      const h = new EngineHarness();
      teardown.add(() => h.dispose());
      const { id } = h.engine.create('raw-ip');
      await h.engine.connect(id, { kind: 'raw-ip', protocol: 253, host: '127.0.0.1' });
      const sending = outcome(h.engine.session(id).send(Buffer.from('x')));
      if (how === 'disconnect') await h.engine.session(id).disconnect();
      else await h.engine.close(id);
      const code = await sending;
      expect({ how, code, contract: code === 'ok' || (ERROR_CODES as readonly string[]).includes(code) }).toEqual({ how, code, contract: true });
    }
  });
});
