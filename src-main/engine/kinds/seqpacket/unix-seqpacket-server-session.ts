// A Unix seqpacket server tab: listen on a path (or a Linux abstract name), accept clients, one
// log entry per message with its client, boundaries kept. Clients are "client #n" (a client's
// own end has no name) and get the server options a stream server gives: welcome, echo,
// auto-reply and maxClients. Clients outlive the listener unless the user asks.
import {
  type CommandOutputs,
  type PeerSelection,
  type SendTarget,
  type SessionConfig,
  type SessionSnapshot,
  type WireError,
} from '../../../shared/contract.js';
import { m } from '../../../shared/i18n/paraglide/messages.js';
import type { NativeMessage, NativeSocket } from '../../../native/native-api.js';
import { errnoCode } from '../../../native/native.js';
import { CodedError } from '../../errors.js';
import { MessageSocket, openUnixSocket } from '../../sockets/message-socket.js';
import { PeerSession } from '../../peers/peer-session.js';
import { NO_REPLIES, encodeReplies, type ServerReplies } from '../../peers/server-replies.js';
import type { SendResult, SessionHooks } from '../../session.js';
import { unixBindError, unixMessageErrorWords } from '../../sockets/unix-message-errors.js';
import { nativeUnixAddress, prepareSocketPath, removeSocketFile, socketFileId } from '../../sockets/unix-path.js';
import { preciseNow } from '../../clock.js';
import { unixEndpoint } from '../../sockets/unix-address.js';

const BACKLOG = 511;

interface Client {
  socket: MessageSocket;
  /** A zero-length read waiting to learn whether it was an empty message or the client closing. */
  heldEmpty: NativeMessage | null;
}

export class UnixSeqpacketServerSession extends PeerSession {
  readonly #clients = new Map<string, Client>();
  #listener: NativeSocket | null = null;
  #path = '';
  #fileId: number | null = null;
  #replies: ServerReplies = NO_REPLIES;
  #clientNumber = 0;

  constructor(id: string, hooks: SessionHooks) {
    super(id, 'unix-seqpacket-server', hooks);
  }

