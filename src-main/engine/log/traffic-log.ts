// A session's traffic: every chunk in or out, as bytes, in order. Past a memory budget the bytes
// of older entries move to an append-only spill file; reads are async so callers never notice.
//
// Bytes live in large chunks of the log's own memory, not in the buffers they arrived in: a
// stream socket reads straight into a chunk (readBuffer/commitRead), anything else is copied
// in (append). A full chunk goes to the file in one write and its memory is used again, so a
// flood costs no allocation, no garbage and a few large writes, however many entries it makes.
import type { Direction, LogEntry, SessionStats } from '../../shared/contract.js';
import { CodedError } from '../errors.js';
import { preciseNow } from '../clock.js';
import { alignUp, Chunk, ChunkMemory, NO_CHUNK, ownBytes, planChunks } from './chunk-memory.js';
import { CHECK_BAD, CHECK_OK, DIR_OUT, EntryIndex, entryOf, FLAG_INCOMPLETE, FLAG_OVERSIZED, PRECOUNTED, type EntryFilter, type IndexView, type Page, type ReadFilter, type ScanVisit } from './entry-index.js';
import { LogPeers, type LogPeer } from './log-peers.js';
import { SpillFile } from './spill-file.js';
import { fetchEntryBytes } from './spill-reads.js';

export type { LogPeer };
export { CHECK_BAD, CHECK_OK, FLAG_INCOMPLETE, FLAG_OVERSIZED, PRECOUNTED };

export type { ReadFilter, ScanVisit };

/** The first chunk of a log that never spills; later ones double up to its chunk size. */
const FIRST_PLAIN_CHUNK = 64 * 1024;
/** The most one socket read takes: big enough that a flood costs few reads, entries stay viewable. */
const MAX_READ_BYTES = 1024 * 1024;
/** Spill writes in flight at once: the disk is busy with one while the next is handed over. */
const WRITE_QUEUE_DEPTH = 2;

