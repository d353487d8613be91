import { describe, expect, it } from 'vitest';
import { TrafficLog } from '../../../../src-main/engine/log/traffic-log.js';
import { CodedError } from '../../../../src-main/engine/errors.js';
import { preciseNow } from '../../../../src-main/engine/clock.js';
import { expectEvery } from '../../../helpers/expect-every.js';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

describe('TrafficLog', () => {
  it('numbers entries from 0, consecutively, and keeps direction, peer, time and exact bytes', async () => {
    const log = new TrafficLog();
    expect(log.append('out', bytes(1, 2, 3), '127.0.0.1:9', 1000.5)).toBe(0);
    expect(log.append('in', bytes(0, 255), null, 1001.25)).toBe(1);
    expect(log.append('in', bytes(7), '[::1]:80', 1002)).toBe(2);
    expect(log.count).toBe(3);

    const { entries, total } = await log.read(0, 10);
    expect(total).toBe(3);
    expect(entries).toEqual([
      { seq: 0, ts: 1000.5, dir: 'out', size: 3, bytes: bytes(1, 2, 3), peer: '127.0.0.1:9', peerId: null },
      { seq: 1, ts: 1001.25, dir: 'in', size: 2, bytes: bytes(0, 255), peer: null, peerId: null },
      { seq: 2, ts: 1002, dir: 'in', size: 1, bytes: bytes(7), peer: '[::1]:80', peerId: null },
    ]);
  });

  it('keeps 0-byte entries as their own entries, never merged', async () => {
    const log = new TrafficLog();
    log.append('out', bytes(), null);
    log.append('out', bytes(), null);
    log.append('out', bytes(9), null);
    const { entries } = await log.read(0, 3);
    expect(entries.map((e) => e.size)).toEqual([0, 0, 1]);
    expect(log.stats).toEqual({ bytesIn: 0, bytesOut: 1, messagesIn: 0, messagesOut: 3 });
  });

  it('counts bytes and messages each way exactly', () => {
    const log = new TrafficLog();
    for (let i = 0; i < 1000; i++) log.append(i % 3 === 0 ? 'out' : 'in', new Uint8Array(i), null);
    let bytesIn = 0;
    let bytesOut = 0;
    for (let i = 0; i < 1000; i++) {
      if (i % 3 === 0) bytesOut += i;
      else bytesIn += i;
    }
    expect(log.stats).toEqual({ bytesIn, bytesOut, messagesIn: 666, messagesOut: 334 });
  });

  it('stats is a copy the log does not change later', () => {
    const log = new TrafficLog();
    const before = log.stats;
    log.append('in', bytes(1), null);
    expect(before.bytesIn).toBe(0);
    expect(log.stats.bytesIn).toBe(1);
  });

  it('reads a window, and returns nothing for entries past the end', async () => {
    const log = new TrafficLog();
    for (let i = 0; i < 1000; i++) log.append('in', bytes(i & 0xff, i >> 8), null, i);
    const middle = await log.read(500, 3);
    expect(middle.entries.map((e) => e.seq)).toEqual([500, 501, 502]);
    expect(middle.entries[1]!.bytes).toEqual(bytes(501 & 0xff, 501 >> 8));
    expect(middle.entries[2]!.ts).toBe(502);
    expect((await log.read(998, 10)).entries.map((e) => e.seq)).toEqual([998, 999]);
    expect(await log.read(1000, 10)).toEqual({ entries: [], total: 1000 });
    expect(await log.read(5000, 10)).toEqual({ entries: [], total: 1000 });
    expect((await log.read(0, 0)).entries).toEqual([]);
  });

  it('with maxBytes gives each entry a prefix of its bytes and its full size', async () => {
    const log = new TrafficLog();
    log.append('in', bytes(1, 2, 3, 4, 5), null);
    log.append('in', bytes(6, 7), null);
    log.append('in', bytes(), null);
    const { entries } = await log.read(0, 3, 3);
    expect(entries.map((e) => [e.size, [...e.bytes]])).toEqual([
      [5, [1, 2, 3]],
      [2, [6, 7]],
      [0, []],
    ]);
    const none = await log.read(0, 1, 0);
    expect(none.entries[0]!.bytes.byteLength).toBe(0);
    expect(none.entries[0]!.size).toBe(5);
  });

  it('a prefix is its own small buffer, not a view onto the whole chunk', async () => {
    const log = new TrafficLog();
    log.append('in', new Uint8Array(100_000).fill(1), null);
    const { entries } = await log.read(0, 1, 16);
    expect(entries[0]!.bytes.buffer.byteLength).toBe(16);
  });

  it('readBytes returns a range clipped to the entry, with its full size', async () => {
    const log = new TrafficLog();
    log.append('out', bytes(10, 11, 12, 13, 14), null);
    expect(await log.readBytes(0, 1, 3)).toEqual({ bytes: bytes(11, 12, 13), size: 5 });
    expect(await log.readBytes(0, 3, 100)).toEqual({ bytes: bytes(13, 14), size: 5 });
    expect(await log.readBytes(0, 0, 5)).toEqual({ bytes: bytes(10, 11, 12, 13, 14), size: 5 });
    expect(await log.readBytes(0, 9, 5)).toEqual({ bytes: bytes(), size: 5 });
  });

  it('readBytes of a missing entry is NO_SUCH_ENTRY', async () => {
    const log = new TrafficLog();
    log.append('out', bytes(1), null);
    for (const seq of [1, 99, -1, 0.5]) {
      const err = await log.readBytes(seq, 0, 1).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CodedError);
      expect(err).toMatchObject({ code: 'NO_SUCH_ENTRY' });
      expect((err as Error).message).toContain(`#${seq}`);
    }
  });

  it('stores a Buffer as a plain Uint8Array with the same bytes', async () => {
    const log = new TrafficLog();
    log.append('in', Buffer.from([1, 2, 3]), null);
    const { entries } = await log.read(0, 1);
    expect(Object.getPrototypeOf(entries[0]!.bytes)).toBe(Uint8Array.prototype);
    expect(entries[0]!.bytes).toEqual(bytes(1, 2, 3));
  });

  it('copies a small view out of a large buffer instead of keeping the large buffer alive', async () => {
    const log = new TrafficLog();
    const slab = new Uint8Array(64 * 1024);
    slab.set([5, 6, 7], 100);
    log.append('in', slab.subarray(100, 103), null);
    slab.fill(9);
    const { entries } = await log.read(0, 1);
    expect(entries[0]!.bytes).toEqual(bytes(5, 6, 7));
    expect(entries[0]!.bytes.buffer.byteLength).toBe(3);
  });

  it('gives every reader its own buffer of exactly the entry, never a view onto the log\'s memory', async () => {
    const log = new TrafficLog();
    log.append('in', new Uint8Array(4096).fill(1), null);
    log.append('out', new Uint8Array(3).fill(2), null);
    log.append('in', new Uint8Array(1 << 20).fill(3), null);
    const first = await log.read(0, 3);
    expect(first.entries.map((e) => e.bytes.buffer.byteLength)).toEqual([4096, 3, 1 << 20]);
    // Changing what a reader got changes nothing in the log.
    first.entries.forEach((e) => e.bytes.fill(0));
    const again = await log.read(0, 3);
    expect(again.entries.map((e) => [e.bytes.byteLength, e.bytes.every((b) => b === e.bytes[0]), e.bytes[0]])).toEqual([
      [4096, true, 1],
      [3, true, 2],
      [1 << 20, true, 3],
    ]);
    const { bytes: range } = await log.readBytes(0, 10, 20);
    expect(range.buffer.byteLength).toBe(20);
  });

  it('grows past its initial capacity without losing anything', async () => {
    const log = new TrafficLog();
    const n = 10_000;
    for (let i = 0; i < n; i++) log.append(i % 2 ? 'in' : 'out', bytes(i % 251), `peer${i % 3}`, i + 0.001);
    expect(log.count).toBe(n);
    const { entries } = await log.read(0, n);
    expect(entries).toHaveLength(n);
    entries.forEach((e, i) => {
      expect(e.seq).toBe(i);
      expect(e.dir).toBe(i % 2 ? 'in' : 'out');
      expect(e.bytes[0]).toBe(i % 251);
      expect(e.peer).toBe(`peer${i % 3}`);
      expect(e.ts).toBe(i + 0.001);
    });
  });

  it('stamps entries with the wall clock, in milliseconds with a sub-millisecond fraction', async () => {
    const log = new TrafficLog();
    const before = Date.now();
    log.append('in', bytes(1), null);
    const after = Date.now();
    const { entries } = await log.read(0, 1);
    expect(entries[0]!.ts).toBeGreaterThanOrEqual(before - 1);
    expect(entries[0]!.ts).toBeLessThanOrEqual(after + 1);
    // Two readings a moment apart differ by less than a millisecond: the clock is finer than ms.
    const a = preciseNow();
    const b = preciseNow();
    expect(b - a).toBeGreaterThanOrEqual(0);
    expect(b - a).toBeLessThan(1);
    expect(Number.isInteger(a) && Number.isInteger(b)).toBe(false);
  });
});

