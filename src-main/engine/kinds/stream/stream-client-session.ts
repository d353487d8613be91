// A client on a stream socket (TCP, TLS, Unix): find where to connect, try each target in turn
// within one overall timeout, then log every chunk each way as it is. The kinds differ only in
// how they find their targets, open a socket and describe its ends (the hooks below).
import { m } from '../../../shared/i18n/paraglide/messages.js';
import type { Socket } from 'node:net';
import {
  KINDS,
  type Endpoint,
  type SendTarget,
  type SessionConfig,
  type SessionKind,
  type SessionSnapshot,
  type ConnectionOptions,
  type TcpClientConfig,
  type TlsClientConfig,
  type UnixClientConfig,
  type WireError,
} from '../../../shared/contract.js';
import { CodedError, toWireError } from '../../errors.js';
import { Session, type SendResult, type SessionHooks } from '../../session.js';
import { applyIpTtl, optionFdOf } from '../../sockets/socket-options.js';
import { preciseNow } from '../../clock.js';
import type { TrafficLog } from '../../log/traffic-log.js';
import { drained } from '../../sockets/drained.js';
import type { Inlet } from '../../receive/reception.js';

/** How long a local disconnect waits for the peer's FIN before dropping the connection. */
const CLOSE_GRACE_MS = 1000;

export type AnyStreamClientConfig = TcpClientConfig | TlsClientConfig | UnixClientConfig;

function timeoutError(where: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`connect ETIMEDOUT ${where}`);
  err.code = 'ETIMEDOUT';
  return err;
}

class ConnectCancelled extends Error {}

/** A connection attempt in flight. Cancelling it (timeout, disconnect) wins every race it is in. */
class PendingConnect {
  reason: Error | null = null;
  readonly cancelled: Promise<never>;
  #reject: (reason: Error) => void = () => {};

  constructor() {
    this.cancelled = new Promise<never>((_resolve, reject) => {
      this.#reject = reject;
    });
    this.cancelled.catch(() => {});
  }

  cancel(reason: Error): void {
    if (this.reason) return;
    this.reason = reason;
    this.#reject(reason);
  }
}

/** The two ends of an open connection, as the snapshot and the log show them. */
export interface ConnectionEnds {
  local: Endpoint | null;
  remote: Endpoint | null;
  /** The label of log entries ("host:port", a path). */
  peer: string | null;
}

export abstract class StreamClientSession<C extends AnyStreamClientConfig> extends Session {
  /** The socket of the open (or closing) connection. */
  #socket: Socket | null = null;
  /** The log and buffer the socket's next read lands in (see readArrived). */
  #readFrom: { log: TrafficLog; buffer: Uint8Array } | null = null;
  #peer: string | null = null;
  /** The connection's framer (one per connection); null before the first. */
  #inlet: Inlet | null = null;
  #where = '';
  #pending: PendingConnect | null = null;
  #settled: Promise<unknown> = Promise.resolve();
  #closingLocally = false;
  #graceTimer: ReturnType<typeof setTimeout> | null = null;
  #closed: Promise<void> = Promise.resolve();
  #markClosed: () => void = () => {};

  constructor(id: string, kind: SessionKind, hooks: SessionHooks) {
    super(id, kind, hooks);
  }

  /** Whether a config is one this session connects with (its kind narrowed to C). */
  protected abstract accepts(config: SessionConfig): config is C;
  /** Where it connects, in words for errors ("host:port", a path). */
  protected abstract where(config: C): string;
  /** The targets to try in order (resolved addresses); may be slow, the attempt races it with cancel. */
  protected abstract targets(config: C): Promise<string[]>;
  /** Opens the connection to one target. */
  protected abstract openSocket(target: string, config: C): Socket;
  /** The ends of a socket once it is open. */
  protected abstract ends(socket: Socket): ConnectionEnds;

  /** The socket event after which bytes can flow ('secureConnect' once a TLS handshake is done). */
  protected get readyEvent(): 'connect' | 'secureConnect' {
    return 'connect';
  }

  /** Called when the socket is ready, before it counts as open; throwing fails this attempt with that error. */
  protected beforeOpen(_socket: Socket, _config: C): void {}

  /** A failure in words; `where` is where() of the config. */
  protected describeError(err: unknown, where: string): WireError {
    return toWireError(err, where);
  }

  /** Socket options to apply once open (null: none apply). */
  protected connectionOptionsOf(_config: C): ConnectionOptions | null {
    return null;
  }

