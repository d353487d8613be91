// saveLog over a scripted log: how much it asks for per read (bounded, whatever the log's
// size), and what is left on disk when something fails part-way (nothing but the target as it was).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_READ_BYTES, MAX_READ_ENTRIES, type LogEntry } from '../../../../src-main/shared/contract.js';
import { saveLog, type ReadableLog } from '../../../../src-main/engine/log/log-save.js';
import { isoTime } from '../../../../src-main/engine/clock.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wirebench-log-save-unit-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Entry bytes made from (seq, offset): any range can be produced and checked without storing it. */
const byteAt = (seq: number, offset: number): number => (seq * 31 + offset * 7) & 0xff;

function bytesOf(seq: number, offset: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = byteAt(seq, offset + i);
  return out;
}

/** A log of entries with the given sizes that records every read asked of it. */
class ScriptedLog implements ReadableLog {
  readonly reads: { from: number; count: number; bytes: number }[] = [];
  readonly pieces: number[] = [];
  onRead: (() => void) | null = null;

  constructor(readonly sizes: number[]) {}

  get count(): number {
    return this.sizes.length;
  }

  entry(seq: number, maxBytes?: number): LogEntry {
    const size = this.sizes[seq]!;
    const want = maxBytes === undefined ? size : Math.min(size, maxBytes);
    return { seq, ts: 1_700_000_000_000.125 + seq, dir: seq % 3 === 0 ? 'out' : 'in', size, bytes: bytesOf(seq, 0, want), peer: null, peerId: null };
  }

  async read(from: number, count: number, maxBytes?: number): Promise<{ entries: LogEntry[]; total: number }> {
    this.onRead?.();
    const entries: LogEntry[] = [];
    for (let seq = from; seq < Math.min(this.count, from + count); seq++) entries.push(this.entry(seq, maxBytes));
    this.reads.push({ from, count, bytes: entries.reduce((n, e) => n + e.bytes.byteLength, 0) });
    return { entries, total: this.count };
  }

  async readBytes(seq: number, offset: number, length: number): Promise<{ bytes: Uint8Array; size: number }> {
    this.pieces.push(length);
    const size = this.sizes[seq]!;
    return { bytes: bytesOf(seq, offset, Math.min(length, size - offset)), size };
  }
}

const signal = (): AbortSignal => new AbortController().signal;

