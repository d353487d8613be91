// A session's traffic: every chunk in or out, as bytes, in order. Reads are async so that a
// later version can spill older entries to an append-only file without changing callers.
import type { Direction, LogEntry, SessionStats } from '../api/contract.js';
import { CodedError } from './errors.js';

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
  #bytes: Uint8Array[] = [];
  #peers: LogPeer[] = [];
  #peerLookup = new Map<string, number>();
  /** For peers with an id: the seqs of their entries, in order (for filtering by peer). */
  #byPeerId = new Map<string, SeqList>();
  #stats: SessionStats = { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 };

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
    this.#bytes.push(ownBytes(bytes));
    this.#count = seq + 1;
    if (dir === 'in') {
      this.#stats.bytesIn += bytes.byteLength;
      this.#stats.messagesIn += 1;
    } else {
      this.#stats.bytesOut += bytes.byteLength;
      this.#stats.messagesOut += 1;
    }
    return seq;
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
    const entries: LogEntry[] = [];
    for (let i = Math.max(0, from); i < end; i++) {
      const seq = filter ? filter.at(i) : i;
      const full = this.#bytes[seq]!;
      const peer = this.#peerOf(seq);
      entries.push({
        seq,
        ts: this.#ts[seq]!,
        dir: this.#dir[seq] === DIR_IN ? 'in' : 'out',
        size: full.byteLength,
        // A copy of a prefix, not a view: a transport that clones a view clones its whole buffer.
        bytes: maxBytes !== undefined && maxBytes < full.byteLength ? full.slice(0, maxBytes) : full,
        peer: peer?.label ?? null,
        peerId: peer?.id ?? null,
      });
    }
    return { entries, total };
  }

  /** Bytes [offset, offset + length) of one entry, clipped to its size. */
  async readBytes(seq: number, offset: number, length: number): Promise<{ bytes: Uint8Array; size: number }> {
    const full = Number.isInteger(seq) && seq >= 0 ? this.#bytes[seq] : undefined;
    if (full === undefined) {
      throw new CodedError('NO_SUCH_ENTRY', `There is no log entry #${seq}; the log has ${this.#count} entries.`);
    }
    const start = Math.min(Math.max(0, offset), full.byteLength);
    const end = Math.min(full.byteLength, start + Math.max(0, length));
    const bytes = start === 0 && end === full.byteLength ? full : full.slice(start, end);
    return { bytes, size: full.byteLength };
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
