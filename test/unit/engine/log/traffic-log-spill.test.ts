// The traffic log past its memory budget: bytes go to an append-only file and come back exact;
// a spill failure keeps everything readable, shows LOG_SPILL_FAILED and pauses a real socket.
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionSnapshot } from '../../../../src-main/shared/contract.js';
import { Engine } from '../../../../src-main/engine/engine.js';
import type { EngineEvent } from '../../../../src-main/shared/contract.js';
import { TrafficLog } from '../../../../src-main/engine/log/traffic-log.js';
import { Teardown, startServer, waitFor, waitForValue } from '../../../helpers/net.js';
import { expectEvery } from '../../../helpers/expect-every.js';

const BUDGET = 64 * 1024;
const SIZES = [0, 1, 1000, 70000];
const teardown = new Teardown();
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wirebench-spill-test-'));
  teardown.add(() => rm(dir, { recursive: true, force: true }));
});

afterEach(() => teardown.run());

/** Deterministic bytes that differ per entry, so a mix-up of entries or offsets shows. */
function bytesFor(seq: number, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = (seq * 2654435761) >>> 0;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/**
 * A spilling log (disposed at teardown) whose spill must not fail. `catchUp` is what a session
 * does when the log is behind: stop taking bytes until the file catches up.
 */
function spillingLog(spill: { dir: string; name: string; budgetBytes: number }): { log: TrafficLog; catchUp: () => Promise<void> } {
  let behind = false;
  const log = new TrafficLog({
    spill,
    onPressure: (b) => {
      behind = b;
    },
    onSpillFailed: (err) => {
      throw err;
    },
  });
  teardown.add(() => log.dispose());
  const catchUp = async (): Promise<void> => {
    if (behind) await log.flushed();
  };
  return { log, catchUp };
}

interface Filled {
  log: TrafficLog;
  expected: Uint8Array[];
  peers: string[];
}

async function fill(count: number): Promise<Filled> {
  const { log, catchUp } = spillingLog({ dir: join(dir, 'spill'), name: 'log.bin', budgetBytes: BUDGET });
  const expected: Uint8Array[] = [];
  const peers: string[] = [];
  for (let seq = 0; seq < count; seq++) {
    const size = SIZES[seq % SIZES.length]!;
    const bytes = bytesFor(seq, size);
    const peer = seq % 3 === 0 ? 'p1' : 'p2';
    expected.push(bytes);
    peers.push(peer);
    log.append(seq % 2 === 0 ? 'in' : 'out', bytes, { id: peer, label: `${peer}:1` });
    expect(log.memoryBytes).toBeLessThanOrEqual(log.memoryLimit + size);
    await catchUp();
  }
  await log.flushed();
  return { log, expected, peers };
}

describe('spilling past the memory budget', () => {
  it('reads every entry back exactly, whole, by byte range and with maxBytes', async () => {
    const { log, expected } = await fill(400);
    const total = expected.reduce((n, b) => n + b.byteLength, 0);
    expect(log.memoryBytes).toBeLessThanOrEqual(BUDGET);
    // Most of it is in the file: the reads below come back from disk.
    expect(statSync(log.spillPath!).size).toBeGreaterThan(total - BUDGET - 1);

    const got: Uint8Array[] = [];
    for (let from = 0; from < expected.length; from += 37) {
      const page = await log.read(from, 37);
      expect(page.total).toBe(400);
      for (const e of page.entries) {
        expect(e.seq).toBe(got.length);
        expect(e.size).toBe(expected[e.seq]!.byteLength);
        got.push(e.bytes);
      }
    }
    expect(got.length).toBe(400);
    got.forEach((b, seq) => expect(Buffer.from(b).equals(Buffer.from(expected[seq]!))).toBe(true));

    const prefixes = await log.read(0, 400, 500);
    for (const e of prefixes.entries) {
      expect(Buffer.from(e.bytes).equals(Buffer.from(expected[e.seq]!.subarray(0, 500)))).toBe(true);
      expect(e.size).toBe(expected[e.seq]!.byteLength);
    }

    for (const seq of [0, 1, 2, 3, 202, 203, 398, 399]) {
      const full = expected[seq]!;
      for (const [offset, length] of [[0, 1 << 30], [10, 100], [full.byteLength - 5, 50], [full.byteLength + 3, 4]] as const) {
        const { bytes, size } = await log.readBytes(seq, offset, length);
        const start = Math.min(Math.max(0, offset), full.byteLength);
        expect(size).toBe(full.byteLength);
        expect(Buffer.from(bytes).equals(Buffer.from(full.subarray(start, start + length)))).toBe(true);
      }
    }
  });

  it('filters by peer over spilled entries', async () => {
    const { log, expected, peers } = await fill(200);
    const want = expected.map((b, seq) => ({ b, seq })).filter(({ seq }) => peers[seq] === 'p1');
    const page = await log.read(0, 1000, undefined, { peerId: 'p1' });
    expect(page.total).toBe(want.length);
    expect(page.entries.map((e) => e.seq)).toEqual(want.map((w) => w.seq));
    page.entries.forEach((e, i) => expect(Buffer.from(e.bytes).equals(Buffer.from(want[i]!.b))).toBe(true));
  });

  it('serves entries whose write is still in flight, and removes the file on dispose', async () => {
    const log = new TrafficLog({ spill: { dir, name: 'inflight.bin', budgetBytes: BUDGET } });
    const a = bytesFor(1, 70000);
    const b = bytesFor(2, 70000);
    log.append('in', a, null);
    log.append('in', b, null);
    // The first write has started but cannot have finished: no await since the appends.
    const [ra, rb] = await Promise.all([log.readBytes(0, 0, 1 << 30), log.readBytes(1, 0, 1 << 30)]);
    expect(Buffer.from(ra.bytes).equals(Buffer.from(a))).toBe(true);
    expect(Buffer.from(rb.bytes).equals(Buffer.from(b))).toBe(true);
    await log.flushed();
    expect(log.memoryBytes).toBeLessThanOrEqual(BUDGET);
    const path = log.spillPath!;
    expect(existsSync(path)).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await log.dispose();
    expect(existsSync(path)).toBe(false);
  });

  it('removes the spill file when the engine closes the session, and on engine.dispose', async () => {
    const engine = new Engine({ spillDir: dir, logMemoryBytes: BUDGET });
    teardown.add(() => engine.dispose());
    const server = await startServer(teardown);
    const files: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { id } = engine.create('tcp-client');
      await engine.connect(id, { kind: 'tcp-client', host: '127.0.0.1', port: server.port, timeoutMs: 5000 });
      const peer = await server.nextConnection();
      peer.write(Buffer.alloc(4 * BUDGET, 7));
      await waitForValue<EngineEvent>(engine.subscribe.bind(engine), (e) => e.name === 'log.grew' && e.payload.id === id && e.payload.stats.bytesIn === 4 * BUDGET);
      files.push(join(dir, `wirebench-${process.pid}-${id}.log`));
    }
    // The file exists once something spilled (the 4x-budget transfer forced it).
    await expect.poll(() => files.every((f) => existsSync(f))).toBe(true);
    await engine.close('s1');
    expect(existsSync(files[0]!)).toBe(false);
    await engine.dispose();
    expect(existsSync(files[1]!)).toBe(false);
  });
});