describe('TrafficLog filtered by peer', () => {
  it('indexes each peer id\'s entries so from/count page through that peer alone', async () => {
    const log = new TrafficLog();
    for (let i = 0; i < 100; i++) {
      const peer = i % 3 === 0 ? { id: 'p1', label: '127.0.0.1:1001' } : { id: 'p2', label: '127.0.0.1:1002' };
      log.append(i % 2 === 0 ? 'in' : 'out', bytes(i), peer);
    }
    const p1 = await log.read(0, 1000, undefined, { peerId: 'p1' });
    expect(p1.total).toBe(34);
    expect(p1.entries.map((e) => e.seq)).toEqual(Array.from({ length: 34 }, (_, k) => k * 3));
    expectEvery(p1.entries, (e) => e.peerId === 'p1' && e.peer === '127.0.0.1:1001');
    expect(p1.entries.map((e) => e.bytes[0])).toEqual(Array.from({ length: 34 }, (_, k) => k * 3));

    const page = await log.read(10, 5, undefined, { peerId: 'p2' });
    expect(page.total).toBe(66);
    expect(page.entries.map((e) => e.seq)).toEqual([16, 17, 19, 20, 22]);
    expect((await log.read(0, 10, undefined, { peerId: 'p9' })).entries).toEqual([]);
    expect((await log.read(0, 10, undefined, { peerId: 'p9' })).total).toBe(0);
  });
});