  async connect(config: SessionConfig): Promise<SessionSnapshot> {
    if (config.kind !== this.kind || !this.accepts(config)) {
      throw new CodedError('INVALID_PAYLOAD', m.e_session_is_a_it_cannot_connect({ id: this.id, value: KINDS[this.kind].label, kind: config.kind }));
    }
    this.refuseWhileStarted('disconnect it');
    this.#where = this.where(config);
    this.resetForConnect(config);

    const pending = new PendingConnect();
    this.#pending = pending;
    const timer = setTimeout(() => pending.cancel(timeoutError(this.#where)), config.timeoutMs);
    const attempt = this.#attempt(config, pending);
    this.#settled = attempt.catch(() => {});
    try {
      await attempt;
      return this.snapshot();
    } catch (err) {
      if (err instanceof ConnectCancelled) {
        this.setState({ status: 'closed', closedBy: 'local' });
        throw new CodedError('ECONNABORTED', m.e_the_connection_to_was_cancelled({ where: this.#where }));
      }
      const error = this.describeError(err, this.#where);
      this.setState({ status: 'failed', error });
      throw new CodedError(error.code, error.message);
    } finally {
      clearTimeout(timer);
      this.#pending = null;
    }
  }

  async disconnect(): Promise<SessionSnapshot> {
    if (this.#pending && this.status === 'connecting') {
      this.#pending.cancel(new ConnectCancelled());
      await this.#settled;
    } else if (this.#socket && this.status === 'open') {
      this.#closeLocally(this.#socket);
      await this.#closed;
    } else if (this.status === 'closing') {
      await this.#closed;
    }
    return this.snapshot();
  }

  async send(bytes: Uint8Array, to?: SendTarget): Promise<SendResult> {
    if (to) {
      throw new CodedError('NO_TARGET', m.e_a_sends_to_the_one_server({ value: KINDS[this.kind].label }));
    }
    const socket = this.#socket;
    // Not writable: the peer has ended and our side is ending too; the close is on its way.
    if (!socket || this.status !== 'open' || !socket.writable) {
      throw new CodedError('NOT_CONNECTED', m.e_session_is_not_connected_connect_it({ id: this.id }));
    }
    // Logged when handed to the socket, so the log shows the stream in the order it was written.
    const seq = this.log.append('out', bytes, this.#peer);
    // A stream has nothing to send for 0 bytes; the entry above still records that the user sent it.
    if (bytes.byteLength > 0) socket.write(bytes);
    this.logGrew();
    return { bytes: bytes.byteLength, seq, targets: 1 };
  }

  /**
   * For a kind whose socket reads straight into the log (net.Socket's onread, see
   * TcpClientSession): `n` bytes of `socket` have landed in the log's readBuffer().
   */
  protected readArrived(socket: Socket, n: number): void {
    if (socket !== this.#socket) return;
    const from = this.#readFrom;
    const inlet = this.#inlet!;
    // Node takes the next read's buffer ahead of time: one handed out by a log cleared since
    // (or before framing was set) holds bytes the log has not seen: they go in as received.
    if (from && from.log !== this.log) inlet.receive(from.buffer.subarray(0, n), this.#peer);
    else inlet.readInto(n, from ? from.buffer.subarray(0, n) : null, this.#peer);
    this.#readFrom = null;
    this.logGrew();
  }

  override whenWritable(): Promise<void> {
    return this.#socket ? drained(this.#socket) : Promise.resolve();
  }

  /** Memory for the next socket read (net.Socket's onread.buffer): straight into the log (framed or not). */
  protected readBuffer(): Uint8Array {
    const buffer = this.log.readBuffer();
    this.#readFrom = { log: this.log, buffer };
    return buffer;
  }

  protected override pauseReading(): void {
    this.#socket?.pause();
  }

  protected override resumeReading(): void {
    this.#socket?.resume();
  }

  protected override optionFd(): number | null {
    return optionFdOf(this.#socket, KINDS[this.kind].label);
  }

  protected destroySockets(): void {
    this.#pending?.cancel(new ConnectCancelled());
    this.#socket?.destroy();
    if (this.#graceTimer) clearTimeout(this.#graceTimer);
  }

  /** Find the targets, then try each in order; the first that connects is the connection. */
  async #attempt(config: C, pending: PendingConnect): Promise<void> {
    const targets = await Promise.race([this.targets(config), pending.cancelled]);
    this.setState({ resolved: targets });
    let lastError: unknown = Object.assign(new Error(`No address for ${this.#where}.`), { code: 'ENOTFOUND' });
    for (const target of targets) {
      const socket = this.openSocket(target, config);
      try {
        await Promise.race([this.#wire(socket, config), pending.cancelled]);
        return;
      } catch (err) {
        socket.destroy();
        if (pending.reason) throw pending.reason;
        // Refused by beforeOpen (e.g. TLS verification): the next address is the same server.
        if (err instanceof CodedError) throw err;
        lastError = err;
      }
    }
    throw lastError;
  }

  /**
   * The one place a socket gets its listeners. Resolves once open, rejects if it closes first;
   * after that 'close' is the single end of the connection ('error' only records why).
   */
  #wire(socket: Socket, config: C): Promise<void> {
    return new Promise((resolve, reject) => {
      let connected = false;
      let failure: unknown = null;
      socket.on(this.readyEvent, () => {
        try {
          this.beforeOpen(socket, config);
        } catch (err) {
          failure = err;
          socket.destroy();
          return;
        }
        connected = true;
        // Opened right here, not after the promise settles, so no chunk can arrive unlogged.
        this.#opened(socket, config, (err) => {
          failure ??= err;
        });
        resolve();
      });
      // Not emitted by a socket that reads into the log (readArrived); the listener also keeps
      // the socket flowing, so 'end' comes.
      socket.on('data', (chunk: Buffer) => {
        if (socket !== this.#socket) return;
        this.#inlet!.receive(chunk, this.#peer);
        this.logGrew();
      });
      socket.on('error', (err) => {
        failure ??= err;
      });
      socket.on('close', () => {
        if (!connected) reject(failure ?? new Error(`The connection to ${this.#where} closed before it opened.`));
        else if (socket === this.#socket) this.#ended(failure);
      });
    });
  }

  #opened(socket: Socket, config: C, fail: (err: unknown) => void): void {
    const ends = this.ends(socket);
    this.#socket = socket;
    if (this.readingPaused) socket.pause();
    this.#peer = ends.peer;
    this.#inlet = this.reception.inlet();
    this.#closingLocally = false;
    this.#closed = new Promise((resolve) => {
      this.#markClosed = resolve;
    });
    const options = this.connectionOptionsOf(config);
    let ttlProblem: string | null = null;
    if (options) {
      socket.setNoDelay(options.noDelay);
      if (options.keepAlive) socket.setKeepAlive(true, options.keepAliveDelayMs);
      if (options.ttl !== undefined) ttlProblem = applyIpTtl(socket, socket.remoteFamily, options.ttl);
      if (options.idleTimeoutMs > 0) {
        socket.setTimeout(options.idleTimeoutMs, () => {
          fail(new CodedError('ETIMEDOUT', m.e_the_connection_to_was_idle_for({ where: this.#where, idleTimeoutMs: options.idleTimeoutMs })));
          this.#closeLocally(socket);
        });
      }
    }
    this.setState({
      status: 'open',
      local: ends.local,
      remote: ends.remote,
      openedAt: preciseNow(),
      options: options ? optionsInForce(options, ttlProblem) : null,
    });
  }

  #closeLocally(socket: Socket): void {
    if (this.#closingLocally) return;
    this.#closingLocally = true;
    this.setState({ status: 'closing' });
    socket.end();
    this.#graceTimer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
  }

  #ended(failure: unknown): void {
    this.#inlet?.end(this.#peer);
    if (this.#graceTimer) clearTimeout(this.#graceTimer);
    this.#graceTimer = null;
    this.#socket = null;
    this.setState({
      status: 'closed',
      closedBy: this.#closingLocally ? 'local' : 'peer',
      error: failure ? this.describeError(failure, this.#where) : null,
    });
    this.#markClosed();
  }
}

/** The values a client socket runs with, and what could not be applied (ttlProblem: why the TTL was not). */
export function optionsInForce(options: ConnectionOptions, ttlProblem: string | null): Record<string, string | number | boolean> {
  const inForce: Record<string, string | number | boolean> = {
    noDelay: options.noDelay,
    keepAlive: options.keepAlive,
    idleTimeoutMs: options.idleTimeoutMs,
  };
  if (options.keepAlive) inForce.keepAliveDelayMs = options.keepAliveDelayMs;
  if (options.ttl !== undefined) {
    if (ttlProblem === null) inForce.ttl = options.ttl;
    else inForce.notApplied = `ttl ${options.ttl} (${ttlProblem})`;
  }
  return inForce;
}
