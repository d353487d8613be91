// Files being sent, a chunk at a time, so no side ever holds a whole file: the renderer reads a
// piece and hands it over, main sends it and answers once the socket took it (streams wait for
// 'drain'; datagram kinds send datagram by datagram), and only then is the next piece read.
import { m } from '../../shared/i18n/paraglide/messages.js';
import { base64ToBytes } from '../../shared/codec/base64.js';
import { KINDS, type SendTarget } from '../../shared/contract.js';
import { CodedError } from '../errors.js';
import type { Session } from '../session.js';

interface Transfer {
  sessionId: string;
  name: string;
  size: number;
  /** Bytes handed over and sent (datagram kinds: including those waiting in `carry`). */
  received: number;
  to: SendTarget | undefined;
  /** null: a stream, sent as it comes. */
  datagramSize: number | null;
  everyMs: number;
  /** The start of a datagram that the next chunk completes. */
  carry: Uint8Array;
  busy: boolean;
}

export interface FileStart {
  name: string;
  size: number;
  to?: SendTarget;
  datagramSize: number;
  everyMs: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class FileSends {
  readonly #transfers = new Map<string, Transfer>();
  #next = 1;
  readonly #session: (id: string) => Session;

  constructor(session: (id: string) => Session) {
    this.#session = session;
  }

  start(sessionId: string, start: FileStart): { transferId: string } {
    const session = this.#session(sessionId);
    if (session.status !== 'open') throw new CodedError('NOT_CONNECTED', m.e_session_is_not_open_connect_first_2({ sessionId }));
    const transferId = `f${this.#next++}`;
    const stream = KINDS[session.kind].group === 'Stream';
    this.#transfers.set(transferId, {
      sessionId,
      name: start.name,
      size: start.size,
      received: 0,
      to: start.to,
      datagramSize: stream ? null : start.datagramSize,
      everyMs: start.everyMs,
      carry: new Uint8Array(0),
      busy: false,
    });
    return { transferId };
  }

  async chunk(transferId: string, offset: number, base64: string): Promise<{ sent: number; done: boolean }> {
    const t = this.#get(transferId);
    if (t.busy) throw new CodedError('EBUSY', m.e_the_previous_piece_of_is_still({ name: t.name }));
    if (offset !== t.received) throw new CodedError('INVALID_PAYLOAD', m.e_the_next_piece_of_starts_at({ name: t.name, received: t.received, offset }));
    let bytes: Uint8Array;
    try {
      bytes = base64ToBytes(base64);
    } catch {
      throw new CodedError('INVALID_BASE64', m.e_the_piece_of_at_byte_is({ name: t.name, offset }));
    }
    if (t.received + bytes.byteLength > t.size) {
      throw new CodedError('INVALID_PAYLOAD', m.e_is_bytes_but_this_piece_ends({ name: t.name, size: t.size, value: t.received + bytes.byteLength }));
    }
    t.busy = true;
    try {
      const session = this.#session(t.sessionId);
      const last = t.received + bytes.byteLength === t.size;
      if (t.datagramSize === null) {
        // A stream: one entry per piece (an empty file: one empty entry); wait until the socket took it.
        if (bytes.byteLength > 0 || t.size === 0) await session.send(bytes, t.to);
        await session.whenWritable();
      } else {
        await this.#sendDatagrams(t, session, bytes, last);
      }
      t.received += bytes.byteLength;
      if (last) this.#transfers.delete(transferId);
      return { sent: t.received, done: last };
    } catch (err) {
      // A failed piece ends the transfer: its bytes cannot be sent again in order.
      this.#transfers.delete(transferId);
      throw err;
    } finally {
      t.busy = false;
    }
  }

  cancel(transferId: string): { sent: number } {
    const t = this.#get(transferId);
    this.#transfers.delete(transferId);
    return { sent: t.received };
  }

  /** A session closed: its transfers end with it. */
  dropSession(sessionId: string): void {
    for (const [id, t] of this.#transfers) if (t.sessionId === sessionId) this.#transfers.delete(id);
  }

  /** Datagrams of exactly datagramSize bytes (the file's last one may be shorter), in order. */
  async #sendDatagrams(t: Transfer, session: Session, bytes: Uint8Array, last: boolean): Promise<void> {
    const size = t.datagramSize!;
    let data = bytes;
    if (t.carry.byteLength > 0) {
      data = new Uint8Array(t.carry.byteLength + bytes.byteLength);
      data.set(t.carry);
      data.set(bytes, t.carry.byteLength);
    }
    let at = 0;
    while (data.byteLength - at >= size || (last && at < data.byteLength)) {
      const end = Math.min(at + size, data.byteLength);
      await session.send(data.slice(at, end), t.to);
      at = end;
      if (t.everyMs > 0 && (at < data.byteLength || !last)) await sleep(t.everyMs);
    }
    // An empty file is one empty datagram.
    if (last && t.size === 0) await session.send(new Uint8Array(0), t.to);
    t.carry = data.slice(at);
  }

  #get(transferId: string): Transfer {
    const t = this.#transfers.get(transferId);
    if (!t) throw new CodedError('NO_SUCH_TRANSFER', m.e_there_is_no_file_being_sent({ transferId }));
    return t;
  }
}
