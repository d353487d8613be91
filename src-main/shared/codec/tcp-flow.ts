// One TCP connection re-enacted as packets for a capture file, from what a session logged: a
// SYN / SYN-ACK / ACK handshake, each side's bytes as PSH|ACK segments with sequence numbers
// that advance by the payload and ACKs of the other side's next byte, an ACK from the receiver
// before a side has too much in flight, FIN on an orderly close and RST on a reset. Wireshark
// follows the stream and finds no gap, no unseen ACK and no bad checksum. Pure.
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, tcpPacket, type PacketEndpoint } from './packets.js';

/** The most payload one segment carries (an entry larger than this is split). */
export const MAX_SEGMENT = 16384;
/** A side acknowledges once this much of the other's data is unacknowledged (the window is 65,535). */
const ACK_EVERY = 32768;

/** A packet for the capture: when, which way (from the session's side: out), and the IP packet. */
export interface FlowPacket {
  ts: number;
  dir: 'in' | 'out';
  bytes: Uint8Array;
}

interface Side {
  end: PacketEndpoint;
  /** The next sequence number this side sends. */
  seq: number;
  /** Bytes it sent that the other side has not acknowledged yet. */
  unacked: number;
  finished: boolean;
}

export class TcpFlow {
  readonly #local: Side;
  readonly #remote: Side;
  #open = false;
  #closed = false;

  /**
   * `local` is the session's end; `localOpened` whether it opened the connection (a client) or
   * accepted it (a server's client).
   */
  constructor(
    local: PacketEndpoint,
    remote: PacketEndpoint,
    private readonly localOpened: boolean,
  ) {
    this.#local = { end: local, seq: 0x1000_0000, unacked: 0, finished: false };
    this.#remote = { end: remote, seq: 0x2000_0000, unacked: 0, finished: false };
  }

  #side(dir: 'in' | 'out'): [Side, Side] {
    return dir === 'out' ? [this.#local, this.#remote] : [this.#remote, this.#local];
  }

  #packet(ts: number, dir: 'in' | 'out', flags: number, payload?: Uint8Array): FlowPacket {
    const [from, to] = this.#side(dir);
    return { ts, dir, bytes: tcpPacket(from.end, to.end, from.seq, to.seq, flags, payload) };
  }

  /** The handshake, once, just before the first thing the flow carries. */
  #handshake(ts: number, out: FlowPacket[]): void {
    if (this.#open) return;
    this.#open = true;
    const [opener, accepter]: ['in' | 'out', 'in' | 'out'] = this.localOpened ? ['out', 'in'] : ['in', 'out'];
    const t = ts - 0.003;
    out.push(this.#packet(t, opener, TCP_SYN));
    this.#side(opener)[0].seq++;
    // The SYN-ACK acknowledges the SYN (the opener's seq has moved past it).
    out.push(this.#packet(t + 0.001, accepter, TCP_SYN | TCP_ACK));
    this.#side(accepter)[0].seq++;
    out.push(this.#packet(t + 0.002, opener, TCP_ACK));
  }

  /** `bytes` sent by one side at `ts` (ms since the epoch): its segments, and the other side's ACKs. */
  data(dir: 'in' | 'out', bytes: Uint8Array, ts: number): FlowPacket[] {
    const out: FlowPacket[] = [];
    if (this.#closed || bytes.length === 0) return out;
    this.#handshake(ts, out);
    const from = this.#side(dir)[0];
    const back = dir === 'out' ? 'in' : 'out';
    for (let at = 0; at < bytes.length; at += MAX_SEGMENT) {
      const piece = bytes.subarray(at, Math.min(bytes.length, at + MAX_SEGMENT));
      out.push(this.#packet(ts, dir, TCP_PSH | TCP_ACK, piece));
      from.seq = (from.seq + piece.length) >>> 0;
      from.unacked += piece.length;
      if (from.unacked >= ACK_EVERY) {
        out.push(this.#packet(ts, back, TCP_ACK));
        from.unacked = 0;
      }
    }
    return out;
  }

  /** An orderly close started by one side: FIN, ACK, the other side's FIN, ACK. */
  close(closer: 'in' | 'out', ts: number): FlowPacket[] {
    const out: FlowPacket[] = [];
    if (this.#closed) return out;
    this.#handshake(ts, out);
    this.#closed = true;
    const other = closer === 'out' ? 'in' : 'out';
    out.push(this.#packet(ts, closer, TCP_FIN | TCP_ACK));
    this.#side(closer)[0].seq++;
    out.push(this.#packet(ts, other, TCP_FIN | TCP_ACK));
    this.#side(other)[0].seq++;
    out.push(this.#packet(ts, closer, TCP_ACK));
    return out;
  }

  /** A reset (an error, or a client kicked): RST from `by`. */
  reset(by: 'in' | 'out', ts: number): FlowPacket[] {
    const out: FlowPacket[] = [];
    if (this.#closed) return out;
    this.#handshake(ts, out);
    this.#closed = true;
    out.push(this.#packet(ts, by, TCP_RST | TCP_ACK));
    return out;
  }
}
