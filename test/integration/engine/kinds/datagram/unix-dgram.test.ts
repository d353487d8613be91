// Unix datagram sessions (native addon): sender paths shown (bound, autobound, unnamed), replies
// to a sender or a path, message boundaries, abstract names, stale socket files, errors in words.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { NativeMessage, NativeSocket } from '../../../../../src-main/native/native-api.js';
import { codedRejection, type EngineHarness } from '../../../../helpers/engine-harness.js';
import { collectMessages, native, openUnix, staleSocketFile, useUnixScratch } from '../../../../helpers/unix-native.js';
import { expectEvery } from '../../../../helpers/expect-every.js';

const scratch = useUnixScratch('wirebench-dgram-');
const { teardown, harness } = scratch;

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const str = (b: Uint8Array): string => Buffer.from(b).toString();
const abstractName = (): string => `@wirebench-dg-${randomBytes(6).toString('hex')}`;

/** A datagram socket of the addon's own (bound to `path` unless null), collecting what it receives. */
function rawDgram(path: string | null): { socket: NativeSocket; messages: NativeMessage[]; next: (n: number) => Promise<void> } {
  const socket = openUnix(teardown, 'SOCK_DGRAM');
  if (path !== null) socket.bind({ family: 'unix', path });
  const { messages, next } = collectMessages(socket, { keepEmpty: true });
  return { socket, messages, next };
}

async function bindServer(h: EngineHarness, path: string, removeStale = false) {
  const { id } = h.engine.create('unix-dgram-server');
  const snap = await h.engine.connect(id, { kind: 'unix-dgram-server', path, removeStale });
  return { id, snap };
}

