// A session's traffic: every chunk in or out, as bytes, in order. Past a memory budget the bytes
// of older entries move to an append-only spill file; reads are async so callers never notice.
//
// Bytes live in large chunks of the log's own memory (ChunkStore), not in the buffers they
// arrived in: a stream socket reads straight into a chunk (readBuffer/commitRead, or with framing
// commitFramed, which cuts entries where the frames lie), anything else is copied in (append).
// A full chunk goes to the file in one write and its memory is used again, so a flood costs no
// allocation, no garbage and a few large writes, however many entries it makes. The entries
// themselves are indexed in pages (EntryIndex) that spill too.
import type { Direction, LogEntry, SessionStats } from '../../shared/contract.js';
import { preciseNow } from '../clock.js';
import { NO_CHUNK, ownBytes, type Chunk } from './chunk-memory.js';
import { ChunkStore, type SpillOptions } from './chunk-store.js';
import { CHECK_BAD, CHECK_OK, DIR_OUT, EntryIndex, entryOf, FLAG_INCOMPLETE, FLAG_OVERSIZED, PRECOUNTED, type EntryFilter, type ReadFilter, type ScanVisit } from './entry-index.js';
import { LogPeers, type LogPeer } from './log-peers.js';
import { SpillFile } from './spill-file.js';
import { FRAME_OVERSIZED, type RegionFramer } from '../../shared/codec/framing.js';
import { fetchViewBytes, readEntryBytes } from './spill-reads.js';

export type { LogPeer };
export { CHECK_BAD, CHECK_OK, FLAG_INCOMPLETE, FLAG_OVERSIZED, PRECOUNTED };
export { MARK_STEP } from './index-page.js';

export type { ReadFilter, ScanVisit, SpillOptions };

/** The most one socket read takes: big enough that a flood costs few reads, entries stay viewable. */
const MAX_READ_BYTES = 1024 * 1024;

export interface TrafficLogOptions {
  /** Without it every byte stays in memory. */
  spill?: SpillOptions;
  /** A spill write failed: nothing more is spilled; every entry stays readable (from memory). */
  onSpillFailed?: (err: unknown, dir: string) => void;
  /** True when bytes come in faster than the file takes them; false once it has caught up. */
  onPressure?: (behind: boolean) => void;
  /** The seq of this log's first entry: a log that replaces a cleared one goes on counting. */
  firstSeq?: number;
  /** Totals to go on from (a cleared log's counters keep counting). */
  stats?: SessionStats;
}

/** Entries are kept in an EntryIndex, their bytes in chunks (ChunkMemory), their peers in LogPeers. */
export class TrafficLog {
  /** Entries are numbered (seq) from here; inside, they are indexed from 0. */
  readonly firstSeq: number;
  readonly #e: EntryIndex;
  readonly #store: ChunkStore;
  readonly #indexFile: SpillFile | null;
  /** Where copied entries go, and where socket reads land. */
  #copyChunk: Chunk | null = null;
  #readChunk: Chunk | null = null;
  readonly #runEnds = new Uint32Array(4096);
  /** Bytes after the read chunk's fill: the start of a frame not yet complete (framed reads). */
  #held = 0;
  readonly #peers = new LogPeers();
  #stats: SessionStats = { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 };
  /** The mark entries logged now get (see marking). */
  #marking = 0;

  constructor(options: TrafficLogOptions = {}) {
    this.firstSeq = options.firstSeq ?? 0;
    if (options.stats) this.#stats = { ...options.stats };
    // Behind when either the bytes or the index wait on the disk: the session then stops reading.
    const behind = { bytes: false, index: false };
    const pressure = (part: 'bytes' | 'index', b: boolean): void => {
      const was = behind.bytes || behind.index;
      behind[part] = b;
      if ((behind.bytes || behind.index) !== was) options.onPressure?.(!was);
    };
    this.#store = new ChunkStore({ ...options, onPressure: (b) => pressure('bytes', b) });
    const spill = options.spill;
    this.#indexFile = spill ? new SpillFile(spill.dir, `${spill.name}.idx`) : null;
    this.#e = new EntryIndex(this.#indexFile, (b) => pressure('index', b));
  }

