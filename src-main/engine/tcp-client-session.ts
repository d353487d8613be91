// A TCP client tab: resolve the host, try each address in turn within one overall timeout,
// then log every chunk each way as it is.
import { lookup } from 'node:dns/promises';
import { connect as netConnect, isIPv6, type Socket, type TcpNetConnectOpts } from 'node:net';
import {
  SESSION_KIND_LABELS,
  type Endpoint,
  type SendTarget,
  type SessionConfig,
  type SessionSnapshot,
  type TcpClientConfig,
  type TlsClientConfig,
} from '../api/contract.js';
import { CodedError, toWireError } from './errors.js';
import { Session, type SendResult, type SessionHooks } from './session.js';
import { preciseNow } from './traffic-log.js';

/** How long a local disconnect waits for the peer's FIN before dropping the connection. */
const CLOSE_GRACE_MS = 1000;

/** "host:port", with brackets around an IPv6 address. */
export function formatHostPort(host: string, port: number): string {
  return isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

function endpointOf(address: string | undefined, port: number | undefined, family: string | undefined): Endpoint | null {
  if (address === undefined || port === undefined) return null;
  return { address, port, family: family === 'IPv6' ? 'IPv6' : 'IPv4' };
}

function timeoutError(where: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`connect ETIMEDOUT ${where}`);
  err.code = 'ETIMEDOUT';
  return err;
}

/** Host name -> addresses, in the order to try them (dns.lookup by default). */
export type Resolver = (host: string) => Promise<{ address: string }[]>;

const systemResolver: Resolver = (host) => lookup(host, { all: true });

class ConnectCancelled extends Error {}

/** The configs of the kinds built on this class (TLS adds its own fields to TCP's). */
export type StreamClientConfig = TcpClientConfig | TlsClientConfig;

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

export class TcpClientSession extends Session {
  /** The socket of the open (or closing) connection. */
  #socket: Socket | null = null;
  #peer: string | null = null;
  #where = '';
  #pending: PendingConnect | null = null;
  #settled: Promise<unknown> = Promise.resolve();
  #closingLocally = false;
  #graceTimer: ReturnType<typeof setTimeout> | null = null;
  #closed: Promise<void> = Promise.resolve();
  #markClosed: () => void = () => {};

  readonly #resolve: Resolver;

  constructor(id: string, hooks: SessionHooks, resolve: Resolver = systemResolver, kind: StreamClientConfig['kind'] = 'tcp-client') {
    super(id, kind, hooks);
    this.#resolve = resolve;
  }

  /** Options of the TCP connection to one resolved address (a TLS client passes them on to tls.connect). */
  protected connectOptions(address: string, config: StreamClientConfig): TcpNetConnectOpts {
    return { host: address, port: config.port };
  }

  /** Opens the connection to one address; a kind on top of TCP (TLS) opens its own socket here. */
  protected openSocket(address: string, config: StreamClientConfig): Socket {
    return netConnect(this.connectOptions(address, config));
  }

  /** The socket event after which bytes can flow ('secureConnect' once a TLS handshake is done). */
  protected get readyEvent(): 'connect' | 'secureConnect' {
    return 'connect';
  }

  /** Called when the socket is ready, before it counts as open; throwing fails this attempt with that error. */
  protected beforeOpen(_socket: Socket, _config: StreamClientConfig): void {}

  async connect(config: SessionConfig): Promise<SessionSnapshot> {
    if (config.kind !== this.kind || (config.kind !== 'tcp-client' && config.kind !== 'tls-client')) {
      throw new CodedError('INVALID_PAYLOAD', `Session ${this.id} is a ${SESSION_KIND_LABELS[this.kind]}; it cannot connect with a ${config.kind} config.`);
    }
    const status = this.status;
    if (status === 'connecting' || status === 'open' || status === 'closing') {
      throw new CodedError('ALREADY_OPEN', `Session ${this.id} is already ${status}; disconnect it first.`);
    }
    this.#where = formatHostPort(config.host, config.port);
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
        throw new CodedError('ECONNABORTED', `The connection to ${this.#where} was cancelled.`);
      }
      const error = toWireError(err, this.#where);
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
      this.#closingLocally = true;
      this.setState({ status: 'closing' });
      const socket = this.#socket;
      socket.end();
      this.#graceTimer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
      await this.#closed;
    } else if (this.status === 'closing') {
      await this.#closed;
    }
    return this.snapshot();
  }

  async send(bytes: Uint8Array, to?: SendTarget): Promise<SendResult> {
    if (to) throw new CodedError('NO_TARGET', 'A TCP client sends to the one server it is connected to; it has no other targets.');
    const socket = this.#socket;
    // Not writable: the peer has ended and our side is ending too; the close is on its way.
    if (!socket || this.status !== 'open' || !socket.writable) {
      throw new CodedError('NOT_CONNECTED', `Session ${this.id} is not connected; connect it before sending.`);
    }
    // Logged when handed to the socket, so the log shows the stream in the order it was written.
    const seq = this.log.append('out', bytes, this.#peer);
    // TCP has nothing to send for 0 bytes; the entry above still records that the user sent it.
    if (bytes.byteLength > 0) socket.write(bytes);
    this.logGrew();
    return { bytes: bytes.byteLength, seq, targets: 1 };
  }

  protected destroySockets(): void {
    this.#pending?.cancel(new ConnectCancelled());
    this.#socket?.destroy();
    if (this.#graceTimer) clearTimeout(this.#graceTimer);
  }

  /** Resolve, then try each address in order; the first that connects is the connection. */
  async #attempt(config: StreamClientConfig, pending: PendingConnect): Promise<void> {
    const found = await Promise.race([this.#resolve(config.host), pending.cancelled]);
    const addresses = found.map((a) => a.address);
    this.setState({ resolved: addresses });
    let lastError: unknown = Object.assign(new Error(`No address for ${config.host}.`), { code: 'ENOTFOUND' });
    for (const address of addresses) {
      const socket = this.openSocket(address, config);
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
  #wire(socket: Socket, config: StreamClientConfig): Promise<void> {
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
        this.#opened(socket);
        resolve();
      });
      socket.on('data', (chunk: Buffer) => {
        if (socket !== this.#socket) return;
        this.log.append('in', chunk, this.#peer);
        this.logGrew();
      });
      socket.on('error', (err) => {
        failure = err;
      });
      socket.on('close', () => {
        if (!connected) reject(failure ?? new Error(`The connection to ${this.#where} closed before it opened.`));
        else if (socket === this.#socket) this.#ended(failure);
      });
    });
  }

  #opened(socket: Socket): void {
    socket.setNoDelay(true);
    const remote = endpointOf(socket.remoteAddress, socket.remotePort, socket.remoteFamily);
    this.#socket = socket;
    this.#peer = remote ? formatHostPort(remote.address, remote.port) : null;
    this.#closingLocally = false;
    this.#closed = new Promise((resolve) => {
      this.#markClosed = resolve;
    });
    this.setState({
      status: 'open',
      local: endpointOf(socket.localAddress, socket.localPort, socket.localFamily),
      remote,
      openedAt: preciseNow(),
    });
  }

  #ended(failure: unknown): void {
    if (this.#graceTimer) clearTimeout(this.#graceTimer);
    this.#graceTimer = null;
    this.#socket = null;
    this.setState({
      status: 'closed',
      closedBy: this.#closingLocally ? 'local' : 'peer',
      error: failure ? toWireError(failure, this.#where) : null,
    });
    this.#markClosed();
  }
}
