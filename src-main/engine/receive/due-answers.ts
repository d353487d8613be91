// The answers reply rules give to the frames of one read, waiting for the microtask that sends
// them: written one after another into one buffer (no buffer per answer), then sent in order,
// a rule's answers to one peer as one run where the session can (one log run, one write).
import { ReplySink } from '../../shared/codec/rule-reply.js';
import type { LogPeer } from '../log/traffic-log.js';

export type Peer = string | LogPeer | null;

/** What happens after an answer: nothing more, or the peer is closed (Reply and close, Close: no bytes). */
export type After = 'reply' | 'reply-close' | 'close';

/** Where answers go, as the rules' responder offers them. */
export interface AnswerOut {
  /** Answers ends[from..to) of `mem` (answer k ends at ends[k], starts where k - 1 ended, or at `start`) to one peer; throws if it cannot. */
  run?: ((peer: Peer, mem: Uint8Array, start: number, ends: readonly number[], from: number, to: number, rule: number) => void) | undefined;
  /** One answer (bytes of its own, null for none) from rule `index`, then the close it asks for. */
  one(peer: Peer, bytes: Uint8Array | null, index: number, after: After): void;
  /** Rule `index` could not answer `peer`. */
  failed(index: number, err: unknown): void;
}

export class DueAnswers {
  readonly sink = new ReplySink();
  /** The first `length` entries of each are the batch; they keep their room for the next one (no allocation per batch). */
  readonly #peers: Peer[] = [];
  readonly #rules: number[] = [];
  readonly #after: After[] = [];
  /** Where each answer ends in the sink (a Close without bytes ends where the one before did). */
  readonly #ends: number[] = [];
  length = 0;

  /** An answer rule `index` just wrote at the sink's end (or none, for a Close); true when it is the first of the batch. */
  push(peer: Peer, index: number, after: After): boolean {
    const n = this.length++;
    this.#rules[n] = index;
    this.#after[n] = after;
    this.#ends[n] = this.sink.fill;
    this.#peers[n] = peer;
    return n === 0;
  }

  /** Sends them all, in order, and empties the batch. */
  send(out: AnswerOut): void {
    const peers = this.#peers;
    const rules = this.#rules;
    const after = this.#after;
    const ends = this.#ends;
    const mem = this.sink.mem;
    const n = this.length;
    for (let i = 0; i < n; ) {
      const start = i === 0 ? 0 : ends[i - 1]!;
      let j = i + 1;
      if (out.run && after[i] === 'reply') {
        // A rule's plain answers to one peer, one after the other: one run.
        while (j < n && peers[j] === peers[i] && rules[j] === rules[i] && after[j] === 'reply') j++;
        try {
          out.run(peers[i]!, mem, start, ends, i, j, rules[i]! + 1);
        } catch (err) {
          out.failed(rules[i]!, err);
        }
      } else out.one(peers[i]!, after[i] === 'close' ? null : mem.slice(start, ends[i]), rules[i]!, after[i]!);
      i = j;
    }
    // The same arrays and buffer serve the next batch (sending cannot add to this one: it is synchronous).
    peers.fill(null, 0, n);
    this.length = 0;
    this.sink.fill = 0;
  }
}
