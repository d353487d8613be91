// A Unix datagram server tab: a datagram socket bound to a path (or a Linux abstract name), one
// log entry per datagram, empty ones too. Every sender is a peer, listed by its path; a sender
// that never bound its socket has no path, shows as "unnamed sender" and cannot be replied to.
import {
  type SendTarget,
  type SessionConfig,
  type SessionSnapshot,
} from '../../../shared/contract.js';
import { m } from '../../../shared/i18n/paraglide/messages.js';
import type { NativeAddress, NativeMessage } from '../../../native/native-api.js';
import { errnoCode } from '../../../native/native.js';
import { CodedError } from '../../errors.js';
import { MessageSocket, openUnixSocket } from '../../sockets/message-socket.js';
import { SenderSession, type SenderDestination } from '../../peers/peer-session.js';
import type { SendResult, SessionHooks } from '../../session.js';
import { socketBufferSizes } from '../../sockets/socket-options.js';
import { unixBindError, unixMessageErrorWords } from '../../sockets/unix-message-errors.js';
import { nativeUnixAddress, prepareSocketPath, removeSocketFile, socketFileId } from '../../sockets/unix-path.js';
import { preciseNow } from '../../clock.js';
import { unixEndpoint } from '../../sockets/unix-address.js';

/** The peer-table key of unnamed senders (a path is never empty, so it cannot clash). */
const UNNAMED = '';
export const UNNAMED_SENDER = 'unnamed sender';

interface Destination extends SenderDestination {
  address: NativeAddress;
}

export class UnixDgramServerSession extends SenderSession {
  #socket: MessageSocket | null = null;
  #path = '';
  #fileId: number | null = null;

  constructor(id: string, hooks: SessionHooks) {
    super(id, 'unix-dgram-server', hooks);
  }

  async connect(config: SessionConfig): Promise<SessionSnapshot> {
    if (config.kind !== 'unix-dgram-server') {
      throw new CodedError('INVALID_PAYLOAD', m.e_session_is_a_unix_datagram_server({ id: this.id, kind: config.kind }));
    }
    this.refuseWhileStarted('stop it', 'bound');
    this.resetForConnect(config);
    let socket: MessageSocket | null = null;
    try {
      await prepareSocketPath(config.path, config.removeStale);
      socket = new MessageSocket(openUnixSocket('SOCK_DGRAM').socket);
      try {
        socket.socket.bind(nativeUnixAddress(config.path));
      } catch (err) {
        throw unixBindError(err, config.path);
      }
      this.#path = config.path;
      this.#fileId = socketFileId(config.path);
      this.#socket = socket;
      const own = socket;
      own.read(
        {
          onMessage: (message) => this.#received(own, message),
          onError: (err) => this.#failed(own, err),
        },
        this.readingPaused,
      );
      this.setState({
        status: 'open',
        local: unixEndpoint(config.path),
        openedAt: preciseNow(),
        options: socketBufferSizes(own.fd),
      });
      return this.snapshot();
    } catch (err) {
      socket?.close();
      this.#socket = null;
      throw this.connectFailed(err, config.path);
    }
  }

  async disconnect(): Promise<SessionSnapshot> {
    const socket = this.#socket;
    if (socket && this.status === 'open') {
      this.#stop(socket);
      this.setState({ status: 'closed', closedBy: 'local' });
    }
    return this.snapshot();
  }

  async send(bytes: Uint8Array, to?: SendTarget): Promise<SendResult> {
    const socket = this.#socket;
    if (!socket || this.status !== 'open') {
      throw new CodedError('NOT_CONNECTED', m.e_session_is_not_bound_start_it({ id: this.id }));
    }
    const destinations = this.#destinations(to);
    return this.sendToEach(bytes, destinations, (destination) =>
      socket.send(bytes, destination.address).then(
        () => {},
        (err: unknown) => {
          throw this.#sendError(err, bytes.byteLength, destination);
        },
      ),
    );
  }

  protected override pauseReading(): void {
    this.#socket?.pause();
  }

  protected override resumeReading(): void {
    this.#socket?.resume();
  }

  /** Senders share the one socket, so a peerId names the same descriptor. */
  protected override optionFd(): number | null {
    return this.#socket?.fd ?? null;
  }

  protected destroySockets(): void {
    if (this.#socket) this.#stop(this.#socket);
  }

  #stop(socket: MessageSocket): void {
    this.#socket = null;
    socket.close();
    removeSocketFile(this.#path, this.#fileId);
    this.#fileId = null;
    this.closeAllSenders();
  }

  #failed(socket: MessageSocket, err: unknown): void {
    if (socket !== this.#socket) return;
    this.#stop(socket);
    this.setState({ status: 'failed', error: unixMessageErrorWords(err, this.#path, this.kind) });
  }

  #received(socket: MessageSocket, message: NativeMessage): void {
    if (socket !== this.#socket) return;
    const path = message.from && message.from.family === 'unix' ? message.from.path : '';
    const id = path ? this.peers.touch(path, unixEndpoint(path)) : this.peers.touch(UNNAMED, null, UNNAMED_SENDER);
    this.peers.recordIn(id, message.data.byteLength);
    this.reception.logMessage(message.data, this.peers.logPeer(id));
    if (message.truncated) {
      this.setState({ notice: `A datagram from ${this.peers.label(id)} was longer than the receive buffer and was cut to ${message.data.byteLength} bytes.` });
    }
    this.logGrew();
  }

  #destinations(to: SendTarget | undefined): Destination[] {
    if (!to) throw new CodedError('NO_TARGET', m.e_choose_senders_to_reply_to_send());
    if (to.type === 'address') throw new CodedError('NO_TARGET', m.e_a_unix_datagram_socket_sends_to());
    if (to.type === 'path') {
      return [{ address: nativeUnixAddress(to.path), peerId: this.peers.byKey(to.path) ?? null, label: to.path }];
    }
    const ids = this.peers.select(to, { openOnly: true });
    const named = ids.filter((id) => this.peers.get(id)?.remote);
    if (to.type === 'peers' && named.length < ids.length) {
      throw new CodedError(
        'NO_TARGET',
        m.e_an_unnamed_sender_did_not_bind(),
      );
    }
    if (named.length === 0) {
      throw new CodedError(
        'NOT_CONNECTED',
        ids.length > 0
          ? 'Only unnamed senders have sent to this socket, and they cannot be replied to; nothing was sent.'
          : 'No one has sent to this socket yet, so there is no one to send to.',
      );
    }
    return named.map((id) => {
      const path = this.peers.get(id)!.remote!.address;
      return { address: nativeUnixAddress(path), peerId: id, label: path };
    });
  }

  #sendError(err: unknown, size: number, destination: Destination): CodedError {
    const code = errnoCode(err);
    // The sender's socket has gone: it is no longer there to send to.
    if (destination.peerId && (code === 'ECONNREFUSED' || code === 'ENOENT')) {
      const error = unixMessageErrorWords(err, destination.label, this.kind, size);
      this.peers.close(destination.peerId, 'peer', error);
      this.logGrew();
    }
    const error = unixMessageErrorWords(err, destination.label, this.kind, size);
    return new CodedError(error.code, error.message);
  }
}
