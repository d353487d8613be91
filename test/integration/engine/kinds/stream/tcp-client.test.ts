// A TCP client session against real loopback servers (node:net) and a real peer (socat).
import { createHash, randomBytes } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogEntry, SessionSnapshot, SessionStats } from '../../../../../src-main/shared/contract.js';
import { Engine } from '../../../../../src-main/engine/engine.js';
import { TcpClientSession, type Resolver } from '../../../../../src-main/engine/kinds/stream/tcp-client-session.js';
import type { EngineEvent } from '../../../../../src-main/shared/contract.js';
import {
  Teardown,
  freePort,
  readBytes,
  startEchoServer,
  startServer,
  startSocat,
  startUnansweredListener,
  waitForValue,
} from '../../../../helpers/net.js';
import { EngineHarness, codedRejection } from '../../../../helpers/engine-harness.js';
import { expectEvery } from '../../../../helpers/expect-every.js';

const teardown = new Teardown();
let h: EngineHarness;

beforeEach(() => {
  h = new EngineHarness();
});

afterEach(async () => {
  await h.dispose();
  await teardown.run();
});

function concat(entries: LogEntry[], dir: 'in' | 'out'): Buffer {
  return Buffer.concat(entries.filter((e) => e.dir === dir).map((e) => e.bytes));
}

async function openClient(host: string, port: number): Promise<SessionSnapshot> {
  const { id } = h.engine.create('tcp-client');
  return h.engine.connect(id, { kind: 'tcp-client', host, port, timeoutMs: 5000 });
}

const statesOf = (id: string): string[] =>
  h.events.flatMap((e) => (e.name === 'session.state' && e.payload.id === id ? [e.payload.status] : []));