  override async disconnectPeers(selection: PeerSelection): Promise<CommandOutputs['peers.disconnect']> {
    const ids = this.peers.select(selection, { openOnly: false }).filter((id) => this.#clients.has(id));
    for (const id of ids) this.#closeClient(id, 'local', null);
    return { closed: ids.length };
  }

  async connect(config: SessionConfig): Promise<SessionSnapshot> {
    if (config.kind !== 'unix-seqpacket-server') {
      throw new CodedError('INVALID_PAYLOAD', m.e_session_is_a_unix_seqpacket_server({ id: this.id, kind: config.kind }));
    }
    this.refuseWhileStarted('stop listening', 'listening');
    this.resetForConnect(config);
    let listener: NativeSocket | null = null;
    try {
      this.#replies = encodeReplies(config.server);
      await prepareSocketPath(config.path, config.removeStale);
      listener = openUnixSocket('SOCK_SEQPACKET').socket;
      try {
        listener.bind(nativeUnixAddress(config.path));
      } catch (err) {
        throw unixBindError(err, config.path);
      }
      listener.listen(BACKLOG);
      this.#path = config.path;
      this.#fileId = socketFileId(config.path);
      this.#listener = listener;
      const own = listener;
      own.readStart({
        onAcceptable: () => this.#acceptAll(own),
        onError: (err) => this.#listenerFailed(own, err),
      });
      this.setState({
        status: 'open',
        local: unixEndpoint(config.path),
        openedAt: preciseNow(),
        options: { echo: config.server.echo, maxClients: config.server.maxClients },
      });
      return this.snapshot();
    } catch (err) {
      listener?.close();
      this.#listener = null;
      throw this.connectFailed(err, config.path);
    }
  }

  /** Stop listening; with closeClients (the default) also close every client. */
  async disconnect(options: { closeClients?: boolean } = {}): Promise<SessionSnapshot> {
    const listener = this.#listener;
    if (listener && this.status === 'open') {
      this.#stopListening(listener);
      this.setState({ status: 'closed', closedBy: 'local' });
    }
    if (options.closeClients ?? true) for (const id of [...this.#clients.keys()]) this.#closeClient(id, 'local', null);
    return this.snapshot();
  }

  async send(bytes: Uint8Array, to?: SendTarget): Promise<SendResult> {
    const ids = this.clientsToSend(to, this.#clients);
    let first = -1;
    const sent: Promise<void>[] = [];
    for (const id of ids) {
      const { seq, done } = this.#write(id, bytes);
      if (first < 0) first = seq;
      sent.push(done);
    }
    this.logGrew();
    await Promise.all(sent);
    return { bytes: bytes.byteLength, seq: first, targets: ids.length };
  }

  protected override pauseReading(): void {
    for (const client of this.#clients.values()) client.socket.pause();
  }

  protected override resumeReading(): void {
    for (const client of this.#clients.values()) client.socket.resume();
  }

  protected override optionFd(peerId?: string): number | null {
    if (peerId === undefined) return this.#listener?.fd ?? null;
    this.peers.mustHave(peerId);
    return this.#clients.get(peerId)?.socket.fd ?? null;
  }

  protected destroySockets(): void {
    if (this.#listener) this.#stopListening(this.#listener);
    for (const client of this.#clients.values()) client.socket.close();
    this.#clients.clear();
  }

  #stopListening(listener: NativeSocket): void {
    this.#listener = null;
    listener.close();
    removeSocketFile(this.#path, this.#fileId);
    this.#fileId = null;
  }

  #listenerFailed(listener: NativeSocket, err: unknown): void {
    if (listener !== this.#listener) return;
    this.#stopListening(listener);
    this.setState({ status: 'failed', error: unixMessageErrorWords(err, this.#path, this.kind) });
  }

  #acceptAll(listener: NativeSocket): void {
    for (;;) {
      if (listener !== this.#listener) return;
      let accepted: ReturnType<NativeSocket['accept']>;
      try {
        accepted = listener.accept();
      } catch (err) {
        // A client that gave up before it was accepted, or no descriptors left: the listener carries on.
        if (errnoCode(err) === 'ECONNABORTED') continue;
        this.setState({ error: unixMessageErrorWords(err, this.#path, this.kind) });
        return;
      }
      if (!accepted) return;
      this.#add(accepted.socket);
    }
  }

  #add(native: NativeSocket): void {
    const { maxClients } = this.#replies;
    if (maxClients > 0 && this.peers.counts().open >= maxClients) {
      native.close();
      this.peers.reject();
      this.logGrew();
      return;
    }
    this.#clientNumber += 1;
    const id = this.peers.add(`client #${this.#clientNumber}`, null);
    const socket = new MessageSocket(native);
    const client: Client = { socket, heldEmpty: null };
    this.#clients.set(id, client);
    socket.read(
      {
        onMessage: (message) => this.#received(id, client, message),
        onEnd: () => this.#closeClient(id, 'peer', null),
        onError: (err) => this.#closeClient(id, 'peer', unixMessageErrorWords(err, this.peers.label(id), this.kind)),
      },
      this.readingPaused,
    );
    if (this.#replies.welcome) void this.#write(id, this.#replies.welcome).done.catch(() => {});
    this.logGrew();
  }

  #received(id: string, client: Client, message: NativeMessage): void {
    if (this.#clients.get(id) !== client) return;
    this.#flushHeldEmpty(id, client);
    if (message.data.byteLength === 0) {
      // If this read was the client closing, onEnd follows within the same wakeup, before setImmediate.
      client.heldEmpty = message;
      setImmediate(() => {
        if (this.#clients.get(id) === client) this.#flushHeldEmpty(id, client);
      });
      return;
    }
    this.#handle(id, message);
  }

  #flushHeldEmpty(id: string, client: Client): void {
    const held = client.heldEmpty;
    if (!held) return;
    client.heldEmpty = null;
    this.#handle(id, held);
  }

  /** Logs one message from a client (its reply rule's answer is queued), then echoes it if asked. */
  #handle(id: string, message: NativeMessage): void {
    this.reception.logMessage(message.data, this.peers.logPeer(id));
    this.peers.recordIn(id, message.data.byteLength);
    if (message.truncated) {
      this.setState({ notice: `A message from ${this.peers.label(id)} was longer than the receive buffer and was cut to ${message.data.byteLength} bytes.` });
    }
    // Echo now; a reply rule's answer follows (queued as a microtask), so the echo comes first.
    if (this.#replies.echo) void this.#write(id, message.data).done.catch(() => {});
    this.logGrew();
  }

  /** Logs and sends one message to one client; `done` settles when the socket took it. */
  #write(id: string, bytes: Uint8Array): { seq: number; done: Promise<void> } {
    const seq = this.log.append('out', bytes, this.peers.logPeer(id));
    this.peers.recordOut(id, bytes.byteLength);
    const client = this.#clients.get(id);
    if (!client) return { seq, done: Promise.reject(new CodedError('NOT_CONNECTED', m.e_client_has_closed({ value: this.peers.label(id) }))) };
    const done = client.socket.send(bytes).then(
      () => {},
      (err: unknown) => {
        const label = this.peers.label(id);
        const error = unixMessageErrorWords(err, label, this.kind, bytes.byteLength);
        const code = errnoCode(err);
        if (code === 'EPIPE' || code === 'ECONNRESET' || code === 'ENOTCONN') this.#closeClient(id, 'peer', error);
        throw new CodedError(error.code, error.message);
      },
    );
    return { seq, done };
  }

  #closeClient(id: string, by: 'local' | 'peer', error: WireError | null): void {
    const client = this.#clients.get(id);
    if (!client) return;
    this.#clients.delete(id);
    client.heldEmpty = null;
    client.socket.close();
    this.peers.close(id, by, error);
    this.logGrew();
  }
}