describe('socket reads straight into the log (readBuffer, commitRead)', () => {
  it('keeps reads and appended entries between them exact, through aligned chunks and the spill file', async () => {
    // Chunks of 512 KiB: the slab of aligned memory and whole-block writes, as a real budget gets.
    const budget = 4 * 1024 * 1024;
    const { log, catchUp } = spillingLog({ dir, name: 'reads.bin', budgetBytes: budget });
    const expected: Uint8Array[] = [];
    let total = 0;
    // As net.Socket does: the space for the next read is taken right after each read.
    let space = log.readBuffer();
    for (let seq = 0; total < 40 * 1024 * 1024; seq++) {
      let bytes: Uint8Array;
      if (seq % 7 === 3) {
        // A send while a read is outstanding: it must not land in the read's space.
        bytes = bytesFor(seq, 1 + (seq % 5000));
        log.append('out', bytes, 'p:1');
      } else {
        expect(space.byteLength).toBeGreaterThan(0);
        bytes = bytesFor(seq, Math.min(space.byteLength, 1 + ((seq * 7919) % 300_000)));
        space.set(bytes);
        expect(log.commitRead('in', bytes.byteLength, 'p:1')).toBe(seq);
        space = log.readBuffer();
      }
      expected.push(bytes);
      total += bytes.byteLength;
      expect(log.memoryBytes).toBeLessThanOrEqual(log.memoryLimit + bytes.byteLength);
      await catchUp();
    }
    await log.flushed();
    expect(log.memoryBytes).toBeLessThanOrEqual(budget);
    expect(statSync(log.spillPath!).size).toBeGreaterThan(total - budget);
    expect(log.stats.bytesIn + log.stats.bytesOut).toBe(total);

    for (let from = 0; from < expected.length; from += 50) {
      const page = await log.read(from, 50);
      for (const e of page.entries) {
        expect(e.size).toBe(expected[e.seq]!.byteLength);
        expect(Buffer.from(e.bytes).equals(Buffer.from(expected[e.seq]!))).toBe(true);
      }
    }
    for (const seq of [0, 1, 3, Math.floor(expected.length / 2), expected.length - 1]) {
      const full = expected[seq]!;
      const { bytes } = await log.readBytes(seq, 1, 1000);
      expect(Buffer.from(bytes).equals(Buffer.from(full.subarray(1, 1001)))).toBe(true);
    }
  });

  it('refuses to commit more than the space it gave', () => {
    const log = new TrafficLog();
    expect(() => log.commitRead('in', 1, null)).toThrow(RangeError);
    const space = log.readBuffer();
    expect(() => log.commitRead('in', space.byteLength + 1, null)).toThrow(RangeError);
    expect(log.count).toBe(0);
  });
});

