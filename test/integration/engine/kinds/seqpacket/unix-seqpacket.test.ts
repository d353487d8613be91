// Unix seqpacket sessions (native addon): message boundaries kept both ways, empty messages,
// a server with several clients, sending to one or all, disconnecting one, stale socket files.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { NativeMessage, NativeSocket } from '../../../../../src-main/native/native-api.js';
import { codedRejection, type EngineHarness } from '../../../../helpers/engine-harness.js';
import { collectMessages, native, openUnix, staleSocketFile, useUnixScratch } from '../../../../helpers/unix-native.js';
import { expectEvery } from '../../../../helpers/expect-every.js';

const scratch = useUnixScratch('wirebench-seqpacket-');
const { teardown, harness } = scratch;

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const pattern = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 7 + n) & 0xff);

/** A seqpacket socket of the addon's own, connected to `path`, collecting what it receives. */
function rawClient(path: string): { socket: NativeSocket; messages: NativeMessage[]; ended: Promise<void>; next: (n: number) => Promise<void> } {
  const socket = openUnix(teardown, 'SOCK_SEQPACKET');
  socket.connect({ family: 'unix', path });
  return { socket, ...collectMessages(socket, { keepEmpty: false }) };
}

async function listen(h: EngineHarness, path: string, server: Record<string, unknown> = {}, removeStale = false) {
  const { id } = h.engine.create('unix-seqpacket-server');
  const snap = await h.engine.connect(id, { kind: 'unix-seqpacket-server', path, removeStale, server });
  return { id, snap };
}

