// A log's entries kept column-wise (one typed array per field, indexed by seq) rather than as
// one object per entry: a flood of small packets then costs a few bytes of bookkeeping each.
import { grownTo } from './grown-array.js';

const INITIAL_CAPACITY = 256;
export const DIR_IN = 0;
export const DIR_OUT = 1;

export class EntryColumns {
  /** Milliseconds since the epoch, with a microsecond fraction. */
  ts = new Float64Array(INITIAL_CAPACITY);
  /** DIR_IN or DIR_OUT. */
  dir = new Uint8Array(INITIAL_CAPACITY);
  /** Index of the entry's peer (LogPeers), plus one; 0 means no peer. */
  peerIndex = new Uint32Array(INITIAL_CAPACITY);
  size = new Uint32Array(INITIAL_CAPACITY);
  /** The chunk holding an entry's bytes (NO_CHUNK for an empty entry), and where in it they start. */
  chunkOf = new Uint32Array(INITIAL_CAPACITY);
  at = new Uint32Array(INITIAL_CAPACITY);

  /** Room for entry `seq` (seqs are added in order). */
  ensure(seq: number): void {
    if (seq < this.ts.length) return;
    const capacity = this.ts.length * 2;
    this.ts = grownTo(this.ts, capacity);
    this.dir = grownTo(this.dir, capacity);
    this.peerIndex = grownTo(this.peerIndex, capacity);
    this.size = grownTo(this.size, capacity);
    this.chunkOf = grownTo(this.chunkOf, capacity);
    this.at = grownTo(this.at, capacity);
  }
}
