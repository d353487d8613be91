// Framing and checksum verification on real sockets: each frame one entry, each server client
// framed on its own, a tail left at close marked incomplete, framing changed while connected,
// and the bytes themselves never changed (the received-bytes export is the stream).
import { connect, createServer, type Socket } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { ChecksumSpec, FramingConfig, type ChecksumSpecInput, type FramingInput, type LogEntry } from '../../../../src-main/shared/contract.js';
import { Teardown, waitFor } from '../../../helpers/net.js';
import { bytesInReach, codedRejection, EngineHarness } from '../../../helpers/engine-harness.js';
import { expectEvery } from '../../../helpers/expect-every.js';

const teardown = new Teardown();
afterEach(() => teardown.run());

const latin = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

function harness(): EngineHarness {
  const h = new EngineHarness({ growthTickMs: 5 });
  teardown.add(() => h.dispose());
  return h;
}

function receive(h: EngineHarness, id: string, framing: FramingInput, verify: ChecksumSpecInput | null = null): void {
  h.engine.handlers['session.receive']({ id, framing: v.parse(FramingConfig, framing), verify: verify && v.parse(ChecksumSpec, verify) });
}

async function client(port: number): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port });
  socket.setNoDelay(true);
  socket.on('error', () => {});
  teardown.add(() => socket.destroy());
  await waitFor(socket, 'connect');
  return socket;
}

/** Writes each piece and waits until the session has taken it in, so each is its own chunk. */
async function writeInPieces(h: EngineHarness, id: string, pieces: [Socket, string][]): Promise<void> {
  let total = h.snapshotOf(id).stats.bytesIn;
  for (const [socket, piece] of pieces) {
    socket.write(piece);
    total += Buffer.byteLength(piece, 'latin1');
    await bytesInReach(h.engine, id, total);
  }
}

const shown = (e: LogEntry): string => latin(e.bytes.subarray(0, e.size - (e.trail ?? 0)));

describe('framing on a TCP server', () => {
  it('frames each of 3 interleaving clients on its own: one entry per line, a tail at close marked incomplete', async () => {
    const h = harness();
    const { id } = h.engine.create('tcp-server');
    receive(h, id, { mode: 'delimiter', delimiter: '\\r\\n', keepDelimiter: false });
    const port = (await h.engine.connect(id, { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0 })).local!.port;
    const [a, b, c] = [await client(port), await client(port), await client(port)];
    await h.until(id, (s) => s.peers?.open === 3);
    await writeInPieces(h, id, [
      [a, 'hel'], [b, 'wor'], [c, 'x\r'], [a, 'lo\r'], [b, 'ld\r\nsecond'], [a, '\n'], [c, '\ny\r\n'], [b, ' line\r\n'], [a, 'tail'],
    ]);
    a.end();
    await h.until(id, (s) => s.peers?.open === 2);
    await h.until(id, (s) => s.logCount === 6);
    const entries = await h.entries(id);
    const byPeer = new Map<string, string[]>();
    for (const e of entries) byPeer.set(e.peerId!, [...(byPeer.get(e.peerId!) ?? []), shown(e) + (e.cut ? `(${e.cut})` : '')]);
    expect([...byPeer.values()].sort()).toEqual([['hello', 'tail(incomplete)'], ['world', 'second line'], ['x', 'y']]);
    // The Clients list counts each client's frames, not the reads they came in.
    const { peers } = await h.engine.session(id).readPeers(0, 10);
    expect(peers.map((p) => [p.stats.messagesIn, p.stats.bytesIn])).toEqual([[2, 11], [2, 20], [2, 6]]);
    // The delimiter is kept in the bytes, only marked to hide.
    expectEvery(entries.filter((e) => !e.cut), (e) => e.trail === 2 && latin(e.bytes).endsWith('\r\n'));
  });

  it('verifies a checksum on each frame: flags, the failed counter, and a filtered read of only the failed', async () => {
    const h = harness();
    const { id } = h.engine.create('tcp-server');
    receive(h, id, { mode: 'fixed', frameSize: 8 }, { algorithm: 'crc16-modbus', byteOrder: 'little' });
    const port = (await h.engine.connect(id, { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0 })).local!.port;
    const socket = await client(port);
    // A good Modbus RTU request, a corrupted one, and the good one again, split oddly.
    const frames = Buffer.from('0103000000 0AC5CD 0103000000 0BC5CD 0103000000 0AC5CD'.replace(/ /g, ''), 'hex');
    socket.write(frames.subarray(0, 5));
    await bytesInReach(h.engine, id, 5);
    socket.write(frames.subarray(5));
    await h.until(id, (s) => s.logCount === 3);
    const entries = await h.entries(id);
    expect(entries.map((e) => e.check)).toEqual(['ok', 'bad', 'ok']);
    expect(h.snapshotOf(id).stats.checksFailed).toBe(1);
    const failed = await h.engine.session(id).log.read(0, 10, undefined, { failedOnly: true });
    expect(failed.total).toBe(1);
    expect(failed.entries.map((e) => e.seq)).toEqual([1]);
    const received = await h.engine.session(id).log.read(0, 10, undefined, { dir: 'in' });
    expect(received.total).toBe(3);
    expect((await h.engine.session(id).log.read(0, 10, undefined, { dir: 'out' })).total).toBe(0);
  });

  it('refuses framing on a datagram kind, and a delimiter that does not parse, in words', async () => {
    const h = harness();
    const udp = h.engine.create('udp');
    const err = await codedRejection(Promise.resolve().then(() => receive(h, udp.id, { mode: 'delimiter' })));
    expect(err.code).toBe('UNSUPPORTED_KIND');
    expect(err.message).toMatch(/Framing is for stream sessions/);
    const tcp = h.engine.create('tcp-server');
    const bad = await codedRejection(Promise.resolve().then(() => receive(h, tcp.id, { mode: 'delimiter', delimiter: '\\q' })));
    expect(bad.message).toMatch(/^Delimiter: Invalid escape/);
  });
});

