// A client on a native Unix message socket (datagram or seqpacket): connect to a path, then one
// log entry per message each way, boundaries kept. The kinds differ in how they open and name
// their own end, and in what ends the connection.
import {
  KINDS,
  type Endpoint,
  type SendTarget,
  type SessionConfig,
  type SessionKind,
  type SessionSnapshot,
  type UnixDgramClientConfig,
  type UnixSeqpacketClientConfig,
  type WireError,
} from '../../shared/contract.js';
import { m } from '../../shared/i18n/paraglide/messages.js';
import type { NativeAddress, NativeMessage, NativeSocket } from '../../native/native-api.js';
import { errnoCode } from '../../native/native.js';
import { CodedError } from '../errors.js';
import { MessageSocket } from '../sockets/message-socket.js';
import { Session, type SendResult, type SessionHooks } from '../session.js';
import { socketBufferSizes } from '../sockets/socket-options.js';
import { nativeUnixAddress, removeSocketFile } from '../sockets/unix-path.js';
import { unixMessageErrorWords } from '../sockets/unix-message-errors.js';
import { preciseNow } from '../clock.js';
import { unixEndpoint } from '../sockets/unix-address.js';

export type UnixMessageClientConfig = UnixDgramClientConfig | UnixSeqpacketClientConfig;

/** The socket a kind opened and connected, and its own end. */
export interface OpenedClient {
  socket: NativeSocket;
  /** The socket file this side bound (removed on close), with its identity. */
  ownFile: { path: string; id: number | null } | null;
  notice: string | null;
}

export abstract class UnixMessageClientSession<C extends UnixMessageClientConfig> extends Session {
  #socket: MessageSocket | null = null;
  #ownFile: OpenedClient['ownFile'] = null;
  #path = '';
  /** A zero-length read waiting to learn whether it was an empty message or the end (seqpacket). */
  #heldEmpty: NativeMessage | null = null;

  constructor(id: string, kind: SessionKind, hooks: SessionHooks) {
    super(id, kind, hooks);
  }

  /** Opens the socket, binds this side as the kind does, and connects it to `server`. */
  protected abstract open(config: C, server: NativeAddress): Promise<OpenedClient>;

  /** Seqpacket: a zero-length read may be the peer closing, told apart by what follows. */
  protected get emptyMayBeEnd(): boolean {
    return false;
  }

  async connect(config: SessionConfig): Promise<SessionSnapshot> {
    if (config.kind !== this.kind) {
      throw new CodedError('INVALID_PAYLOAD', m.e_session_is_a_it_cannot_connect({ id: this.id, value: KINDS[this.kind].label, kind: config.kind }));
    }
    const own = config as C;
    this.refuseWhileStarted('disconnect it');
    this.resetForConnect(config);
    this.#path = own.path;
    try {
      const opened = await this.open(own, nativeUnixAddress(own.path));
      const socket = new MessageSocket(opened.socket);
      this.#socket = socket;
      this.#ownFile = opened.ownFile;
      this.#heldEmpty = null;
      socket.read(
        {
          onMessage: (message) => this.#received(socket, message),
          onEnd: () => this.#ended(socket, 'peer', null),
          onError: (err) => this.#ended(socket, 'peer', err),
        },
        this.readingPaused,
      );
      this.setState({
        status: 'open',
        local: unixEndpointOf(opened.socket.localAddress()),
        remote: unixEndpoint(own.path),
        openedAt: preciseNow(),
        options: socketBufferSizes(opened.socket.fd),
        notice: opened.notice,
      });
      return this.snapshot();
    } catch (err) {
      const error = err instanceof CodedError ? { code: err.code, message: err.message } : unixMessageErrorWords(err, own.path, this.kind);
      this.setState({ status: 'failed', error });
      throw new CodedError(error.code, error.message);
    }
  }

  async disconnect(): Promise<SessionSnapshot> {
    const socket = this.#socket;
    if (socket && this.status === 'open') this.#ended(socket, 'local', null);
    return this.snapshot();
  }

  async send(bytes: Uint8Array, to?: SendTarget): Promise<SendResult> {
    if (to) {
      throw new CodedError('NO_TARGET', m.e_a_sends_to_the_one_server({ value: KINDS[this.kind].label }));
    }
    const socket = this.#socket;
    if (!socket || this.status !== 'open') {
      throw new CodedError('NOT_CONNECTED', m.e_session_is_not_connected_connect_it({ id: this.id }));
    }
    const seq = this.log.append('out', bytes, this.#path);
    this.logGrew();
    try {
      await socket.send(bytes);
    } catch (err) {
      const error = unixMessageErrorWords(err, this.#path, this.kind, bytes.byteLength);
      // The server is gone (its socket closed): this connection is over.
      const code = errnoCode(err);
      if (code === 'ECONNREFUSED' || code === 'EPIPE' || code === 'ECONNRESET' || code === 'ENOTCONN') {
        this.#ended(socket, 'peer', err);
      }
      throw new CodedError(error.code, error.message);
    }
    return { bytes: bytes.byteLength, seq, targets: 1 };
  }

  protected override pauseReading(): void {
    this.#socket?.pause();
  }

  protected override resumeReading(): void {
    this.#socket?.resume();
  }

  protected override optionFd(): number | null {
    return this.#socket?.fd ?? null;
  }

  protected destroySockets(): void {
    this.#socket?.close();
    this.#socket = null;
    this.#removeOwnFile();
  }

  #received(socket: MessageSocket, message: NativeMessage): void {
    if (socket !== this.#socket) return;
    this.#flushHeldEmpty();
    if (message.data.byteLength === 0 && this.emptyMayBeEnd) {
      // If this read was the peer closing, onEnd follows within the same wakeup, before setImmediate.
      this.#heldEmpty = message;
      setImmediate(() => {
        if (socket === this.#socket) this.#flushHeldEmpty();
      });
      return;
    }
    this.#log(message);
  }

  #flushHeldEmpty(): void {
    const held = this.#heldEmpty;
    if (!held) return;
    this.#heldEmpty = null;
    this.#log(held);
  }

  #log(message: NativeMessage): void {
    this.reception.logMessage(message.data, this.#path);
    if (message.truncated) {
      this.setState({ notice: `A message from ${this.#path} was longer than the receive buffer and was cut to ${message.data.byteLength} bytes.` });
    }
    this.logGrew();
  }

  #ended(socket: MessageSocket, by: 'local' | 'peer', failure: unknown): void {
    if (socket !== this.#socket) return;
    this.#heldEmpty = null;
    this.#socket = null;
    socket.close();
    this.#removeOwnFile();
    const error: WireError | null = failure ? unixMessageErrorWords(failure, this.#path, this.kind) : null;
    this.setState({ status: 'closed', closedBy: by, error });
  }

  #removeOwnFile(): void {
    if (this.#ownFile) removeSocketFile(this.#ownFile.path, this.#ownFile.id);
    this.#ownFile = null;
  }
}

/** A native address as an endpoint: a path or name, or null for an unnamed socket. */
export function unixEndpointOf(address: NativeAddress | null): Endpoint | null {
  return address && address.family === 'unix' && address.path ? unixEndpoint(address.path) : null;
}