export interface SpillOptions {
  /** The folder of the file; created if missing. */
  dir: string;
  /** The file's name, unique to this process and session. */
  name: string;
  /** Entry bytes kept in memory before older ones go to the file. */
  budgetBytes: number;
}

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
  readonly #options: TrafficLogOptions;
  readonly #spill: SpillFile | null;
  readonly #indexFile: SpillFile | null;
  readonly #chunkBytes: number;
  /** Past this, sealed chunks are written to the file. */
  readonly #spillAt: number;
  /** Written chunks stay in memory (for fast reads) while the log holds no more than this. */
  readonly #keepAt: number;
  readonly #resumeAt: number;
  readonly #behindAt: number;
  readonly #minRead: number;
  #chunks: Chunk[] = [];
  /** Where copied entries go, and where socket reads land. */
  #copyChunk: Chunk | null = null;
  #readChunk: Chunk | null = null;
  /** Full chunks not yet handed to a write, oldest first. */
  #sealed: Chunk[] = [];
  /** Written chunks still in memory, oldest first: the first to be let go. */
  #written: Chunk[] = [];
  /** Aligned memory for chunks, cut as needed. */
  readonly #memory: ChunkMemory;
  #plainChunks = 0;
  /** Bytes of entries held in memory (including those being written). */
  #memoryBytes = 0;
  #fileEnd = 0;
  #writes = new Set<Promise<void>>();
  #failed = false;
  #disposed = false;
  #behind = false;
  readonly #peers = new LogPeers();
  #stats: SessionStats = { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 };

  constructor(options: TrafficLogOptions = {}) {
    this.#options = options;
    this.firstSeq = options.firstSeq ?? 0;
    if (options.stats) this.#stats = { ...options.stats };
    const spill = options.spill;
    this.#spill = spill ? new SpillFile(spill.dir, spill.name) : null;
    this.#indexFile = spill ? new SpillFile(spill.dir, `${spill.name}.idx`) : null;
    this.#e = new EntryIndex(this.#indexFile);
    const plan = planChunks(spill ? Math.max(0, spill.budgetBytes) : Infinity, spill !== undefined);
    ({ chunkBytes: this.#chunkBytes, spillAt: this.#spillAt, keepAt: this.#keepAt, resumeAt: this.#resumeAt, behindAt: this.#behindAt, minRead: this.#minRead } = plan);
    this.#memory = new ChunkMemory(plan.slabUsable, plan.chunkBytes, Math.ceil(plan.behindAt / plan.chunkBytes) + 4);
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
    if (size > this.#chunkBytes / 2) {
      // Too big to share a chunk: it is a chunk of its own, full from the start.
      const chunk = this.#newChunk(ownBytes(bytes), false);
      chunk.fill = size;
      const seq = this.#record(dir, chunk.id, 0, size, peer, ts, flags, trail);
      this.#seal(chunk);
      return seq;
    }
    let chunk = this.#copyChunk;
    if (!chunk || chunk.mem!.byteLength - chunk.fill < size) {
      if (chunk) this.#seal(chunk);
      chunk = this.#copyChunk = this.#freshChunk(size);
    }
    const at = chunk.fill;
    chunk.mem!.set(bytes, at);
    chunk.fill += size;
    return this.#record(dir, chunk.id, at, size, peer, ts, flags, trail);
  }

  /**
   * Memory for the next read of the log's one stream socket (net.Socket's onread.buffer): the
   * bytes land in the log as they are, with no copy. commitRead says how many did. Only one
   * read may be outstanding; each call returns the space after the last committed read.
   */
  readBuffer(): Uint8Array {
    let chunk = this.#readChunk;
    if (!chunk || chunk.mem!.byteLength - chunk.fill < this.#minRead) {
      if (chunk) this.#seal(chunk);
      chunk = this.#readChunk = this.#freshChunk(this.#minRead);
    }
    const mem = chunk.mem!;
    return mem.subarray(chunk.fill, Math.min(mem.byteLength, chunk.fill + MAX_READ_BYTES));
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
    this.#e.add(ts, dir === 'in' ? stored : stored | DIR_OUT, Math.min(trail, size), this.#peers.add(peer), size, chunkId, at);
    this.#memoryBytes += size;
    if (flags & CHECK_BAD) this.#stats.checksFailed = (this.#stats.checksFailed ?? 0) + 1;
    if (dir === 'in') {
      if (!(flags & PRECOUNTED)) this.#stats.bytesIn += size;
      this.#stats.messagesIn += 1;
    } else {
      this.#stats.bytesOut += size;
      this.#stats.messagesOut += 1;
    }
    if (this.#memoryBytes > this.#spillAt) this.#pump();
    return this.firstSeq + seq;
  }

  /** Bytes received that a framer holds until its frame is complete: counted now, logged then (PRECOUNTED). */
  countReceived(n: number): void {
    this.#stats.bytesIn += n;
  }

  /** Bytes of entries held in memory now (the rest are in the spill file). */
  get memoryBytes(): number {
    return this.#memoryBytes;
  }

  /** The most memoryBytes reaches before the log reports it is behind (see onPressure). */
  get memoryLimit(): number {
    return this.#behindAt;
  }

  get spillPath(): string | null {
    return this.#spill?.path ?? null;
  }

  /** Resolves when no spill write is in flight (or spilling stopped). */
  async flushed(): Promise<void> {
    while (this.#writes.size > 0) await Promise.all(this.#writes);
    await this.#e.flushed();
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
    this.#disposed = true;
    this.#memory.dispose();
    this.#e.dispose();
    await this.flushed();
    await Promise.all([this.#spill?.dispose(), this.#indexFile?.dispose()]);
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
    const bytes = await this.#fetch(seqs, view, maxBytes);
    const entries = seqs.map((seq, i) => entryOf(view.page(seq), seq, this.firstSeq, bytes[i]!, (p) => this.#peers.peerOf(p)));
    return { entries, total };
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
      const bytes = await this.#fetch(seqs, view, undefined, false);
      for (let k = 0; k < seqs.length; k++) {
        const seq = seqs[k]!;
        const page = view.page(seq);
        const i = seq & 0xffff;
        const b = bytes[k]!;
        visit(this.firstSeq + seq, b.subarray(0, b.length - page.trail[i]!), page.flags[i]!);
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** Where the entry's bytes are in the spill file; -1 while they are in memory (or it has none). */
  #filePosOf(page: Page, i: number): number {
    const id = page.chunk[i]!;
    if (id === NO_CHUNK) return -1;
    const chunk = this.#chunks[id]!;
    return chunk.mem ? -1 : chunk.filePos + page.at[i]!;
  }

  /** The bytes of each seq (with maxBytes, a prefix), each its own copy unless `copy` is false (see fetchEntryBytes). */
  #fetch(seqs: number[], view: IndexView, maxBytes?: number, copy = true): Promise<Uint8Array[]> {
    const col = (seq: number): [Page, number] => [view.page(seq), seq & 0xffff];
    return fetchEntryBytes(
      seqs,
      maxBytes,
      {
        size: (seq) => view.page(seq).size[seq & 0xffff]!,
        filePos: (seq) => this.#filePosOf(...col(seq)),
        fromMemory: (seq, want) => {
          const [page, i] = col(seq);
          const at = page.at[i]!;
          const mem = this.#chunks[page.chunk[i]!]!.mem!;
          return copy ? mem.slice(at, at + want) : mem.subarray(at, at + want);
        },
        fromFile: (position, length) => this.#spill!.read(position, length),
      },
      copy,
    );
  }

  /** Bytes [offset, offset + length) of one entry, clipped to its size. */
  async readBytes(entrySeq: number, offset: number, length: number): Promise<{ bytes: Uint8Array; size: number }> {
    const seq = entrySeq - this.firstSeq;
    const count = this.#e.count;
    if (Number.isInteger(entrySeq) && seq < 0 && entrySeq >= 0) {
      throw new CodedError('NO_SUCH_ENTRY', `Log entry #${entrySeq} was cleared; the log now starts at #${this.firstSeq}.`);
    }
    if (!Number.isInteger(seq) || seq < 0 || seq >= count) {
      throw new CodedError('NO_SUCH_ENTRY', `There is no log entry #${entrySeq}; the log has ${count} entries.`);
    }
    const page = (await this.#e.view([seq])).page(seq);
    const i = seq & 0xffff;
    const size = page.size[i]!;
    const start = Math.min(Math.max(0, offset), size);
    const end = Math.min(size, start + Math.max(0, length));
    if (end === start) return { bytes: new Uint8Array(0), size };
    const position = this.#filePosOf(page, i);
    if (position < 0) {
      const at = page.at[i]!;
      return { bytes: this.#chunks[page.chunk[i]!]!.mem!.slice(at + start, at + end), size };
    }
    return { bytes: await this.#spill!.read(position + start, end - start), size };
  }

  /** A chunk to fill, with room for at least `minBytes`. */
  #freshChunk(minBytes: number): Chunk {
    if (minBytes <= this.#chunkBytes) {
      const mem = this.#memory.take();
      if (mem) return this.#newChunk(mem, true);
    }
    // Logs that never spill start small: most sessions see a few bytes.
    const size = this.#spill ? this.#chunkBytes : Math.min(this.#chunkBytes, FIRST_PLAIN_CHUNK * 2 ** this.#plainChunks++);
    return this.#newChunk(new Uint8Array(Math.max(size, minBytes)), false);
  }

  #newChunk(mem: Uint8Array, pooled: boolean): Chunk {
    const chunk = new Chunk(this.#chunks.length, mem, pooled);
    this.#chunks.push(chunk);
    return chunk;
  }

  /** A chunk is full (or of its own): it may go to the file now. */
  #seal(chunk: Chunk): void {
    if (chunk === this.#copyChunk) this.#copyChunk = null;
    if (chunk === this.#readChunk) this.#readChunk = null;
    if (!this.#spill) return;
    this.#sealed.push(chunk);
    if (this.#memoryBytes > this.#spillAt) this.#pump();
  }

  /**
   * Writes sealed chunks while the log holds more than half its budget, then lets go of written
   * ones beyond that. Called on growth and when a write completes.
   */
  #pump(): void {
    if (this.#failed || this.#disposed || !this.#spill) return;
    while (this.#writes.size < WRITE_QUEUE_DEPTH && this.#sealed.length > 0 && this.#memoryBytes > this.#spillAt) {
      this.#write(this.#sealed.shift()!);
    }
    while (this.#memoryBytes > this.#keepAt && this.#written.length > 0) {
      const chunk = this.#written.shift()!;
      this.#memoryBytes -= chunk.fill;
      if (chunk.pooled) this.#memory.give(chunk.mem!);
      chunk.mem = null;
    }
    this.#checkPressure();
  }

  #write(chunk: Chunk): void {
    const spill = this.#spill!;
    const mem = chunk.mem!;
    let bytes: Uint8Array;
    if (chunk.pooled) {
      // Whole blocks at a block boundary (the padding is zeros), so it can bypass the page cache.
      const length = alignUp(chunk.fill);
      mem.fill(0, chunk.fill, length);
      bytes = mem.subarray(0, length);
      chunk.filePos = alignUp(this.#fileEnd);
    } else {
      bytes = mem.subarray(0, chunk.fill);
      chunk.filePos = this.#fileEnd;
    }
    this.#fileEnd = chunk.filePos + bytes.byteLength;
    const write: Promise<void> = spill.write(bytes, chunk.filePos, chunk.pooled).then(
      () => {
        this.#writes.delete(write);
        this.#written.push(chunk);
        this.#pump();
      },
      (err: unknown) => {
        this.#writes.delete(write);
        // The chunk stays in memory (still readable); nothing more goes to the file.
        if (this.#failed) return;
        this.#failed = true;
        if (!this.#disposed) this.#options.onSpillFailed?.(err, spill.dir);
      },
    );
    this.#writes.add(write);
  }

  #checkPressure(): void {
    if (this.#failed) return;
    const behind = this.#behind ? this.#memoryBytes > this.#resumeAt : this.#memoryBytes > this.#behindAt;
    if (behind !== this.#behind) {
      this.#behind = behind;
      if (!this.#disposed) this.#options.onPressure?.(behind);
    }
  }

}