  /**
   * Logs `bytes`; returns the seq. Most are copied into the log's memory, but one larger than
   * half a chunk is kept as given: the caller must not change `bytes` afterwards.
   * `peer` is a label, or a label with the id of the peer in the session's peer table. `flags`
   * are FLAG_* and CHECK_* bits; `trail` how many last bytes are a delimiter the view hides.
   */
  append(dir: Direction, bytes: Uint8Array, peer: string | LogPeer | null, ts: number = preciseNow(), flags = 0, trail = 0): number {
    const size = bytes.byteLength;
    if (size === 0) return this.#record(dir, NO_CHUNK, 0, 0, peer, ts, flags, trail);
    if (size > this.#store.chunkBytes / 2) {
      // Too big to share a chunk: it is a chunk of its own, full from the start.
      const chunk = this.#store.adopt(ownBytes(bytes), false);
      chunk.fill = size;
      const seq = this.#record(dir, chunk.id, 0, size, peer, ts, flags, trail);
      this.#seal(chunk);
      return seq;
    }
    let chunk = this.#copyChunk;
    if (!chunk || chunk.mem!.byteLength - chunk.fill < size) {
      if (chunk) this.#seal(chunk);
      chunk = this.#copyChunk = this.#store.fresh(size);
    }
    const at = chunk.fill;
    chunk.mem!.set(bytes, at);
    chunk.fill += size;
    return this.#record(dir, chunk.id, at, size, peer, ts, flags, trail);
  }

  /**
   * Sent entries back to back, as one run (a rule's answers to one peer, a read's worth): entry k
   * of [from, to) is mem[ends[k - 1] (or start), ends[k]). Copied, indexed at once, marked
   * `mark`. False when they do not fit a chunk (or none has bytes): then append them one by one.
   */
  appendRun(src: Uint8Array, start: number, srcEnds: readonly number[], from: number, to: number, peer: LogPeer, mark: number): boolean {
    const size = srcEnds[to - 1]! - start;
    const count = to - from;
    if (size === 0 || size > this.#store.chunkBytes / 2 || count > this.#runEnds.length) return false;
    let chunk = this.#copyChunk;
    if (!chunk || chunk.mem!.byteLength - chunk.fill < size) {
      if (chunk) this.#seal(chunk);
      chunk = this.#copyChunk = this.#store.fresh(size);
    }
    const at = chunk.fill;
    chunk.mem!.set(src.subarray(start, start + size), at);
    for (let k = from; k < to; k++) this.#runEnds[k - from] = at + srcEnds[k]! - start;
    chunk.fill = at + size;
    this.#e.addRun(preciseNow(), 0, this.#peers.add(peer), chunk.id, at, this.#runEnds, count, DIR_OUT, mark);
    this.#stats.bytesOut += size;
    this.#stats.messagesOut += count;
    this.#store.grew(size);
    return true;
  }

  /**
   * Memory for the next read of the log's one stream socket (net.Socket's onread.buffer): the
   * bytes land in the log as they are, with no copy. commitRead says how many did. Only one
   * read may be outstanding; each call returns the space after the last committed read.
   */
  readBuffer(): Uint8Array {
    let chunk = this.#readChunk;
    const held = this.#held;
    if (!chunk || chunk.mem!.byteLength - chunk.fill - held < this.#store.minRead) {
      const fresh = this.#store.fresh(held + this.#store.minRead);
      // An incomplete frame's bytes move with it: a frame is always whole in one chunk.
      if (chunk && held > 0) fresh.mem!.set(chunk.mem!.subarray(chunk.fill, chunk.fill + held));
      if (chunk) this.#seal(chunk);
      chunk = this.#readChunk = fresh;
    }
    const mem = chunk.mem!;
    const at = chunk.fill + held;
    return mem.subarray(at, Math.min(mem.byteLength, at + MAX_READ_BYTES));
  }

  /**
   * Framed reads: the `n` bytes of the last readBuffer() follow the held bytes of an incomplete
   * frame, and `framer` cuts entries where the frames lie, in place (no copy). What is left is
   * held for the next read. `flagsOf` gives a frame's check flags (Verify checksum).
   */
  commitFramed(
    n: number,
    framer: RegionFramer,
    peer: string | LogPeer | null,
    flagsOf: ((frame: Uint8Array) => number) | null,
    onFrame: ((frame: Uint8Array) => void) | null = null,
  ): void {
    const chunk = this.#readChunk!;
    const mem = chunk.mem!;
    const end = chunk.fill + this.#held + n;
    const ts = preciseNow();
    this.countReceived(n);
    // Plain frames (no flag to set) are gathered and indexed a run at a time.
    const ends = this.#runEnds;
    let count = 0;
    let from = chunk.fill;
    let trail = 0;
    if (framer.scanRun && !flagsOf && !onFrame) {
      // A core that finds runs itself: no call per frame at all.
      const find = this.#store.finderFor(chunk);
      for (;;) {
        const found = framer.scanRun(mem, from, end, ends, find);
        if (found > 0) {
          this.#recordRun(chunk.id, from, ends, found, peer, ts, framer.runTrail ?? 0);
          from = ends[found - 1]!;
        }
        if (found < ends.length) break;
      }
    }
    const flush = (): void => {
      if (count === 0) return;
      this.#recordRun(chunk.id, from, ends, count, peer, ts, trail);
      from = ends[count - 1]!;
      count = 0;
    };
    const next = framer.scan(mem, from, end, (o, l, f, t) => {
      if (f === 0 && !flagsOf && !onFrame && (count === 0 || t === trail)) {
        if (count === 0) trail = t;
        ends[count++] = o + l;
        if (count === ends.length) flush();
        return;
      }
      flush();
      const flags = PRECOUNTED | (f & FRAME_OVERSIZED ? FLAG_OVERSIZED : 0) | (flagsOf ? flagsOf(mem.subarray(o, o + l - t)) : 0);
      this.#record('in', chunk.id, o, l, peer, ts, flags, t);
      from = o + l;
      // Each frame logged before a rule looks at it (its reply comes after it in the log).
      onFrame?.(mem.subarray(o, o + l - t));
    });
    flush();
    chunk.fill = next;
    this.#held = end - next;
  }

  /** Received frames [from, ends[count - 1]) of the read chunk, as entries (see EntryIndex.addRun). */
  #recordRun(chunkId: number, from: number, ends: Uint32Array, count: number, peer: string | LogPeer | null, ts: number, trail: number): void {
    this.#e.addRun(ts, trail, this.#peers.add(peer), chunkId, from, ends, count);
    this.#stats.messagesIn += count;
    this.#store.grew(ends[count - 1]! - from);
  }

