// What a session does with the bytes it receives before they are logged: framing (stream kinds,
// one framer per connection, so each server client is framed on its own) and checksum
// verification (every kind). The one place received bytes become log entries: the hook later
// features (rules, sequences) consume frames from.
import type { ChecksumSpec, FramingConfig, ReceiveSettings } from '../../shared/contract.js';
import { verifyChecksum } from '../../shared/codec/checksum.js';
import { createRegionFramer, Framer, FRAME_INCOMPLETE, FRAME_OVERSIZED, type RegionFramer } from '../../shared/codec/framing.js';
import { CHECK_BAD, CHECK_OK, FLAG_INCOMPLETE, FLAG_OVERSIZED, PRECOUNTED, type LogPeer, type TrafficLog } from '../log/traffic-log.js';
import type { PeerSelection, SendTarget } from '../../shared/contract.js';
import { RuleRunner, type Responder } from './rules.js';
import { sessionVariables } from '../payload-bytes.js';

/** What a session offers its rules: its own send and close. */
export interface Replying {
  send(bytes: Uint8Array, to?: SendTarget): Promise<unknown>;
  /** A rule's answers to one peer (see AnswerOut.run), done (or thrown) before it returns, where the session can. */
  replyRun?(peerId: string | null, mem: Uint8Array, start: number, ends: readonly number[], from: number, to: number, mark: number): void;
  sendCounter: number;
  readonly log: TrafficLog;
  disconnectPeers(peers: PeerSelection): Promise<unknown>;
  disconnect(): Promise<unknown>;
}

/** A Responder over a session: a server's or UDP's peer by its id, a client's one peer. */
export function responderFor(session: Replying, changed: () => void): Responder {
  const id = (peer: string | LogPeer | null): string | null => (peer && typeof peer !== 'string' ? peer.id : null);
  return {
    reply: (peer, bytes, rule) => {
      const peerId = id(peer);
      // Logged (synchronously, in send) as sent by the rule.
      const log = session.log;
      const outer = log.setMarking(rule);
      try {
        return session.send(bytes, peerId ? { type: 'peers', peerIds: [peerId] } : undefined);
      } finally {
        log.setMarking(outer);
      }
    },
    replyRun: session.replyRun ? (peer, mem, start, ends, from, to, rule) => session.replyRun!(id(peer), mem, start, ends, from, to, rule) : undefined,
    close: (peer) => {
      const peerId = id(peer);
      return peerId ? session.disconnectPeers({ type: 'peers', peerIds: [peerId] }) : session.disconnect();
    },
    changed,
    variables: sessionVariables(session, () => ({})),
  };
}

export const NO_FRAMING: FramingConfig = {
  mode: 'none',
  delimiter: '\\n',
  keepDelimiter: true,
  prefixSize: 2,
  byteOrder: 'big',
  lengthOffset: 0,
  lengthIncludesPrefix: false,
  lengthAdjustment: 0,
  frameSize: 16,
  maxFrame: 16 * 1024 * 1024,
};

/** A session's receive settings; each change applies from the next byte received. */
export class Reception {
  #framing: FramingConfig = NO_FRAMING;
  #verify: ChecksumSpec | null = null;
  /** Bumped on each change, so connections pick up a new framer. */
  version = 0;

  /** Reply rules, tried on every frame (or chunk, or datagram) received. */
  readonly rules: RuleRunner;

  constructor(
    private readonly log: () => TrafficLog,
    responder: Responder,
  ) {
    this.rules = new RuleRunner(responder);
  }