describe.skipIf(!native || process.platform !== 'linux')('Unix datagram sessions', () => {
  it('a client bound to a path: the server lists it by that path and replies to it', async () => {
    const h = harness();
    const serverPath = scratch.path('server.sock');
    const clientPath = scratch.path('client.sock');
    const server = await bindServer(h, serverPath);
    expect(server.snap.local).toEqual({ address: serverPath, port: 0, family: 'unix' });

    const { id } = h.engine.create('unix-dgram-client');
    const client = await h.engine.connect(id, { kind: 'unix-dgram-client', path: serverPath, localPath: clientPath });
    expect(client.local).toEqual({ address: clientPath, port: 0, family: 'unix' });
    expect(client.remote).toEqual({ address: serverPath, port: 0, family: 'unix' });
    expect(client.notice).toBeNull();

    await h.engine.session(id).send(bytes('hello'));
    await h.until(server.id, (s) => s.logCount === 1);
    const [entry] = await h.entries(server.id);
    expect(entry).toMatchObject({ dir: 'in', size: 5, peer: clientPath });
    const [peer] = await h.peers(server.id);
    expect(peer).toMatchObject({ label: clientPath, remote: { address: clientPath, port: 0, family: 'unix' }, status: 'open' });

    await h.engine.session(server.id).send(bytes('welcome back'), { type: 'peers', peerIds: [peer!.id] });
    await h.until(id, (s) => s.logCount === 2);
    const clientLog = await h.entries(id);
    expect(clientLog.map((e) => [e.dir, str(e.bytes), e.peer])).toEqual([
      ['out', 'hello', serverPath],
      ['in', 'welcome back', serverPath],
    ]);

    // Each side removes the socket file it made.
    await h.engine.session(id).disconnect();
    expect(existsSync(clientPath)).toBe(false);
    await h.engine.session(server.id).disconnect();
    expect(existsSync(serverPath)).toBe(false);
  });

  it('a client with no local path gets an abstract name from the kernel, so replies reach it', async () => {
    const h = harness();
    const serverPath = abstractName();
    const server = await bindServer(h, serverPath);
    expect(server.snap.local?.address).toBe(serverPath);
    const { id } = h.engine.create('unix-dgram-client');
    const client = await h.engine.connect(id, { kind: 'unix-dgram-client', path: serverPath });
    expect(client.local?.address).toMatch(/^@.+/);

    await h.engine.session(id).send(bytes('ping'));
    await h.until(server.id, (s) => s.logCount === 1);
    const [peer] = await h.peers(server.id);
    expect(peer!.label).toBe(client.local!.address);
    await h.engine.session(server.id).send(bytes('pong'), { type: 'all' });
    await h.until(id, (s) => s.logCount === 2);
    expect(str((await h.entries(id))[1]!.bytes)).toBe('pong');
  });

  it('an unnamed sender is shown as such and cannot be replied to', async () => {
    const h = harness();
    const serverPath = scratch.path('unnamed.sock');
    const server = await bindServer(h, serverPath);
    const anon = rawDgram(null);
    anon.socket.send(bytes('who am I'), { family: 'unix', path: serverPath });
    await h.until(server.id, (s) => s.logCount === 1);
    expect((await h.entries(server.id))[0]).toMatchObject({ peer: 'unnamed sender', size: 8 });
    const [peer] = await h.peers(server.id);
    expect(peer).toMatchObject({ label: 'unnamed sender', remote: null });

    const toIt = await codedRejection(h.engine.session(server.id).send(bytes('x'), { type: 'peers', peerIds: [peer!.id] }));
    expect(toIt.code).toBe('NO_TARGET');
    expect(toIt.message).toContain('did not bind its socket to a path');
    const toAll = await codedRejection(h.engine.session(server.id).send(bytes('x'), { type: 'all' }));
    expect(toAll.code).toBe('NOT_CONNECTED');
    expect(toAll.message).toBe('Only unnamed senders have sent to this socket, and they cannot be replied to; nothing was sent.');
    const none = await codedRejection(h.engine.session(server.id).send(bytes('x')));
    expect(none.code).toBe('NO_TARGET');
  });

  it('sends to a socket path given by hand, and every datagram is one entry (empty ones too)', async () => {
    const h = harness();
    const server = await bindServer(h, abstractName());
    const otherPath = scratch.path('other.sock');
    const other = rawDgram(otherPath);
    const sizes = [0, 1, 1000, 65000];
    for (const size of sizes) await h.engine.session(server.id).send(new Uint8Array(size).fill(0x61), { type: 'path', path: otherPath });
    await other.next(sizes.length);
    expect(other.messages.map((m) => m.data.byteLength)).toEqual(sizes);
    expectEvery(other.messages, (m) => m.from?.family === 'unix' && m.from.path === server.snap.local!.address);

    // And the other way: the same sizes arrive as the same entries.
    for (const size of sizes) other.socket.send(new Uint8Array(size).fill(0x62), { family: 'unix', path: server.snap.local!.address });
    await h.until(server.id, (s) => s.logCount === sizes.length * 2);
    const inbound = (await h.entries(server.id)).filter((e) => e.dir === 'in');
    expect(inbound.map((e) => e.size)).toEqual(sizes);
    expectEvery(inbound, (e) => e.peer === otherPath);
    // The path it was sent to by hand is the same peer it then heard from.
    expect((await h.peers(server.id)).map((p) => p.label)).toEqual([otherPath]);
  });

  it('a stale socket file is STALE_SOCKET until removeStale; a live one is in use', async () => {
    const path = scratch.path('stale.sock');
    staleSocketFile('SOCK_DGRAM', path);

    const h = harness();
    const { id } = h.engine.create('unix-dgram-server');
    const stale = await codedRejection(h.engine.connect(id, { kind: 'unix-dgram-server', path }));
    expect(stale.code).toBe('STALE_SOCKET');
    expect(stale.message).toContain(`A stale socket file is at ${path}`);
    expect(h.snapshotOf(id)).toMatchObject({ status: 'failed', error: { code: 'STALE_SOCKET' } });
    expect((await h.engine.connect(id, { kind: 'unix-dgram-server', path, removeStale: true })).status).toBe('open');

    const second = h.engine.create('unix-dgram-server');
    const inUse = await codedRejection(h.engine.connect(second.id, { kind: 'unix-dgram-server', path, removeStale: true }));
    expect(inUse.code).toBe('EADDRINUSE');
  });

  it('client errors in words: no such path, a stale file, a socket of another type', async () => {
    const h = harness();
    const { id } = h.engine.create('unix-dgram-client');
    const missing = scratch.path('missing.sock');
    const noent = await codedRejection(h.engine.connect(id, { kind: 'unix-dgram-client', path: missing }));
    expect(noent.code).toBe('ENOENT');
    expect(noent.message).toContain(`No socket at ${missing}`);

    const stalePath = scratch.path('gone.sock');
    staleSocketFile('SOCK_DGRAM', stalePath);
    const refused = await codedRejection(h.engine.connect(id, { kind: 'unix-dgram-client', path: stalePath }));
    expect(refused.code).toBe('ECONNREFUSED');
    expect(refused.message).toContain('its socket has gone');

    const seqPath = scratch.path('seq.sock');
    const seq = openUnix(teardown, 'SOCK_SEQPACKET');
    seq.bind({ family: 'unix', path: seqPath });
    seq.listen(1);
    const wrong = await codedRejection(h.engine.connect(id, { kind: 'unix-dgram-client', path: seqPath }));
    expect(wrong.code).toBe('EPROTOTYPE');
    expect(wrong.message).toContain('is not a Unix datagram socket');
  });

  it('when the server goes away, the next send says so and the client closes', async () => {
    const h = harness();
    const serverPath = scratch.path('leaving.sock');
    const server = await bindServer(h, serverPath);
    const { id } = h.engine.create('unix-dgram-client');
    await h.engine.connect(id, { kind: 'unix-dgram-client', path: serverPath });
    await h.engine.session(server.id).disconnect();
    const err = await codedRejection(h.engine.session(id).send(bytes('anyone?')));
    expect(err.code).toBe('ECONNREFUSED');
    expect(h.snapshotOf(id)).toMatchObject({ status: 'closed', closedBy: 'peer', error: { code: 'ECONNREFUSED' } });
  });
});