describe.skipIf(!native || process.platform !== 'linux')('Unix seqpacket sessions', () => {
  it('keeps message boundaries both ways: 1, 1000 and 65000 bytes, each one entry', async () => {
    const h = harness();
    const path = scratch.path('sp.sock');
    const server = await listen(h, path);
    expect(server.snap.status).toBe('open');
    expect(server.snap.local).toEqual({ address: path, port: 0, family: 'unix' });

    const { id } = h.engine.create('unix-seqpacket-client');
    const client = await h.engine.connect(id, { kind: 'unix-seqpacket-client', path });
    expect(client.status).toBe('open');
    expect(client.remote).toEqual({ address: path, port: 0, family: 'unix' });
    await h.until(server.id, (s) => s.peers?.open === 1);

    const sizes = [1, 1000, 65000];
    for (const size of sizes) await h.engine.session(id).send(pattern(size));
    await h.until(server.id, (s) => s.logCount === 3);
    const received = await h.entries(server.id);
    expect(received.map((e) => e.size)).toEqual(sizes);
    received.forEach((e, i) => {
      expect(e.dir).toBe('in');
      expect(Buffer.from(e.bytes).equals(Buffer.from(pattern(sizes[i]!)))).toBe(true);
      expect(e.peer).toBe('client #1');
    });

    // Back the other way, to the one client.
    const [peer] = await h.peers(server.id);
    for (const size of sizes) await h.engine.session(server.id).send(pattern(size), { type: 'peers', peerIds: [peer!.id] });
    await h.until(id, (s) => s.logCount === 6);
    const clientLog = await h.entries(id);
    expect(clientLog.filter((e) => e.dir === 'in').map((e) => e.size)).toEqual(sizes);
    expectEvery(clientLog.filter((e) => e.dir === 'in'), (e) => e.peer === path);
  });

  it('an empty message is one empty entry and the connection stays open; closing is the peer closing', async () => {
    const h = harness();
    const path = `@wirebench-sp-${randomBytes(6).toString('hex')}`;
    const server = await listen(h, path);
    const raw = rawClient(path);
    await h.until(server.id, (s) => s.peers?.open === 1);

    raw.socket.send(new Uint8Array(0));
    raw.socket.send(bytes('after'));
    await h.until(server.id, (s) => s.logCount === 2);
    const entries = await h.entries(server.id);
    expect(entries.map((e) => [e.dir, e.size])).toEqual([
      ['in', 0],
      ['in', 5],
    ]);
    expect((await h.peers(server.id))[0]!.status).toBe('open');

    raw.socket.close();
    const peers = await h.until(server.id, (s) => s.peers?.open === 0).then(() => h.peers(server.id));
    expect(peers[0]).toMatchObject({ status: 'closed', closedBy: 'peer', error: null });
    // The end itself is not an entry.
    expect((await h.entries(server.id)).length).toBe(2);
  });

  it('a client session sends an empty message as one empty entry; the server answers with one too', async () => {
    const h = harness();
    const path = `@wirebench-sp-${randomBytes(6).toString('hex')}`;
    const server = await listen(h, path, { echo: true });
    const { id } = h.engine.create('unix-seqpacket-client');
    await h.engine.connect(id, { kind: 'unix-seqpacket-client', path });
    await h.engine.session(id).send(new Uint8Array(0));
    await h.engine.session(id).send(bytes('x'));
    // Echoed: the empty message comes back as an empty message, the connection stays open.
    await h.until(id, (s) => s.logCount === 4);
    expect((await h.entries(id)).map((e) => [e.dir, e.size])).toEqual([
      ['out', 0],
      ['out', 1],
      ['in', 0],
      ['in', 1],
    ]);
    expect(h.snapshotOf(id).status).toBe('open');
    expect((await h.entries(server.id)).filter((e) => e.dir === 'in').map((e) => e.size)).toEqual([0, 1]);
  });

  it('a server with three clients: send to one, to all, disconnect one', async () => {
    const h = harness();
    const path = scratch.path('three.sock');
    const server = await listen(h, path);
    const clients = [rawClient(path), rawClient(path), rawClient(path)];
    await h.until(server.id, (s) => s.peers?.open === 3);
    const peers = await h.peers(server.id);
    expect(peers.map((p) => p.label)).toEqual(['client #1', 'client #2', 'client #3']);

    await h.engine.session(server.id).send(bytes('just you'), { type: 'peers', peerIds: [peers[1]!.id] });
    const all = await h.engine.session(server.id).send(bytes('everyone'), { type: 'all' });
    expect(all.targets).toBe(3);
    await Promise.all([clients[0]!.next(1), clients[1]!.next(2), clients[2]!.next(1)]);
    const texts = clients.map((c) => c.messages.map((m) => Buffer.from(m.data).toString()));
    expect(texts).toEqual([['everyone'], ['just you', 'everyone'], ['everyone']]);

    const { closed } = await h.engine.session(server.id).disconnectPeers({ type: 'peers', peerIds: [peers[0]!.id] });
    expect(closed).toBe(1);
    await clients[0]!.ended;
    const after = await h.peers(server.id);
    expect(after.map((p) => [p.status, p.closedBy])).toEqual([
      ['closed', 'local'],
      ['open', null],
      ['open', null],
    ]);
    const again = await h.engine.session(server.id).send(bytes('two left'), { type: 'all' });
    expect(again.targets).toBe(2);
    await Promise.all([clients[1]!.next(3), clients[2]!.next(2)]);
    expect(clients[0]!.messages.length).toBe(1);
  });

  it('echoes, welcomes and refuses clients past maxClients', async () => {
    const h = harness();
    const path = scratch.path('echo.sock');
    const server = await listen(h, path, { echo: true, maxClients: 1, welcome: { format: 'text', text: 'hi', lineEnding: 'none' } });
    const first = rawClient(path);
    await first.next(1);
    expect(Buffer.from(first.messages[0]!.data).toString()).toBe('hi');
    first.socket.send(bytes('one'));
    first.socket.send(bytes('two'));
    await first.next(3);
    expect(first.messages.map((m) => Buffer.from(m.data).toString())).toEqual(['hi', 'one', 'two']);

    const second = rawClient(path);
    await second.ended;
    await h.until(server.id, (s) => s.peers?.rejected === 1);
    expect(h.snapshotOf(server.id).peers).toMatchObject({ open: 1, total: 1, rejected: 1 });
  });

  it('the client sees the server close, and the server removes its socket file when it stops', async () => {
    const h = harness();
    const path = scratch.path('stop.sock');
    const server = await listen(h, path);
    const { id } = h.engine.create('unix-seqpacket-client');
    await h.engine.connect(id, { kind: 'unix-seqpacket-client', path });
    await h.until(server.id, (s) => s.peers?.open === 1);
    expect(existsSync(path)).toBe(true);
    await h.engine.session(server.id).disconnect();
    expect(existsSync(path)).toBe(false);
    const closed = await h.until(id, (s) => s.status === 'closed');
    expect(closed.closedBy).toBe('peer');
  });

  it('a stale socket file is STALE_SOCKET until removeStale', async () => {
    const path = scratch.path('stale.sock');
    staleSocketFile('SOCK_SEQPACKET', path);
    expect(existsSync(path)).toBe(true);

    const h = harness();
    const { id } = h.engine.create('unix-seqpacket-server');
    const err = await codedRejection(h.engine.connect(id, { kind: 'unix-seqpacket-server', path }));
    expect(err.code).toBe('STALE_SOCKET');
    expect(err.message).toContain(path);
    const snap = await h.engine.connect(id, { kind: 'unix-seqpacket-server', path, removeStale: true });
    expect(snap.status).toBe('open');
  });

  it('client errors in words: no such path, nobody listening, not a seqpacket socket', async () => {
    const h = harness();
    const { id } = h.engine.create('unix-seqpacket-client');
    const missing = scratch.path('missing.sock');
    const noent = await codedRejection(h.engine.connect(id, { kind: 'unix-seqpacket-client', path: missing }));
    expect(noent.code).toBe('ENOENT');
    expect(noent.message).toContain(`No socket at ${missing}`);

    const stale = scratch.path('refused.sock');
    staleSocketFile('SOCK_SEQPACKET', stale);
    const refused = await codedRejection(h.engine.connect(id, { kind: 'unix-seqpacket-client', path: stale }));
    expect(refused.code).toBe('ECONNREFUSED');
    expect(refused.message).toContain('no server listens');

    const dgramPath = scratch.path('dgram.sock');
    const dgram = openUnix(teardown, 'SOCK_DGRAM');
    dgram.bind({ family: 'unix', path: dgramPath });
    const wrongType = await codedRejection(h.engine.connect(id, { kind: 'unix-seqpacket-client', path: dgramPath }));
    expect(wrongType.code).toBe('EPROTOTYPE');
    expect(wrongType.message).toContain('is not a Unix seqpacket socket');
    expect(h.snapshotOf(id)).toMatchObject({ status: 'failed', error: { code: 'EPROTOTYPE' } });
  });

  it('a burst far past the socket buffers arrives whole and in order (the sender waits on EAGAIN)', async () => {
    const h = harness();
    const path = scratch.path('burst.sock');
    const server = await listen(h, path);
    const { id } = h.engine.create('unix-seqpacket-client');
    await h.engine.connect(id, { kind: 'unix-seqpacket-client', path });
    await h.until(server.id, (s) => s.peers?.open === 1);
    // 200 x 60000 bytes is far past the socket buffers: sends must queue on EAGAIN, in order.
    const count = 200;
    const sends = Array.from({ length: count }, (_, i) => {
      const message = pattern(60000);
      message[0] = i & 0xff;
      message[1] = i >> 8;
      return h.engine.session(id).send(message);
    });
    await Promise.all(sends);
    await h.until(server.id, (s) => s.logCount === count);
    const entries = await h.entries(server.id);
    expectEvery(entries, (e, i) => e.size === 60000 && e.bytes[0] === (i & 0xff) && e.bytes[1] === i >> 8);
  });
});
