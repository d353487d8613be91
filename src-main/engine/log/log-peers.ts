// Who each log entry came from or went to, kept as a small number per entry: peers are interned
// (a flood from one peer builds no key and does no lookup per entry), and for peers with an id the
// seqs of their entries are listed in order, so the log can be read filtered by peer.
import { grownTo } from './grown-array.js';

/** Who an entry came from or went to: a label ("address:port") and, for peer tables, the peer's id. */
export interface LogPeer {
  id: string | null;
  label: string;
}

/** A growable list of seqs (4 bytes each, not a JS array of numbers). */
export class SeqList {
  #items = new Uint32Array(16);
  length = 0;

  push(seq: number): void {
    if (this.length === this.#items.length) this.#items = grownTo(this.#items, this.#items.length * 2);
    this.#items[this.length++] = seq;
  }

  at(i: number): number {
    return this.#items[i]!;
  }
}

export class LogPeers {
  #peers: LogPeer[] = [];
  #lookup = new Map<string, number>();
  /** For peers with an id: the seqs of their entries, in order (for filtering by peer). */
  #byPeerId = new Map<string, SeqList>();
  /** The peer object of the last entry, with what it resolved to. */
  #last: { peer: LogPeer; index: number; list: SeqList | undefined } | null = null;

  /** Notes entry `seq`'s peer; returns its index for peerOf (0: none). */
  add(seq: number, peer: string | LogPeer | null): number {
    if (peer === null) return 0;
    if (peer === this.#last?.peer) {
      // A flood from one peer hands in the same object each time: no key to build or look up.
      this.#last.list?.push(seq);
      return this.#last.index;
    }
    const logPeer = typeof peer === 'string' ? { id: null, label: peer } : peer;
    const index = this.#intern(logPeer);
    let list: SeqList | undefined;
    if (logPeer.id) {
      list = this.#byPeerId.get(logPeer.id);
      if (!list) this.#byPeerId.set(logPeer.id, (list = new SeqList()));
      list.push(seq);
    }
    if (typeof peer !== 'string') this.#last = { peer, index, list };
    return index;
  }

  /** The peer behind an index add() returned. */
  peerOf(index: number): LogPeer | null {
    return index === 0 ? null : this.#peers[index - 1]!;
  }

  /** The seqs of one peer's entries, in order (empty for a peer never seen). */
  seqsOf(peerId: string): SeqList {
    return this.#byPeerId.get(peerId) ?? new SeqList();
  }

  #intern(peer: LogPeer): number {
    const key = `${peer.id ?? ''}\u0000${peer.label}`;
    let index = this.#lookup.get(key);
    if (index === undefined) {
      index = this.#peers.push(peer);
      this.#lookup.set(key, index);
    }
    return index;
  }
}