  /** The held bytes of an incomplete frame become one entry (the connection closed, or framing changed). */
  commitHeld(peer: string | LogPeer | null, flags: number): void {
    const chunk = this.#readChunk;
    const held = this.#held;
    if (!chunk || held === 0) return;
    this.#held = 0;
    const at = chunk.fill;
    chunk.fill += held;
    this.#record('in', chunk.id, at, held, peer, preciseNow(), flags | PRECOUNTED, 0);
  }

  /** The first `n` bytes of the last readBuffer() are an entry; returns its seq. */
  commitRead(dir: Direction, n: number, peer: string | LogPeer | null, ts: number = preciseNow(), flags = 0): number {
    const chunk = this.#readChunk;
    if (!chunk || n > chunk.mem!.byteLength - chunk.fill) throw new RangeError(`commitRead(${n}) without a readBuffer() that large.`);
    const at = chunk.fill;
    chunk.fill += n;
    return this.#record(dir, n === 0 ? NO_CHUNK : chunk.id, at, n, peer, ts, flags, 0);
  }

  #record(dir: Direction, chunkId: number, at: number, size: number, peer: string | LogPeer | null, ts: number, flags: number, trail: number): number {
    const seq = this.#e.count;
    const stored = flags & ~PRECOUNTED;
    this.#e.add(ts, dir === 'in' ? stored : stored | DIR_OUT, Math.min(trail, size), this.#peers.add(peer), size, chunkId, at, this.#marking);
    if (flags & CHECK_BAD) this.#stats.checksFailed = (this.#stats.checksFailed ?? 0) + 1;
    if (dir === 'in') {
      if (!(flags & PRECOUNTED)) this.#stats.bytesIn += size;
      this.#stats.messagesIn += 1;
    } else {
      this.#stats.bytesOut += size;
      this.#stats.messagesOut += 1;
    }
    this.#store.grew(size);
    return this.firstSeq + seq;
  }

  /**
   * Entries logged from now on carry `mark`: the rule (1...) or sequence step (MARK_STEP + k)
   * that sent them, 0 none. Returns the mark it replaces, to put back when done.
   */
  setMarking(mark: number): number {
    const outer = this.#marking;
    this.#marking = mark;
    return outer;
  }

  /** Marks a logged entry (a frame a sequence step matched); false when it is too old to mark. */
  mark(entrySeq: number, mark: number): boolean {
    return entrySeq >= this.firstSeq && this.#e.mark(entrySeq - this.firstSeq, mark);
  }

  /** The seq of the latest entry (firstSeq - 1 while there is none). */
  get lastSeq(): number {
    return this.firstSeq + this.#e.count - 1;
  }

  /** Bytes received that a framer holds until its frame is complete: counted now, logged then (PRECOUNTED). */
  countReceived(n: number): void {
    this.#stats.bytesIn += n;
  }

  /** Bytes of entries held in memory now (the rest are in the spill file). */
  get memoryBytes(): number {
    return this.#store.memoryBytes;
  }

  /** The most memoryBytes reaches before the log reports it is behind (see onPressure). */
  get memoryLimit(): number {
    return this.#store.memoryLimit;
  }

  get spillPath(): string | null {
    return this.#store.spill?.path ?? null;
  }

  /** Resolves when no spill write is in flight (or spilling stopped). */
  async flushed(): Promise<void> {
    await Promise.all([this.#store.flushed(), this.#e.flushed()]);
  }

  /** Index pages in memory (the index of older entries is in the file). */
  get indexPagesInMemory(): number {
    return this.#e.pagesInMemory;
  }

  /**
   * Stops spilling and deletes the spill file. A later "save log" feature hooks in here: copy or
   * keep the file (and the metadata) before it is removed.
   */
  async dispose(): Promise<void> {
    this.#e.dispose();
    await Promise.all([this.#store.dispose(), this.#e.flushed().then(() => this.#indexFile?.dispose())]);
  }

  get count(): number {
    return this.#e.count;
  }

  /** A copy: the caller may keep it while the log moves on. */
  get stats(): SessionStats {
    return { ...this.#stats };
  }

  /**
   * Entries at positions [from, from + count) (the first is firstSeq); those past the end are
   * simply not returned. With maxBytes, each entry carries only its first maxBytes bytes (size
   * still says the full size). With a filter, from/count index the filtered sequence.
   */
  async read(from: number, count: number, maxBytes?: number, filter: ReadFilter = {}): Promise<{ entries: LogEntry[]; total: number }> {
    const { seqs, total } = await this.#select(filter, Math.max(0, from), count);
    const view = await this.#e.view(seqs);
    try {
      const bytes = await fetchViewBytes(this.#store, view, seqs, maxBytes);
      const entries = seqs.map((seq, i) => entryOf(view.page(seq), seq, this.firstSeq, bytes[i]!, (p) => this.#peers.peerOf(p)));
      return { entries, total };
    } finally {
      view.release();
    }
  }

  #select(filter: ReadFilter, from: number, count: number): Promise<{ seqs: number[]; total: number }> {
    const f: EntryFilter = { ...(filter.dir && { dir: filter.dir }), ...(filter.failedOnly && { failedOnly: true }) };
    if (filter.peerId !== undefined) f.peers = this.#peers.indexesOf(filter.peerId);
    return this.#e.select(f, from, count);
  }

  /**
   * Visits entries [from, to) in order with their bytes (in pieces of a few MiB read at once),
   * yielding to the event loop between pieces; stops early when `stop()` says so.
   */
  async scan(from: number, to: number, visit: ScanVisit, stop: () => boolean): Promise<void> {
    const BATCH = 4096;
    for (let start = Math.max(0, from); start < Math.min(to, this.#e.count) && !stop(); start += BATCH) {
      const seqs: number[] = [];
      for (let s = start; s < Math.min(to, this.#e.count, start + BATCH); s++) seqs.push(s);
      const view = await this.#e.view(seqs);
      try {
        const bytes = await fetchViewBytes(this.#store, view, seqs, undefined, false);
        for (let k = 0; k < seqs.length; k++) {
          const seq = seqs[k]!;
          const page = view.page(seq);
          const i = seq & 0xffff;
          const b = bytes[k]!;
          visit(this.firstSeq + seq, b.subarray(0, b.length - page.trail[i]!), page.flags[i]!);
        }
      } finally {
        view.release();
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** Bytes [offset, offset + length) of one entry, clipped to its size. */
  readBytes(entrySeq: number, offset: number, length: number): Promise<{ bytes: Uint8Array; size: number }> {
    return readEntryBytes(this.#e, this.#store, this.firstSeq, entrySeq, offset, length);
  }

  /** A chunk is full: it may go to the file (see ChunkStore). */
  #seal(chunk: Chunk): void {
    if (chunk === this.#copyChunk) this.#copyChunk = null;
    if (chunk === this.#readChunk) this.#readChunk = null;
    this.#store.seal(chunk);
  }
}
