// A session's traffic: every chunk in or out, as bytes, in order. Past a memory budget the bytes
// of older entries move to an append-only spill file; reads are async so callers never notice.
import type { Direction, LogEntry, SessionStats } from '../api/contract.js';
import { CodedError } from './errors.js';
import { SpillFile } from './spill-file.js';

/** Milliseconds since the epoch with a microsecond fraction. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

/** Who an entry came from or went to: a label ("address:port") and, for peer tables, the peer's id. */
export interface LogPeer {
  id: string | null;
  label: string;
}

const DIR_IN = 0;
const DIR_OUT = 1;
const INITIAL_CAPACITY = 256;
/** The most one spill write carries, so a write never holds up reads for long. */
const MAX_BATCH_BYTES = 16 * 1024 * 1024;
/** The most one read from the spill file fetches for a run of adjacent entries. */
const MAX_RUN_BYTES = 4 * 1024 * 1024;

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
}

/**
 * A view onto a much larger ArrayBuffer (a pooled slab, a slice of a big read) would keep the
 * whole buffer alive for as long as the log lives, so such bytes are copied into their own.
 * A Buffer becomes a plain Uint8Array view (no copy), so readers get one type whatever the source.
 */
function ownBytes(bytes: Uint8Array): Uint8Array {
  const wasted = bytes.buffer.byteLength - bytes.byteLength;
  if (wasted > 64 && wasted > bytes.byteLength) return new Uint8Array(bytes);
  if (Object.getPrototypeOf(bytes) === Uint8Array.prototype) return bytes;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Entries are kept column-wise (one typed array per field, indexed by seq) rather than as one
 * object per entry: a flood of small packets then costs a few bytes of bookkeeping each.
 */
export class TrafficLog {
  #count = 0;
  #ts = new Float64Array(INITIAL_CAPACITY);
  #dir = new Uint8Array(INITIAL_CAPACITY);
  /** Index into #peers, plus one; 0 means no peer. */
  #peerIndex = new Uint32Array(INITIAL_CAPACITY);
  #size = new Uint32Array(INITIAL_CAPACITY);
  /** Where an entry's bytes start in the spill file; meaningful once it was handed to a write. */
  #offset = new Float64Array(INITIAL_CAPACITY);
  /** null once the entry's bytes are safely in the spill file. */
  #bytes: (Uint8Array | null)[] = [];
  readonly #options: TrafficLogOptions;
  readonly #spill: SpillFile | null;
  readonly #budget: number;
  readonly #maxBatch: number;
  /** Bytes of entries held in memory (including those being written). */
  #memoryBytes = 0;
  /** The first entry not yet handed to a spill write. */
  #spillNext = 0;
  #fileEnd = 0;
  #writing: Promise<void> | null = null;
  #failed = false;
  #disposed = false;
  #behind = false;
  #peers: LogPeer[] = [];
  #peerLookup = new Map<string, number>();
  /** For peers with an id: the seqs of their entries, in order (for filtering by peer). */
  #byPeerId = new Map<string, SeqList>();
  #stats: SessionStats = { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 };

  constructor(options: TrafficLogOptions = {}) {
    this.#options = options;
    const spill = options.spill;
    this.#spill = spill ? new SpillFile(spill.dir, spill.name) : null;
    this.#budget = spill ? Math.max(0, spill.budgetBytes) : Infinity;
    this.#maxBatch = spill ? Math.min(MAX_BATCH_BYTES, Math.max(64 * 1024, Math.ceil(this.#budget / 2))) : 0;
  }

  /**
   * Takes ownership of `bytes`: the caller must not change them afterwards. Returns the seq.
   * `peer` is a label, or a label with the id of the peer in the session's peer table.
   */
  append(dir: Direction, bytes: Uint8Array, peer: string | LogPeer | null, ts: number = preciseNow()): number {
    const seq = this.#count;
    if (seq === this.#ts.length) this.#grow();
    this.#ts[seq] = ts;
    this.#dir[seq] = dir === 'in' ? DIR_IN : DIR_OUT;
    const logPeer = typeof peer === 'string' ? { id: null, label: peer } : peer;
    this.#peerIndex[seq] = logPeer === null ? 0 : this.#internPeer(logPeer);
    if (logPeer?.id) {
      let list = this.#byPeerId.get(logPeer.id);
      if (!list) this.#byPeerId.set(logPeer.id, (list = new SeqList()));
      list.push(seq);
    }
    const own = ownBytes(bytes);
    this.#bytes.push(own);
    this.#size[seq] = own.byteLength;
    this.#memoryBytes += own.byteLength;
    this.#count = seq + 1;
    if (dir === 'in') {
      this.#stats.bytesIn += bytes.byteLength;
      this.#stats.messagesIn += 1;
    } else {
      this.#stats.bytesOut += bytes.byteLength;
      this.#stats.messagesOut += 1;
    }
    if (this.#memoryBytes > this.#budget) {
      this.#spillSome();
      this.#checkPressure();
    }
    return seq;
  }

  /** Bytes of entries held in memory now (the rest are in the spill file). */
  get memoryBytes(): number {
    return this.#memoryBytes;
  }

  /** The most memoryBytes reaches before the log reports it is behind (see onPressure). */
  get memoryLimit(): number {
    return this.#budget + this.#maxBatch;
  }

  get spillPath(): string | null {
    return this.#spill?.path ?? null;
  }

  /** Resolves when no spill write is in flight (or spilling stopped). */
  async flushed(): Promise<void> {
    while (this.#writing) await this.#writing;
  }

  /**
   * Stops spilling and deletes the spill file. A later "save log" feature hooks in here: copy or
   * keep the file (and the metadata) before it is removed.
   */
  async dispose(): Promise<void> {
    this.#disposed = true;
    await this.flushed();
    await this.#spill?.dispose();
  }

  get count(): number {
    return this.#count;
  }

  /** A copy: the caller may keep it while the log moves on. */
  get stats(): SessionStats {
    return { ...this.#stats };
  }

  /**
   * Entries [from, from + count); those past the end are simply not returned. With maxBytes,
   * each entry carries only its first maxBytes bytes (size still says the full size).
   */
  async read(
    from: number,
    count: number,
    maxBytes?: number,
    peerId?: string,
  ): Promise<{ entries: LogEntry[]; total: number }> {
    // Filtered by peer, from/count index that peer's own sequence of entries.
    const filter = peerId === undefined ? null : (this.#byPeerId.get(peerId) ?? new SeqList());
    const total = filter ? filter.length : this.#count;
    const end = Math.min(total, from + count);
    const seqs: number[] = [];
    for (let i = Math.max(0, from); i < end; i++) seqs.push(filter ? filter.at(i) : i);
    const bytes = await this.#fetch(seqs, maxBytes);
    const entries: LogEntry[] = seqs.map((seq, i) => {
      const peer = this.#peerOf(seq);
      return {
        seq,
        ts: this.#ts[seq]!,
        dir: this.#dir[seq] === DIR_IN ? 'in' : 'out',
        size: this.#size[seq]!,
        bytes: bytes[i]!,
        peer: peer?.label ?? null,
        peerId: peer?.id ?? null,
      };
    });
    return { entries, total };
  }

  /**
   * The bytes of each seq (with maxBytes, a prefix). Entries in memory are taken synchronously,
   * before any await, so a write finishing meanwhile cannot hide them; adjacent spilled entries
   * come back in one read.
   */
  async #fetch(seqs: number[], maxBytes?: number): Promise<Uint8Array[]> {
    const out: Uint8Array[] = new Array<Uint8Array>(seqs.length);
    const reads: Promise<void>[] = [];
    let i = 0;
    while (i < seqs.length) {
      const seq = seqs[i]!;
      const size = this.#size[seq]!;
      const want = maxBytes !== undefined && maxBytes < size ? maxBytes : size;
      const held = this.#bytes[seq];
      if (held) {
        // A copy of a prefix, not a view: a transport that clones a view clones its whole buffer.
        out[i] = want < size ? held.slice(0, want) : held;
        i++;
        continue;
      }
      const first = i;
      const position = this.#offset[seq]!;
      const wants = [want];
      let length = want;
      let next = position + size;
      i++;
      // Extend the run while the previous entry was wanted whole and the next one follows it.
      while (i < seqs.length && wants[wants.length - 1] === this.#size[seqs[i - 1]!] && length < MAX_RUN_BYTES) {
        const s = seqs[i]!;
        if (this.#bytes[s] || this.#offset[s] !== next) break;
        const size2 = this.#size[s]!;
        const want2 = maxBytes !== undefined && maxBytes < size2 ? maxBytes : size2;
        wants.push(want2);
        length += want2;
        next += size2;
        i++;
      }
      reads.push(
        this.#readSpilled(position, length).then((run) => {
          let at = 0;
          wants.forEach((w, k) => {
            // Copies when the run holds several entries, so no entry pins the others' bytes.
            out[first + k] = wants.length === 1 ? run : run.slice(at, at + w);
            at += w;
          });
        }),
      );
    }
    await Promise.all(reads);
    return out;
  }

  #readSpilled(position: number, length: number): Promise<Uint8Array> {
    if (length === 0) return Promise.resolve(new Uint8Array(0));
    return this.#spill!.read(position, length);
  }

  /** Bytes [offset, offset + length) of one entry, clipped to its size. */
  async readBytes(seq: number, offset: number, length: number): Promise<{ bytes: Uint8Array; size: number }> {
    if (!Number.isInteger(seq) || seq < 0 || seq >= this.#count) {
      throw new CodedError('NO_SUCH_ENTRY', `There is no log entry #${seq}; the log has ${this.#count} entries.`);
    }
    const size = this.#size[seq]!;
    const start = Math.min(Math.max(0, offset), size);
    const end = Math.min(size, start + Math.max(0, length));
    const held = this.#bytes[seq];
    if (held) return { bytes: start === 0 && end === size ? held : held.slice(start, end), size };
    return { bytes: await this.#readSpilled(this.#offset[seq]! + start, end - start), size };
  }

  /**
   * Hands the oldest entries still only in memory to one write, bringing memory down to half the
   * budget. One write at a time, in seq order, so the file is the entries back to back.
   */
  #spillSome(): void {
    if (this.#writing || this.#failed || this.#disposed || !this.#spill) return;
    const chunks: Uint8Array[] = [];
    const first = this.#spillNext;
    const target = this.#memoryBytes - this.#budget / 2;
    let batchBytes = 0;
    let seq = first;
    while (seq < this.#count && batchBytes < target && batchBytes < this.#maxBatch) {
      const bytes = this.#bytes[seq]!;
      this.#offset[seq] = this.#fileEnd + batchBytes;
      if (bytes.byteLength > 0) chunks.push(bytes);
      batchBytes += bytes.byteLength;
      seq++;
    }
    if (seq === first) return;
    const last = seq;
    const position = this.#fileEnd;
    this.#spillNext = last;
    this.#fileEnd += batchBytes;
    this.#writing = (chunks.length > 0 ? this.#spill.write(chunks, position) : Promise.resolve()).then(
      () => {
        for (let s = first; s < last; s++) this.#bytes[s] = null;
        this.#memoryBytes -= batchBytes;
        this.#writing = null;
        if (this.#memoryBytes > this.#budget) this.#spillSome();
        this.#checkPressure();
      },
      (err: unknown) => {
        // The batch's bytes stay in memory (still readable); nothing more goes to the file.
        this.#writing = null;
        this.#failed = true;
        if (!this.#disposed) this.#options.onSpillFailed?.(err, this.#spill!.dir);
      },
    );
    this.#checkPressure();
  }

  #checkPressure(): void {
    if (this.#failed) return;
    const behind = this.#behind ? this.#memoryBytes > this.#budget : this.#memoryBytes > this.memoryLimit;
    if (behind !== this.#behind) {
      this.#behind = behind;
      if (!this.#disposed) this.#options.onPressure?.(behind);
    }
  }

  #grow(): void {
    const capacity = this.#ts.length * 2;
    const ts = new Float64Array(capacity);
    ts.set(this.#ts);
    this.#ts = ts;
    const dir = new Uint8Array(capacity);
    dir.set(this.#dir);
    this.#dir = dir;
    const peerIndex = new Uint32Array(capacity);
    peerIndex.set(this.#peerIndex);
    this.#peerIndex = peerIndex;
    const size = new Uint32Array(capacity);
    size.set(this.#size);
    this.#size = size;
    const offset = new Float64Array(capacity);
    offset.set(this.#offset);
    this.#offset = offset;
  }

  #internPeer(peer: LogPeer): number {
    const key = `${peer.id ?? ''}\u0000${peer.label}`;
    let index = this.#peerLookup.get(key);
    if (index === undefined) {
      index = this.#peers.push(peer);
      this.#peerLookup.set(key, index);
    }
    return index;
  }

  #peerOf(seq: number): LogPeer | null {
    const index = this.#peerIndex[seq]!;
    return index === 0 ? null : this.#peers[index - 1]!;
  }
}

/** A growable list of seqs (4 bytes each, not a JS array of numbers). */
class SeqList {
  #items = new Uint32Array(16);
  length = 0;

  push(seq: number): void {
    if (this.length === this.#items.length) {
      const grown = new Uint32Array(this.#items.length * 2);
      grown.set(this.#items);
      this.#items = grown;
    }
    this.#items[this.length++] = seq;
  }

  at(i: number): number {
    return this.#items[i]!;
  }
}
