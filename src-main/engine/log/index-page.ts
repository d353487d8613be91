// One page of a log's entry index: the columns of up to 65,536 entries in one buffer (so a page
// is written to and read from the index file in one go), the bits of an entry's flags byte, and
// an entry as the contract has it.
import type { LogEntry } from '../../shared/contract.js';
import type { LogPeer } from './log-peers.js';

export const PAGE_BITS = 16;
export const PAGE = 1 << PAGE_BITS;
export const MASK = PAGE - 1;

/** Bits of an entry's flags byte. */
export const DIR_OUT = 1;
export const FLAG_OVERSIZED = 2;
export const FLAG_INCOMPLETE = 4;
export const CHECK_OK = 8;
export const CHECK_BAD = 16;
/** Not stored: the entry's bytes were counted in bytesIn as they arrived (framed entries). */
export const PRECOUNTED = 128;

/** An entry's bookkeeping in bytes (its columns). */
const ENTRY_BYTES = 28;
/** A full page's bytes. */
export const PAGE_BYTES = PAGE * ENTRY_BYTES;

/**
 * What made an entry, in its mark column: 0 nothing in particular, 1..32767 the reply rule
 * with that number, MARK_STEP + k step k of a sequence (that sent it, or whose Expect matched it).
 */
export const MARK_STEP = 0x8000;

/** The columns of up to PAGE entries, in one buffer (so a page is written and read in one go). */
export class Page {
  /** The aligned memory it lies in, when it came from the index's slab (written with O_DIRECT). */
  slot: Uint8Array | null = null;

  readonly ts: Float64Array;
  readonly peer: Uint32Array;
  readonly size: Uint32Array;
  readonly chunk: Uint32Array;
  readonly at: Uint32Array;
  readonly mark: Uint16Array;
  readonly flags: Uint8Array;
  readonly trail: Uint8Array;

  constructor(
    readonly capacity: number,
    readonly buffer: ArrayBufferLike = new ArrayBuffer(capacity * ENTRY_BYTES),
    readonly byteOffset = 0,
  ) {
    const c = capacity;
    const o = byteOffset;
    this.ts = new Float64Array(buffer, o, c);
    this.peer = new Uint32Array(buffer, o + 8 * c, c);
    this.size = new Uint32Array(buffer, o + 12 * c, c);
    this.chunk = new Uint32Array(buffer, o + 16 * c, c);
    this.at = new Uint32Array(buffer, o + 20 * c, c);
    this.mark = new Uint16Array(buffer, o + 24 * c, c);
    this.flags = new Uint8Array(buffer, o + 26 * c, c);
    this.trail = new Uint8Array(buffer, o + 27 * c, c);
  }

  /** All its columns, as written to and read from the index file. */
  bytes(): Uint8Array {
    return new Uint8Array(this.buffer, this.byteOffset, this.capacity * ENTRY_BYTES);
  }

  grown(capacity: number): Page {
    const p = new Page(capacity);
    p.ts.set(this.ts);
    p.peer.set(this.peer);
    p.size.set(this.size);
    p.chunk.set(this.chunk);
    p.at.set(this.at);
    p.mark.set(this.mark);
    p.flags.set(this.flags);
    p.trail.set(this.trail);
    return p;
  }
}

export function matches(page: Page, i: number, filter: { peers?: ReadonlySet<number>; dir?: 'in' | 'out'; failedOnly?: boolean }): boolean {
  const flags = page.flags[i]!;
  if (filter.peers && !filter.peers.has(page.peer[i]!)) return false;
  if (filter.dir && (filter.dir === 'out') !== ((flags & DIR_OUT) !== 0)) return false;
  if (filter.failedOnly && !(flags & CHECK_BAD)) return false;
  return true;
}

/** Entry `seq` (numbered from firstSeq) as the contract has it, from its page's columns. */
export function entryOf(page: Page, seq: number, firstSeq: number, bytes: Uint8Array, peerOf: (index: number) => LogPeer | null): LogEntry {
  const i = seq & MASK;
  const peer = peerOf(page.peer[i]!);
  const flags = page.flags[i]!;
  const entry: LogEntry = {
    seq: firstSeq + seq,
    ts: page.ts[i]!,
    dir: flags & DIR_OUT ? 'out' : 'in',
    size: page.size[i]!,
    bytes,
    peer: peer?.label ?? null,
    peerId: peer?.id ?? null,
  };
  if (page.trail[i]) entry.trail = page.trail[i]!;
  if (flags & FLAG_OVERSIZED) entry.cut = 'oversized';
  else if (flags & FLAG_INCOMPLETE) entry.cut = 'incomplete';
  if (flags & (CHECK_OK | CHECK_BAD)) entry.check = flags & CHECK_OK ? 'ok' : 'bad';
  const mark = page.mark[i]!;
  if (mark >= MARK_STEP) entry.step = mark - MARK_STEP;
  else if (mark > 0) entry.rule = mark;
  return entry;
}