describe('a spill failure', () => {
  /** A folder under a regular file: mkdir fails with ENOTDIR even for root. */
  async function unusableDir(): Promise<string> {
    const file = join(dir, 'a-file');
    await writeFile(file, 'not a folder');
    return join(file, 'spill');
  }

  it('keeps every entry readable and reports the folder and the OS reason', async () => {
    const spillDir = await unusableDir();
    const failures: unknown[] = [];
    const log = new TrafficLog({ spill: { dir: spillDir, name: 'x.bin', budgetBytes: BUDGET }, onSpillFailed: (err) => failures.push(err) });
    teardown.add(() => log.dispose());
    const expected = Array.from({ length: 10 }, (_, seq) => bytesFor(seq, 20000));
    for (const b of expected) log.append('in', b, null);
    await log.flushed();
    expect(failures).toHaveLength(1);
    expect((failures[0] as NodeJS.ErrnoException).code).toBe('ENOTDIR');
    const page = await log.read(0, 10);
    page.entries.forEach((e) => expect(Buffer.from(e.bytes).equals(Buffer.from(expected[e.seq]!))).toBe(true));
  });

  it('pauses a TCP session: LOG_SPILL_FAILED in its snapshot and the sender backs up', async () => {
    const spillDir = await unusableDir();
    const engine = new Engine({ spillDir, logMemoryBytes: BUDGET, growthTickMs: 5 });
    teardown.add(() => engine.dispose());
    const server = await startServer(teardown);
    const { id } = engine.create('tcp-client');
    await engine.connect(id, { kind: 'tcp-client', host: '127.0.0.1', port: server.port, timeoutMs: 5000 });
    const peer = await server.nextConnection();

    const failed = waitForValue<EngineEvent>(
      engine.subscribe.bind(engine),
      (e) => e.name === 'session.state' && e.payload.id === id && e.payload.error?.code === 'LOG_SPILL_FAILED',
    );
    const sent = 64 * 1024 * 1024;
    const accepted = peer.write(Buffer.alloc(sent, 0x41));
    expect(accepted).toBe(false);
    const event = await failed;
    const snapshot = event.payload as SessionSnapshot;
    expect(snapshot.status).toBe('open');
    expect(snapshot.error?.message).toContain(spillDir);
    expect(snapshot.error?.message).toContain('ENOTDIR');

    // Paused, the session leaves the rest in the kernel's buffers and the sender's queue: 'drain'
    // must not come. Unpaused, 64 MiB over loopback drains well within this window.
    const drained = await Promise.race([
      waitFor(peer, 'drain').then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1500)),
    ]);
    expect(drained).toBe(false);
    expect(peer.writableLength).toBeGreaterThan(0);
    const logged = engine.list().find((s) => s.id === id)!.stats.bytesIn;
    expect(logged).toBeLessThan(sent);
    // Everything logged is still readable.
    const page = await engine.session(id).log.read(0, 1_000_000);
    expect(page.entries.reduce((n, e) => n + e.size, 0)).toBe(logged);
    expectEvery(page.entries, (e) => e.bytes.every((x) => x === 0x41));
    // A clean close by the user still says why the log stopped growing.
    const closed = await engine.session(id).disconnect();
    expect(closed).toMatchObject({ status: 'closed', closedBy: 'local', error: { code: 'LOG_SPILL_FAILED' } });
  });

  it('pauses every client of a TCP server session, and clients that connect later', async () => {
    const engine = new Engine({ spillDir: await unusableDir(), logMemoryBytes: BUDGET });
    teardown.add(() => engine.dispose());
    const { id } = engine.create('tcp-server');
    const port = (await engine.connect(id, { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0 })).local!.port;
    const failed = waitForValue<EngineEvent>(
      engine.subscribe.bind(engine),
      (e) => e.name === 'session.state' && e.payload.id === id && e.payload.error?.code === 'LOG_SPILL_FAILED',
    );
    const client = createConnection(port, '127.0.0.1');
    teardown.add(() => client.destroy());
    await waitFor(client, 'connect');
    client.write(Buffer.alloc(64 * 1024 * 1024, 1));
    await failed;
    const late = createConnection(port, '127.0.0.1');
    teardown.add(() => late.destroy());
    await waitFor(late, 'connect');
    late.write(Buffer.alloc(64 * 1024 * 1024, 2));
    // As above: a window long enough for 2 x 64 MiB to drain over loopback if nothing paused.
    const drained = await Promise.race([
      Promise.race([waitFor(client, 'drain'), waitFor(late, 'drain')]).then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1500)),
    ]);
    expect(drained).toBe(false);
    expect(client.writableLength).toBeGreaterThan(0);
    expect(late.writableLength).toBeGreaterThan(0);
  });

  it('tells a UDP session that datagrams are now dropped, and drops them', async () => {
    const engine = new Engine({ spillDir: await unusableDir(), logMemoryBytes: 1024, growthTickMs: 5 });
    teardown.add(() => engine.dispose());
    const { id } = engine.create('udp');
    const port = (await engine.connect(id, { kind: 'udp', localAddress: '127.0.0.1' })).local!.port;
    const sender = createSocket('udp4');
    teardown.add(() => sender.close());
    const failed = waitForValue<EngineEvent>(
      engine.subscribe.bind(engine),
      (e) => e.name === 'session.state' && e.payload.id === id && e.payload.error?.code === 'LOG_SPILL_FAILED',
    );
    sender.send(Buffer.alloc(2000, 3), port, '127.0.0.1');
    const event = await failed;
    expect((event.payload as SessionSnapshot).error?.message).toMatch(/datagrams are dropped/);
    const before = engine.list().find((s) => s.id === id)!.logCount;
    expect(before).toBe(1);
    // A datagram to a second, healthy session sent after one to the failed one: once the healthy
    // one has it, the failed one has had its datagram too, and must not have logged it.
    const { id: other } = engine.create('udp');
    const otherPort = (await engine.connect(other, { kind: 'udp', localAddress: '127.0.0.1' })).local!.port;
    const arrived = waitForValue<EngineEvent>(engine.subscribe.bind(engine), (e) => e.name === 'log.grew' && e.payload.id === other);
    sender.send(Buffer.from('dropped'), port, '127.0.0.1');
    sender.send(Buffer.from('kept'), otherPort, '127.0.0.1');
    await arrived;
    expect(engine.list().find((s) => s.id === id)!.logCount).toBe(1);
    expect((await engine.session(id).log.read(0, 10)).entries[0]!.bytes).toEqual(new Uint8Array(2000).fill(3));
  });
});