describe('TCP client session', () => {
  it('connects, showing resolved address, local and remote endpoints', async () => {
    const server = await startServer(teardown);
    const snapshot = await openClient('127.0.0.1', server.port);
    const accepted = await server.nextConnection();

    expect(snapshot.status).toBe('open');
    expect(snapshot.resolved).toEqual(['127.0.0.1']);
    expect(snapshot.remote).toEqual({ address: '127.0.0.1', port: server.port, family: 'IPv4' });
    expect(snapshot.local).toEqual({ address: '127.0.0.1', port: accepted.remotePort, family: 'IPv4' });
    expect(snapshot.config).toMatchObject({ kind: 'tcp-client', host: '127.0.0.1', port: server.port, timeoutMs: 5000 });
    expect(snapshot.openedAt).toBeGreaterThan(Date.now() - 60_000);
    expect(snapshot.error).toBeNull();
    expect(statesOf(snapshot.id)).toEqual(['idle', 'connecting', 'connecting', 'open']);
  });

  it('sends and receives, logging each chunk with its direction and peer', async () => {
    const server = await startServer(teardown);
    const { id } = await openClient('127.0.0.1', server.port);
    const peer = await server.nextConnection();

    const sent = await h.engine.session(id).send(Buffer.from('hello'));
    expect(sent).toEqual({ bytes: 5, seq: 0, targets: 1 });
    expect((await readBytes(peer, 5)).toString()).toBe('hello');

    peer.write('world!');
    await h.until(id, (s) => s.stats.bytesIn === 6);
    const { entries, total } = await h.engine.session(id).log.read(0, 10);
    expect(total).toBe(2);
    expect(entries.map((e) => [e.seq, e.dir, Buffer.from(e.bytes).toString(), e.peer])).toEqual([
      [0, 'out', 'hello', `127.0.0.1:${server.port}`],
      [1, 'in', 'world!', `127.0.0.1:${server.port}`],
    ]);
    expect(entries[1]!.ts).toBeGreaterThanOrEqual(entries[0]!.ts);
  });

  it('round-trips all 256 byte values exactly through an echo peer (socat)', async () => {
    const echo = await startSocat(teardown, (port) => [`TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr`, 'PIPE']);
    const { id } = await openClient('127.0.0.1', echo.port);
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);

    await h.engine.session(id).send(all);
    await h.until(id, (s) => s.stats.bytesIn === 256);
    const entries = await h.entries(id);
    expect([...concat(entries, 'out')]).toEqual([...all]);
    expect([...concat(entries, 'in')]).toEqual([...all]);
  });

  it('logs 0- and 1-byte writes as their own entries', async () => {
    const server = await startServer(teardown);
    const { id } = await openClient('127.0.0.1', server.port);
    const peer = await server.nextConnection();

    expect(await h.engine.session(id).send(new Uint8Array(0))).toEqual({ bytes: 0, seq: 0, targets: 1 });
    expect(await h.engine.session(id).send(Uint8Array.of(0x41))).toEqual({ bytes: 1, seq: 1, targets: 1 });
    expect(await h.engine.session(id).send(new Uint8Array(0))).toEqual({ bytes: 0, seq: 2, targets: 1 });
    expect([...(await readBytes(peer, 1))]).toEqual([0x41]);

    // Each 1-byte write from the peer waits for the previous to be logged, so each is one chunk.
    peer.write(Uint8Array.of(0x00));
    await h.until(id, (s) => s.stats.messagesIn === 1);
    peer.write(Uint8Array.of(0xff));
    await h.until(id, (s) => s.stats.messagesIn === 2);

    const entries = await h.entries(id);
    expect(entries.map((e) => [e.dir, e.size, [...e.bytes]])).toEqual([
      ['out', 0, []],
      ['out', 1, [0x41]],
      ['out', 0, []],
      ['in', 1, [0x00]],
      ['in', 1, [0xff]],
    ]);
    expect(h.snapshotOf(id).stats).toEqual({ bytesIn: 2, bytesOut: 1, messagesIn: 2, messagesOut: 3 });
  });

  it('receives 10 MB from a socat peer complete and byte-exact, then sees the peer close', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wirebench-'));
    teardown.add(() => rm(dir, { recursive: true, force: true }));
    const data = randomBytes(10 * 1024 * 1024);
    const file = join(dir, 'payload.bin');
    await writeFile(file, data);
    const peer = await startSocat(teardown, (port) => ['-u', `OPEN:${file},rdonly`, `TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr`]);

    const { id } = await openClient('127.0.0.1', peer.port);
    const closed = await h.until(id, (s) => s.status === 'closed');

    expect(closed.closedBy).toBe('peer');
    expect(closed.error).toBeNull();
    expect(closed.stats.bytesIn).toBe(data.byteLength);
    expect(closed.stats.messagesIn).toBe(closed.logCount);
    const received = concat(await h.entries(id), 'in');
    expect(received.byteLength).toBe(data.byteLength);
    expect(createHash('sha256').update(received).digest('hex')).toBe(createHash('sha256').update(data).digest('hex'));
  });

  it('keeps exact counters both ways', async () => {
    const echo = await startEchoServer(teardown);
    const { id } = await openClient('127.0.0.1', echo.port);
    const sizes = [1, 0, 7, 1000, 65536, 3, 0, 200_000];
    for (const size of sizes) await h.engine.session(id).send(randomBytes(size));
    const total = sizes.reduce((a, b) => a + b, 0);

    const done = await h.until(id, (s) => s.stats.bytesIn === total);
    const entries = await h.entries(id);
    const ins = entries.filter((e) => e.dir === 'in');
    expect(done.stats).toEqual({
      bytesIn: total,
      bytesOut: total,
      messagesIn: ins.length,
      messagesOut: sizes.length,
    });
    expect(done.logCount).toBe(sizes.length + ins.length);
    expect(concat(entries, 'in').equals(concat(entries, 'out'))).toBe(true);
  });

  it('disconnects locally: closing, then closed by local', async () => {
    const server = await startServer(teardown);
    const { id } = await openClient('127.0.0.1', server.port);
    const peer = await server.nextConnection();
    peer.on('end', () => peer.end());

    const snapshot = await h.engine.session(id).disconnect();
    expect(snapshot).toMatchObject({ status: 'closed', closedBy: 'local', error: null });
    expect(statesOf(id).slice(-2)).toEqual(['closing', 'closed']);
    // Disconnecting again is harmless.
    expect((await h.engine.session(id).disconnect()).status).toBe('closed');
  });

  it('sees the peer close (closed by peer, no error)', async () => {
    const server = await startServer(teardown);
    const { id } = await openClient('127.0.0.1', server.port);
    (await server.nextConnection()).end();

    const closed = await h.until(id, (s) => s.status === 'closed');
    expect(closed).toMatchObject({ closedBy: 'peer', error: null });
    expect((await codedRejection(h.engine.session(id).send(Uint8Array.of(1)))).code).toBe('NOT_CONNECTED');
  });

  it('sees a peer reset: closed by peer, with ECONNRESET kept', async () => {
    const server = await startServer(teardown);
    const { id } = await openClient('127.0.0.1', server.port);
    (await server.nextConnection()).resetAndDestroy();

    const closed = await h.until(id, (s) => s.status === 'closed');
    expect(closed.closedBy).toBe('peer');
    expect(closed.error?.code).toBe('ECONNRESET');
    expect(closed.error?.message).toContain(`127.0.0.1:${server.port}`);
  });

  it('fails with ECONNREFUSED where nothing listens', async () => {
    const port = await freePort();
    const { id } = h.engine.create('tcp-client');
    const err = await codedRejection(h.engine.connect(id, { kind: 'tcp-client', host: '127.0.0.1', port, timeoutMs: 5000 }));

    expect(err.code).toBe('ECONNREFUSED');
    expect(err.message).toContain(`127.0.0.1:${port}`);
    const snapshot = h.snapshotOf(id);
    expect(snapshot.status).toBe('failed');
    expect(snapshot.error).toEqual({ code: 'ECONNREFUSED', message: err.message });
    expect(snapshot.remote).toBeNull();
  });

  it('fails with ENOTFOUND for an unknown host', async () => {
    const { id } = h.engine.create('tcp-client');
    const host = 'no-such-host.invalid';
    const err = await codedRejection(h.engine.connect(id, { kind: 'tcp-client', host, port: 80, timeoutMs: 5000 }));

    expect(err.code).toBe('ENOTFOUND');
    expect(err.message).toContain(host);
    expect(h.snapshotOf(id)).toMatchObject({ status: 'failed', resolved: [], error: { code: 'ENOTFOUND' } });
  });

  // The timeout needs a connect that gets no answer at all. External "black hole" addresses are
  // off limits and stubbing the socket layer would not test the real connect path, so the peer
  // is a loopback listener that never accepts and whose accept queue is full: the kernel then
  // drops our SYN silently, exactly like an unreachable host that filters packets.
  it('fails with ETIMEDOUT when the connect gets no answer within the timeout', async () => {
    const { port } = await startUnansweredListener(teardown);
    const { id } = h.engine.create('tcp-client');
    const started = performance.now();
    const err = await codedRejection(h.engine.connect(id, { kind: 'tcp-client', host: '127.0.0.1', port, timeoutMs: 300 }));

    expect(err.code).toBe('ETIMEDOUT');
    expect(err.message).toContain(`127.0.0.1:${port}`);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(h.snapshotOf(id)).toMatchObject({ status: 'failed', error: { code: 'ETIMEDOUT' } });
  });

  it('connects over IPv6 to ::1', async () => {
    const echo = await startEchoServer(teardown, '::1');
    const snapshot = await openClient('::1', echo.port);

    expect(snapshot.resolved).toEqual(['::1']);
    expect(snapshot.remote).toEqual({ address: '::1', port: echo.port, family: 'IPv6' });
    expect(snapshot.local?.family).toBe('IPv6');
    await h.engine.session(snapshot.id).send(Buffer.from('six'));
    await h.until(snapshot.id, (s) => s.stats.bytesIn === 3);
    const entries = await h.entries(snapshot.id);
    expect(concat(entries, 'in').toString()).toBe('six');
    expectEvery(entries, (e) => e.peer === `[::1]:${echo.port}`);
  });

  it('resolves localhost and tries its addresses in order, showing them', async () => {
    const expected = (await lookup('localhost', { all: true })).map((a) => a.address);
    const server = await startServer(teardown);
    const snapshot = await openClient('localhost', server.port);

    expect(snapshot.resolved).toEqual(expected);
    expect(snapshot.resolved).toContain('127.0.0.1');
    expect(snapshot.remote?.address).toBe('127.0.0.1');
  });

  describe('with a scripted resolver', () => {
    function engineResolving(resolve: Resolver): Engine {
      const scripted = new Engine({ factories: { 'tcp-client': (id, hooks) => new TcpClientSession(id, hooks, resolve) } });
      teardown.add(() => scripted.dispose());
      return scripted;
    }

    it('tries the resolved addresses in order until one connects', async () => {
      const server = await startServer(teardown);
      const scripted = engineResolving(async () => [{ address: '::1' }, { address: '127.0.0.1' }]);
      const { id } = scripted.create('tcp-client');
      const snapshot = await scripted.connect(id, { kind: 'tcp-client', host: 'dual.test', port: server.port, timeoutMs: 5000 });

      expect(snapshot.resolved).toEqual(['::1', '127.0.0.1']);
      expect(snapshot.remote).toEqual({ address: '127.0.0.1', port: server.port, family: 'IPv4' });
    });

    it('fails with the last error when no address connects', async () => {
      const port = await freePort();
      const scripted = engineResolving(async () => [{ address: '::1' }, { address: '127.0.0.1' }]);
      const { id } = scripted.create('tcp-client');
      const err = await codedRejection(scripted.connect(id, { kind: 'tcp-client', host: 'dual.test', port, timeoutMs: 5000 }));
      expect(err.code).toBe('ECONNREFUSED');
      expect(err.message).toContain(`dual.test:${port}`);
    });

    it('counts name resolution within the connect timeout', async () => {
      const scripted = engineResolving(() => new Promise(() => {}));
      const { id } = scripted.create('tcp-client');
      const err = await codedRejection(scripted.connect(id, { kind: 'tcp-client', host: 'slow.test', port: 9, timeoutMs: 150 }));
      expect(err.code).toBe('ETIMEDOUT');
      expect(scripted.list()[0]).toMatchObject({ status: 'failed', resolved: [] });
    });
  });

  it('cancels a connect in progress on disconnect: closed by local', async () => {
    const { port } = await startUnansweredListener(teardown);
    const { id } = h.engine.create('tcp-client');
    const connecting = h.engine.connect(id, { kind: 'tcp-client', host: '127.0.0.1', port, timeoutMs: 60_000 });
    await h.until(id, (s) => s.status === 'connecting' && s.resolved.length > 0);

    const snapshot = await h.engine.session(id).disconnect();
    expect(snapshot).toMatchObject({ status: 'closed', closedBy: 'local', error: null });
    expect((await codedRejection(connecting)).code).toBe('ECONNABORTED');
  });

  it('closing a session while it connects ends the attempt and says nothing more about it', async () => {
    const { port } = await startUnansweredListener(teardown);
    const { id } = h.engine.create('tcp-client');
    const connecting = h.engine.connect(id, { kind: 'tcp-client', host: '127.0.0.1', port, timeoutMs: 60_000 });
    await h.until(id, (s) => s.status === 'connecting' && s.resolved.length > 0);

    await h.engine.close(id);
    expect((await codedRejection(connecting)).code).toBe('ECONNABORTED');
    expect(h.events.at(-1)).toEqual({ name: 'session.closed', payload: { id } });
  });

  it('refuses a second connect while open, and reconnects in the same session with the log continuing', async () => {
    const server = await startServer(teardown);
    const first = await openClient('127.0.0.1', server.port);
    const id = first.id;
    const config = { kind: 'tcp-client', host: '127.0.0.1', port: server.port, timeoutMs: 5000 } as const;
    expect((await codedRejection(h.engine.connect(id, config))).code).toBe('ALREADY_OPEN');

    await h.engine.session(id).send(Buffer.from('one'));
    const peer1 = await server.nextConnection();
    await readBytes(peer1, 3);
    peer1.end();
    await h.until(id, (s) => s.status === 'closed');

    const second = await h.engine.connect(id, config);
    expect(second.status).toBe('open');
    expect(second.closedBy).toBeNull();
    expect(second.local?.port).not.toBe(first.local?.port);
    const peer2 = await server.nextConnection();
    expect(await h.engine.session(id).send(Buffer.from('two'))).toEqual({ bytes: 3, seq: 1, targets: 1 });
    await readBytes(peer2, 3);
    peer2.write('back');
    await h.until(id, (s) => s.stats.bytesIn === 4);

    const entries = await h.entries(id);
    expect(entries.map((e) => [e.seq, e.dir, Buffer.from(e.bytes).toString()])).toEqual([
      [0, 'out', 'one'],
      [1, 'out', 'two'],
      [2, 'in', 'back'],
    ]);
  });

  it('coalesces growth notices during a burst; the last one carries the exact totals', async () => {
    const echo = await startEchoServer(teardown);
    const { id } = await openClient('127.0.0.1', echo.port);
    const messages = 3000;
    for (let i = 0; i < messages; i++) await h.engine.session(id).send(randomBytes(1 + (i % 200)));
    const total = h.snapshotOf(id).stats.bytesOut;

    const isFinal = (stats: SessionStats): boolean => stats.bytesIn === total && stats.messagesOut === messages;
    const final = await waitForValue<EngineEvent>(
      (listener) => {
        const dispose = h.engine.subscribe(listener);
        // The final notice may already have been sent before this wait began.
        const already = h.events.find((e) => e.name === 'log.grew' && e.payload.id === id && isFinal(e.payload.stats));
        if (already) queueMicrotask(() => listener(already));
        return dispose;
      },
      (e) => e.name === 'log.grew' && e.payload.id === id && isFinal(e.payload.stats),
    );

    const grew = h.events.filter((e) => e.name === 'log.grew' && e.payload.id === id);
    const snapshot = h.snapshotOf(id);
    const chunks = snapshot.logCount;
    expect(chunks).toBeGreaterThanOrEqual(messages + 1);
    expect(grew.length).toBeLessThan(chunks / 20);
    expect(final.payload).toEqual({ id, logCount: snapshot.logCount, stats: snapshot.stats, peers: null, peersVersion: 0, ping: null, logFirst: 0, repeat: null });
  });

  it('close drops the session and its log, and announces it', async () => {
    const server = await startServer(teardown);
    const { id } = await openClient('127.0.0.1', server.port);
    const peer = await server.nextConnection();
    const peerClosed = new Promise((resolve) => peer.on('close', resolve));

    await h.engine.close(id);
    expect(h.events.at(-1)).toEqual({ name: 'session.closed', payload: { id } });
    expect(h.engine.list().map((s) => s.id)).not.toContain(id);
    expect((await codedRejection(Promise.resolve().then(() => h.engine.session(id).log.read(0, 1)))).code).toBe('NO_SUCH_SESSION');
    await peerClosed;
  });
});