  get settings(): ReceiveSettings {
    return { framing: this.#framing, verify: this.#verify };
  }

  get framing(): FramingConfig {
    return this.#framing;
  }

  set(settings: ReceiveSettings): void {
    this.#framing = settings.framing;
    this.#verify = settings.verify;
    this.version++;
  }

  get verifying(): boolean {
    return this.#verify !== null;
  }

  /** The check flags of received bytes (their shown part) under "Verify checksum". */
  checkFlags(bytes: Uint8Array, trail = 0): number {
    if (!this.#verify) return 0;
    const check = verifyChecksum(bytes.subarray(0, bytes.length - trail), this.#verify);
    return check?.ok ? CHECK_OK : CHECK_BAD;
  }

  /** Logs a received message as it is (datagram kinds): verified, never framed. */
  logMessage(bytes: Uint8Array, peer: string | LogPeer | null): number {
    const seq = this.log().append('in', bytes, peer, undefined, this.checkFlags(bytes));
    if (this.rules.active) this.rules.frame(bytes, peer);
    return seq;
  }

  /** A new connection's inlet (one per client on a server). */
  inlet(): Inlet {
    return new Inlet(this, this.log);
  }
}

/**
 * One connection's received bytes, framed when framing is set: bytes read straight into the log
 * are cut in place (readInto), bytes that come as chunks go through a Framer (receive).
 */
export class Inlet {
  #core: RegionFramer | null = null;
  #framer: Framer | null = null;
  /** The log whose read memory holds the current frame's first bytes (readInto). */
  #heldIn: TrafficLog | null = null;
  #version = -1;
  readonly #check = (frame: Uint8Array): number => this.reception.checkFlags(frame);

  constructor(
    private readonly reception: Reception,
    private readonly log: () => TrafficLog,
  ) {}

  /** Bytes that came as a chunk (a server's client, a TLS stream): framed, then logged. Returns how many entries they made. */
  receive(bytes: Uint8Array, peer: string | LogPeer | null): number {
    this.#sync(peer);
    const log = this.log();
    if (!this.#framer) {
      log.append('in', bytes, peer, undefined, this.reception.checkFlags(bytes));
      if (this.reception.rules.active) this.reception.rules.frame(bytes, peer);
      return 1;
    }
    // Counted as they arrive (the counters move while a long frame comes in), logged as frames.
    const before = log.count;
    log.countReceived(bytes.byteLength);
    this.#framer.push(bytes, (frame, flags, trail) => this.#logFrame(frame, flags, trail, peer));
    return log.count - before;
  }

  /**
   * `n` bytes read straight into the log's memory (its readBuffer(), `bytes` their view): cut
   * into frames where they lie, or without framing one entry. A log replaced since (Clear log)
   * lost the frame begun in the old one.
   */
  readInto(n: number, bytes: Uint8Array | null, peer: string | LogPeer | null): void {
    this.#sync(peer);
    const log = this.log();
    if (!this.#core) {
      log.commitRead('in', n, peer, undefined, bytes ? this.reception.checkFlags(bytes) : 0);
      if (bytes && this.reception.rules.active) this.reception.rules.frame(bytes, peer);
      return;
    }
    if (this.#heldIn !== log) {
      this.#core!.reset();
      this.#heldIn = log;
    }
    const rules = this.reception.rules;
    log.commitFramed(n, this.#core!, peer, this.reception.verifying ? this.#check : null, rules.active ? (frame) => rules.frame(frame, peer) : null);
  }

  /** The connection closed: bytes held become one entry marked incomplete. Returns how many entries that made. */
  end(peer: string | LogPeer | null): number {
    if (!this.#core) return 0;
    const log = this.log();
    const before = log.count;
    const flags = this.#core.tailFlags();
    this.#framer?.flush((frame, f, trail) => this.#logFrame(frame, f, trail, peer));
    if (this.#heldIn === log) log.commitHeld(peer, FLAG_INCOMPLETE | (flags & FRAME_OVERSIZED ? FLAG_OVERSIZED : 0));
    this.#core.reset();
    return log.count - before;
  }

  #logFrame(frame: Uint8Array, flags: number, trail: number, peer: string | LogPeer | null): void {
    let f = this.reception.checkFlags(frame, trail) | PRECOUNTED;
    if (flags & FRAME_OVERSIZED) f |= FLAG_OVERSIZED;
    if (flags & FRAME_INCOMPLETE) f |= FLAG_INCOMPLETE;
    this.log().append('in', frame, peer, undefined, f, trail);
    if (this.reception.rules.active) this.reception.rules.frame(frame.subarray(0, frame.length - trail), peer);
  }

  /** Framing changed: what the old framing holds is logged (incomplete), the new one starts clean. */
  #sync(peer: string | LogPeer | null): void {
    if (this.#version === this.reception.version) return;
    this.#version = this.reception.version;
    this.end(peer);
    this.#core = createRegionFramer(this.reception.framing);
    this.#framer = this.#core ? new Framer(this.#core) : null;
    this.#heldIn = null;
  }
}