describe('saveLog', () => {
  it('reads in bounded pages, skipping large entries of the other direction: at most MAX_READ_ENTRIES entries, 4 MiB of bytes, MAX_READ_BYTES per piece of a large entry', async () => {
    const sizes = Array.from({ length: 2500 }, (_, seq) => (seq === 1201 || seq === 1500 ? 9 * 1024 * 1024 : 1 + ((seq * 977) % 20_000)));
    const log = new ScriptedLog(sizes);
    const path = join(dir, 'out.bin');
    const result = await saveLog(log, { path, format: 'raw-in', overwrite: false, signal: signal() });

    for (const read of log.reads) {
      expect(read.count).toBeLessThanOrEqual(MAX_READ_ENTRIES);
      expect(read.bytes).toBeLessThanOrEqual(4 * 1024 * 1024);
    }
    // Entry 1201 (in) in pieces; entry 1500 (out) is not read at all.
    expect(log.pieces).toHaveLength(Math.ceil((9 * 1024 * 1024) / (3 * Math.floor(MAX_READ_BYTES / 3))));
    for (const piece of log.pieces) expect(piece).toBeLessThanOrEqual(MAX_READ_BYTES);

    const inSeqs = sizes.map((_, seq) => seq).filter((seq) => seq % 3 !== 0);
    const expected = createHash('sha256');
    for (const seq of inSeqs) expected.update(bytesOf(seq, 0, sizes[seq]!));
    expect(createHash('sha256').update(readFileSync(path)).digest('hex')).toBe(expected.digest('hex'));
    expect(result).toEqual({ path, entries: inSeqs.length, bytes: inSeqs.reduce((n, seq) => n + sizes[seq]!, 0) });
  });

  it('a large entry in JSON Lines is one record whose base64 decodes to all its bytes', async () => {
    const sizes = [5, 6 * 1024 * 1024 + 1, 7];
    const path = join(dir, 'out.jsonl');
    await saveLog(new ScriptedLog(sizes), { path, format: 'jsonl', overwrite: false, signal: signal() });
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { seq: number; size: number; base64: string; time: string; ts: number });
    expect(lines.map((l) => l.seq)).toEqual([0, 1, 2]);
    lines.forEach((l) => expect(Buffer.from(l.base64, 'base64').equals(Buffer.from(bytesOf(l.seq, 0, sizes[l.seq]!)))).toBe(true));
    expect(lines[1]).toMatchObject({ ts: 1_700_000_000_001.125, time: '2023-11-14T22:13:20.001125Z' });
  });

  it('a failed read part-way leaves no file behind', async () => {
    const log = new ScriptedLog([10, 10, 10]);
    const read = log.read.bind(log);
    // Sizes are read; the entries' bytes are not (the spill file went bad).
    log.read = (from, count, maxBytes) =>
      maxBytes === 0 ? read(from, count, maxBytes) : Promise.reject(Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' }));
    const path = join(dir, 'failed.jsonl');
    await expect(saveLog(log, { path, format: 'jsonl', overwrite: false, signal: signal() })).rejects.toMatchObject({
      code: 'EIO',
      message: `Could not save the log to ${path}: EIO: i/o error, read`,
    });
    expect(await readdir(dir)).toEqual([]);
  });

  it('a file that appears at the target while saving is not replaced (EEXIST); the temporary file is removed', async () => {
    const log = new ScriptedLog([10, 20, 30]);
    const path = join(dir, 'raced.jsonl');
    log.onRead = () => writeFileSync(path, 'theirs');
    await expect(saveLog(log, { path, format: 'jsonl', overwrite: false, signal: signal() })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(path, 'utf8')).toBe('theirs');
    expect(await readdir(dir)).toEqual(['raced.jsonl']);
  });

  it('isoTime keeps the microseconds and carries a rounded-up millisecond', () => {
    expect(isoTime(Date.UTC(2024, 0, 1, 12, 0, 0, 123) + 0.456)).toBe('2024-01-01T12:00:00.123456Z');
    expect(isoTime(Date.UTC(2024, 0, 1, 12, 0, 0, 999) + 0.9999)).toBe('2024-01-01T12:00:01.000000Z');
  });
});

describe('saveLog as CSV', () => {
  it('writes a header and one RFC 4180 row per entry: quoted where needed, hex, text in the encoding, the check', async () => {
    const entries: LogEntry[] = [
      { seq: 0, ts: 1_700_000_000_000.5, dir: 'in', size: 9, bytes: Buffer.from('a,"b"\r\nc'), peer: '127.0.0.1:5', peerId: 'p1', check: 'ok' },
      { seq: 1, ts: 1_700_000_000_001, dir: 'out', size: 3, bytes: Uint8Array.of(0xc4, 0xe3, 0xff), peer: null, peerId: null },
    ];
    const log: ReadableLog = {
      count: entries.length,
      read: async (from, count, maxBytes) => ({
        entries: entries.slice(from, from + count).map((e) => ({ ...e, bytes: maxBytes === undefined ? e.bytes : e.bytes.subarray(0, maxBytes) })),
        total: entries.length,
      }),
      readBytes: async (seq, offset, length) => ({ bytes: entries[seq]!.bytes.subarray(offset, offset + length), size: entries[seq]!.size }),
    };
    const path = join(dir, 'log.csv');
    const result = await saveLog(log, { path, format: 'csv', overwrite: false, encoding: 'gb18030', signal: signal() });
    expect(result.entries).toBe(2);
    expect(readFileSync(path, 'utf8')).toBe(
      'seq,time,direction,peer,size,hex,text,check\r\n' +
        `0,${isoTime(entries[0]!.ts)},received,127.0.0.1:5,9,612c2262220d0a63,"a,""b""\r\nc",ok\r\n` +
        `1,${isoTime(entries[1]!.ts)},sent,,3,c4e3ff,你\\xFF,\r\n`,
    );
  });
});