describe('framing on a TCP client', () => {
  it('set before connecting and changed while connected (from the next byte); the received bytes are unchanged', async () => {
    const h = harness();
    const server = createServer();
    const peers: Socket[] = [];
    server.on('connection', (s) => {
      s.setNoDelay(true);
      peers.push(s);
    });
    server.listen(0, '127.0.0.1');
    await waitFor(server, 'listening');
    teardown.add(() => new Promise<void>((r) => server.close(() => r())));
    teardown.add(() => peers.forEach((s) => s.destroy()));
    const port = (server.address() as { port: number }).port;

    const { id } = h.engine.create('tcp-client');
    receive(h, id, { mode: 'length', prefixSize: 2 });
    await h.engine.connect(id, { kind: 'tcp-client', host: '127.0.0.1', port });
    await new Promise<void>((r) => (peers.length ? r() : server.once('connection', () => r())));
    const peer = peers[0]!;
    const stream: Buffer[] = [];
    const put = async (hex: string): Promise<void> => {
      const b = Buffer.from(hex.replace(/ /g, ''), 'hex');
      stream.push(b);
      peer.write(b);
      await bytesInReach(h.engine, id, Buffer.concat(stream).length);
    };
    await put('00 03 41');
    await put('42 43 00');
    await put('01 44 00 02');
    await put('45');
    await h.until(id, (s) => s.logCount === 2);
    receive(h, id, { mode: 'fixed', frameSize: 2 });
    await put('46 47 48 49 4A');
    peer.end();
    await h.until(id, (s) => s.status === 'closed');
    const entries = await h.entries(id);
    expect(entries.map((e) => `${Array.from(latin(e.bytes), (c) => (c < ' ' ? `<${c.charCodeAt(0)}>` : c)).join('')}${e.cut ? `(${e.cut})` : ''}`)).toEqual([
      '<0><3>ABC',
      '<0><1>D',
      // What the length framer held when framing changed (00 02 45) is logged as it stood.
      '<0><2>E(incomplete)',
      'FG',
      'HI',
      'J(incomplete)',
    ]);

    const dir = await mkdtemp(join(tmpdir(), 'wb-framing-'));
    teardown.add(() => rm(dir, { recursive: true, force: true }));
    await h.engine.saveLog(id, { path: join(dir, 'in.bin'), format: 'raw-in' });
    expect((await readFile(join(dir, 'in.bin'))).equals(Buffer.concat(stream))).toBe(true);
  });

  it('verifies checksums on unframed chunks read straight into the log', async () => {
    const h = harness();
    const server = createServer((s) => s.end(Buffer.from('313233343536373839CBF43926', 'hex')));
    server.listen(0, '127.0.0.1');
    await waitFor(server, 'listening');
    teardown.add(() => new Promise<void>((r) => server.close(() => r())));
    const { id } = h.engine.create('tcp-client');
    receive(h, id, { mode: 'none' }, { algorithm: 'crc32' });
    await h.engine.connect(id, { kind: 'tcp-client', host: '127.0.0.1', port: (server.address() as { port: number }).port });
    await h.until(id, (s) => s.status === 'closed');
    const entries = await h.entries(id);
    expect(entries.map((e) => e.check)).toEqual(['ok']);
  });
});
