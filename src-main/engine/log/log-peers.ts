// Who each log entry came from or went to, kept as a small number per entry: peers are interned
// (a flood from one peer builds no key and does no lookup per entry). Reading one peer's entries
// goes by the index's per-page tallies (entry-index.ts), so no list of seqs is kept per peer.

/** Who an entry came from or went to: a label ("address:port") and, for peer tables, the peer's id. */
export interface LogPeer {
  id: string | null;
  label: string;
}

export class LogPeers {
  #peers: LogPeer[] = [];
  #lookup = new Map<string, number>();
  #byObject = new WeakMap<LogPeer, number>();
  /** For peers with an id: the indexes it was logged under (one per label it had). */
  #byPeerId = new Map<string, Set<number>>();
  /** The peer (object or label) of the last entry, with what it resolved to. */
  #last: { peer: LogPeer | string; index: number } | null = null;

  /** Notes an entry's peer; returns its index for peerOf (0: none). */
  add(peer: string | LogPeer | null): number {
    if (peer === null) return 0;
    // A flood from one peer hands in the same object (or label) each time: no key to build or look up.
    if (peer === this.#last?.peer) return this.#last.index;
    // Peer tables hand in one object per peer: replies to 100 interleaved clients look up no text.
    let index = typeof peer === 'string' ? undefined : this.#byObject.get(peer);
    if (index === undefined) {
      index = this.#intern(typeof peer === 'string' ? { id: null, label: peer } : peer);
      if (typeof peer !== 'string') this.#byObject.set(peer, index);
    }
    this.#last = { peer, index };
    return index;
  }

  /** The peer behind an index add() returned. */
  peerOf(index: number): LogPeer | null {
    return index === 0 ? null : this.#peers[index - 1]!;
  }

  /** The indexes a peer's entries carry (empty for a peer never seen). */
  indexesOf(peerId: string): ReadonlySet<number> {
    return this.#byPeerId.get(peerId) ?? new Set();
  }

  #intern(peer: LogPeer): number {
    const key = `${peer.id ?? ''}\u0000${peer.label}`;
    let index = this.#lookup.get(key);
    if (index === undefined) {
      index = this.#peers.push(peer);
      this.#lookup.set(key, index);
      if (peer.id) {
        let set = this.#byPeerId.get(peer.id);
        if (!set) this.#byPeerId.set(peer.id, (set = new Set()));
        set.add(index);
      }
    }
    return index;
  }
}
