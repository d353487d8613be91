// Traffic at scale, end to end: a 200 MB TCP transfer and a 100,000-datagram UDP burst arrive
// complete, with exact counters, and read back (mostly from the spill file) byte for byte.
import { createHash, randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { readFileSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionSnapshot } from '../../../../src-main/shared/contract.js';
import { Teardown, startServer } from '../../../helpers/net.js';
import { type EngineHarness, spillingHarness } from '../../../helpers/engine-harness.js';

const MEMORY_BUDGET = 1024 * 1024;
const teardown = new Teardown();
let h: EngineHarness;
let spillDir: string;

beforeEach(async () => {
  ({ h, spillDir } = await spillingHarness(teardown, 'wirebench-log-scale-', MEMORY_BUDGET));
});

afterEach(async () => {
  await h.dispose();
  await teardown.run();
});

/** Kernel UDP counters (this network namespace): datagrams dropped for a full receive buffer. */
function udpDrops(): number {
  const lines = readFileSync('/proc/net/snmp', 'utf8').split('\n').filter((l) => l.startsWith('Udp:'));
  const names = lines[0]!.split(/\s+/);
  const values = lines[1]!.split(/\s+/).map(Number);
  return values[names.indexOf('RcvbufErrors')]!;
}

describe('at scale', () => {
  it('logs a 200 MB TCP transfer completely; bytes read back from the log match', async () => {
    const server = await startServer(teardown);
    const { id } = h.engine.create('tcp-client');
    await h.engine.connect(id, { kind: 'tcp-client', host: '127.0.0.1', port: server.port, timeoutMs: 5000 });
    const peer = await server.nextConnection();

    const total = 200 * 1024 * 1024;
    const block = 1024 * 1024;
    const sentHash = createHash('sha256');
    for (let sent = 0; sent < total; sent += block) {
      const chunk = randomBytes(block);
      sentHash.update(chunk);
      if (!peer.write(chunk)) await once(peer, 'drain');
    }
    const done = await h.until(id, (s) => s.stats.bytesIn >= total);
    expect(done.stats.bytesIn).toBe(total);
    expect(done.stats.messagesIn).toBe(done.logCount);
    expect(done.error).toBeNull();
    // Nearly all of it went to the file, so the reads below come back from disk.
    const [file] = await readdir(spillDir);
    expect(file).toBe(`wirebench-${process.pid}-${id}.log`);
    expect(statSync(join(spillDir, file!)).size).toBeGreaterThanOrEqual(total - 32 * MEMORY_BUDGET);

    const readHash = createHash('sha256');
    let seq = 0;
    let bytes = 0;
    while (seq < done.logCount) {
      const page = await h.engine.session(id).log.read(seq, 256);
      for (const entry of page.entries) {
        expect(entry.seq).toBe(seq++);
        expect(entry.bytes.byteLength).toBe(entry.size);
        readHash.update(entry.bytes);
        bytes += entry.size;
      }
    }
    expect(bytes).toBe(total);
    expect(readHash.digest('hex')).toBe(sentHash.digest('hex'));
  }, 120_000);

  it('logs a 100,000-datagram UDP burst: every datagram the kernel did not drop, exactly', async () => {
    const { id } = h.engine.create('udp');
    const snapshot = await h.engine.connect(id, { kind: 'udp', localAddress: '127.0.0.1' });
    const port = snapshot.local!.port;
    const sender = createSocket('udp4');
    teardown.add(() => sender.close());
    await new Promise<void>((resolve) => sender.bind(0, '127.0.0.1', resolve));

    const sent = 100_000;
    const datagram = (n: number): Buffer => {
      const b = Buffer.alloc(64, n & 0xff);
      b.writeUInt32BE(n, 0);
      return b;
    };
    const dropsBefore = udpDrops();
    const batch = 64;
    const WINDOW = 128;
    for (let n = 0; n < sent; n += batch) {
      const sends: Promise<void>[] = [];
      for (let k = n; k < Math.min(sent, n + batch); k++) {
        sends.push(new Promise((resolve, reject) => sender.send(datagram(k), port, '127.0.0.1', (err) => (err ? reject(err) : resolve()))));
      }
      await Promise.all(sends);
      // Send callbacks come back before the receiver had a turn (no I/O phase in between), so
      // pace by the receiver: let the event loop run until all but a window were taken in
      // (logged, or counted as dropped by the kernel).
      const target = Math.min(sent, n + batch) - WINDOW;
      while (h.snapshotOf(id).stats.messagesIn + (udpDrops() - dropsBefore) < target) {
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    // Loopback keeps order: once a marker sent after the burst is logged, every datagram of the
    // burst has been logged or dropped. The marker itself may be dropped, so it is re-sent.
    const marker = Buffer.from('end of burst');
    const resend = setInterval(() => sender.send(marker, port, '127.0.0.1'), 250);
    sender.send(marker, port, '127.0.0.1');
    try {
      await h.until(id, (s) => markersIn(s) >= 1);
    } finally {
      clearInterval(resend);
    }
    const dropped = udpDrops() - dropsBefore;

    const received: number[] = [];
    for (let from = 0; ; from += 5000) {
      const page = await h.engine.session(id).log.read(from, 5000);
      for (const e of page.entries) {
        if (Buffer.from(e.bytes).equals(marker)) continue;
        expect(e.size).toBe(64);
        const n = Buffer.from(e.bytes).readUInt32BE(0);
        expect(Buffer.from(e.bytes).equals(datagram(n))).toBe(true);
        expect(e.peer).toBe(`127.0.0.1:${sender.address().port}`);
        received.push(n);
      }
      if (from + 5000 >= page.total) break;
    }
    // In order, no duplicates, nothing invented.
    for (let i = 1; i < received.length; i++) expect(received[i]!).toBeGreaterThan(received[i - 1]!);
    const lost = sent - received.length;
    // Every datagram missing from the log is one the kernel counted as dropped (the counter is
    // shared with the rest of the machine, so it can only be larger).
    expect(dropped).toBeGreaterThanOrEqual(lost);
    if (dropped === 0) expect(received.length).toBe(sent);
    if (lost > 0) console.info(`UDP burst: ${lost} of ${sent} datagrams dropped by the kernel (RcvbufErrors +${dropped})`);
  }, 120_000);
});

/** Markers logged so far: burst datagrams are 64 bytes, markers 12, so the counters tell them apart. */
function markersIn(s: SessionSnapshot): number {
  return (64 * s.stats.messagesIn - s.stats.bytesIn) / 52;
}
