// A listening stream session (TCP, Unix, TLS): one listener, many clients, each client a peer
// in a PeerTable with its own log entries. Clients outlive the listener unless the user asks.
//
// Subclassing: implement listenOptions() and where(); override createServer() to make another
// kind of server (TLS: tls.createServer, passing `onConnection` as its 'secureConnection'
// listener, so a client counts from the moment bytes can flow), prepare() for work before
// listening (load certificates, remove a stale socket file), peerOpened() for each client as
// it is added (TLS: record its certificate), peerIdentity() for labels, and snapshotOptions().
import { m } from '../../../shared/i18n/paraglide/messages.js';
import { createServer as netCreateServer, type ListenOptions, type Server, type Socket } from 'node:net';
import {
  KINDS,
  type CommandOutputs,
  type Endpoint,
  type PeerSelection,
  type SendTarget,
  type SessionConfig,
  type SessionSnapshot,
  type ConnectionOptions,
  type TcpServerConfig,
  type TlsServerConfig,
  type UnixServerConfig,
  type WireError,
} from '../../../shared/contract.js';
import { unmappedIpv4 } from '../../../shared/codec/ip-address.js';
import { CodedError, toWireError } from '../../errors.js';
import type { Inlet } from '../../receive/reception.js';
import { PeerSession } from '../../peers/peer-session.js';
import { NO_REPLIES, encodeReplies, type ServerReplies } from '../../peers/server-replies.js';
import type { SendResult } from '../../session.js';
import { applyIpTtl, optionFdOf } from '../../sockets/socket-options.js';
import { formatHostPort } from '../../../shared/codec/host-port.js';
import { preciseNow } from '../../clock.js';
import { bindError } from '../../sockets/bind-error.js';
import { drained } from '../../sockets/drained.js';

export type StreamServerConfig = TcpServerConfig | UnixServerConfig | TlsServerConfig;

/** How long a local close of a client waits for its FIN before dropping the connection. */
const CLOSE_GRACE_MS = 1000;
/**
 * Connections the kernel may hold for accept (it caps this at net.core.somaxconn). Node's 511
 * overflows when thousands of clients connect at once: the rest retry their SYN a second later.
 */
export const LISTEN_BACKLOG = 4096;

/** One accepted client. */
interface Connection {
  socket: Socket;
  closingLocally: boolean;
  /** Why it ended, if it did with an error (an OS error, or our idle timeout). */
  failure: unknown;
  graceTimer: ReturnType<typeof setTimeout> | null;
  closed: Promise<void>;
  /** This client's framer: each client is framed on its own. */
  inlet: Inlet;
  /** Bytes written in this turn (the first `pendingBytes` of it), going out together at its end (see #write). */
  pending: Buffer | null;
  pendingBytes: number;
}

export abstract class StreamServerSession<C extends StreamServerConfig = StreamServerConfig> extends PeerSession {
  #server: Server | null = null;
  #connections = new Map<string, Connection>();
  #replies: ServerReplies = NO_REPLIES;
  #connectionOptions: ConnectionOptions | null = null;
  /** Why the listener's TTL could not be set (null: set, or none asked). */
  #ttlProblem: string | null = null;

  /** Where to listen (host/port/ipv6Only, or path). */
  protected abstract listenOptions(config: C): ListenOptions;
  /** The listen address in words, for errors ("[::]:8080", "/tmp/x.sock"). */
  protected abstract where(config: C): string;

  /** Work before listening; throw a CodedError to fail the listen. */
  protected async prepare(_config: C): Promise<void> {}

  /** The listener; call `onConnection` once per client when bytes can flow. */
  protected createServer(_config: C, onConnection: (socket: Socket) => void): Server {
    return netCreateServer(onConnection);
  }

  /** Called once a client is in the table, before its welcome message. */
  protected peerOpened(_socket: Socket, _peerId: string): void {}

  /** The label and remote endpoint of a new client. */
  protected peerIdentity(socket: Socket): { label: string; remote: Endpoint | null } {
    const { remoteAddress, remotePort, remoteFamily } = socket;
    if (remoteAddress === undefined || remotePort === undefined) return { label: 'client', remote: null };
    // On a dual-stack listener an IPv4 client shows as ::ffff:a.b.c.d; the user knows it as a.b.c.d.
    const address = unmappedIpv4(remoteAddress);
    const family = address !== remoteAddress ? 'IPv4' : remoteFamily === 'IPv6' ? 'IPv6' : 'IPv4';
    return { label: formatHostPort(address, remotePort), remote: { address, port: remotePort, family } };
  }

  /** The listener's own address once listening. */
  protected localEndpoint(server: Server): Endpoint | null {
    const address = server.address();
    if (address === null || typeof address === 'string') return null;
    return { address: address.address, port: address.port, family: address.family === 'IPv6' ? 'IPv6' : 'IPv4' };
  }

  /** Socket options applied to each client (null: none apply, as for Unix sockets). */
  protected connectionOptionsOf(config: C): ConnectionOptions | null {
    return 'options' in config ? config.options : null;
  }

  /** The option values in force, for the snapshot. */
  protected snapshotOptions(config: C): Record<string, string | number | boolean> | null {
    const options = this.connectionOptionsOf(config);
    if (!options) return null;
    const inForce: Record<string, string | number | boolean> = {
      noDelay: options.noDelay,
      keepAlive: options.keepAlive,
      // libuv sets SO_REUSEADDR on every TCP listener on Unix-like systems; Node offers no way off.
      reuseAddress: process.platform === 'win32' ? false : true,
      ipv6Only: 'ipv6Only' in config ? config.ipv6Only : false,
      idleTimeoutMs: options.idleTimeoutMs,
    };
    if (options.keepAlive) inForce.keepAliveDelayMs = options.keepAliveDelayMs;
    const notApplied: string[] = [];
    if (options.ttl !== undefined) {
      if (this.#ttlProblem === null) inForce.ttl = options.ttl;
      else notApplied.push(`ttl ${options.ttl} (${this.#ttlProblem})`);
    }
    if (!config.server.reuseAddress && inForce.reuseAddress) notApplied.push('reuseAddress off (Node always sets SO_REUSEADDR)');
    if (notApplied.length > 0) inForce.notApplied = notApplied.join('; ');
    return inForce;
  }

  override async disconnectPeers(selection: PeerSelection): Promise<CommandOutputs['peers.disconnect']> {
    const ids = this.peers.select(selection, { openOnly: false }).filter((id) => this.#connections.has(id));
    await Promise.all(ids.map((id) => this.#closeLocally(id)));
    return { closed: ids.length };
  }

  async connect(config: SessionConfig): Promise<SessionSnapshot> {
    if (config.kind !== this.kind) {
      throw new CodedError('INVALID_PAYLOAD', m.e_session_is_a_it_cannot_listen({ id: this.id, value: KINDS[this.kind].label, kind: config.kind }));
    }
    const own = config as C;
    this.refuseWhileStarted('stop listening', 'listening');
    const where = this.where(own);
    this.resetForConnect(config);
    try {
      this.#replies = encodeReplies(own.server);
      this.#connectionOptions = this.connectionOptionsOf(own);
      await this.prepare(own);
      const server = this.createServer(own, (socket) => this.#accept(socket));
      await listen(server, { backlog: LISTEN_BACKLOG, ...this.listenOptions(own) }, where);
      this.#server = server;
      const ttl = this.#connectionOptions?.ttl;
      this.#ttlProblem = ttl === undefined ? null : applyIpTtl(server, this.localEndpoint(server)?.family, ttl);
      // An error after listening (rare: the handle failed) ends the listener, not the clients.
      // Out of descriptors is not one: libuv accepts and closes the client it has no room for.
      server.on('error', (err) => this.#stopped(server, err));
      this.setState({
        status: 'open',
        local: this.localEndpoint(server),
        openedAt: preciseNow(),
        options: this.snapshotOptions(own),
      });
      return this.snapshot();
    } catch (err) {
      throw this.connectFailed(err, where);
    }
  }

  /** Stop listening; with closeClients (the default) also close every client. */
  async disconnect(options: { closeClients?: boolean } = {}): Promise<SessionSnapshot> {
    const closeClients = options.closeClients ?? true;
    const server = this.#server;
    if (server && this.status === 'open') {
      this.setState({ status: 'closing' });
      // close() frees the address at once; its callback would wait for every client to go.
      server.close();
      this.#server = null;
      this.afterStop();
      this.setState({ status: 'closed', closedBy: 'local' });
    }
    if (closeClients) await Promise.all([...this.#connections.keys()].map((id) => this.#closeLocally(id)));
    return this.snapshot();
  }

  /** After the listener closed (by us or by an error): a Unix server removes its socket file. */
  protected afterStop(): void {}

  /** Every client's socket has room again (a file sent to clients waits for the slowest). */
  override async whenWritable(): Promise<void> {
    await Promise.all([...this.#connections.values()].map((c) => drained(c.socket)));
  }

  /**
   * A reply rule's answers to one client (answer k of [from, to) is mem[ends[k - 1] or start,
   * ends[k])), done before it returns: logged as one run and queued as one write. A flood is
   * answered this way; the rules announce the log's growth, once for many answers.
   */
  replyRun(peerId: string | null, mem: Uint8Array, start: number, ends: readonly number[], from: number, to: number, mark: number): void {
    const connection = peerId === null ? undefined : this.#connections.get(peerId);
    if (peerId === null || !connection) throw new CodedError('NOT_CONNECTED', m.e_client_has_closed_the_reply_was({ value: peerId === null ? '' : this.peers.label(peerId) }));
    const bytes = mem.subarray(start, ends[to - 1]);
    if (this.log.appendRun(mem, start, ends, from, to, this.peers.logPeer(peerId), mark)) {
      this.peers.recordOut(peerId, bytes.byteLength, to - from);
      this.#queue(connection, bytes);
      return;
    }
    const outer = this.log.setMarking(mark);
    for (let k = from; k < to; k++) this.#write(peerId, mem.slice(k === from ? start : ends[k - 1], ends[k]));
    this.log.setMarking(outer);
  }

  async send(bytes: Uint8Array, to?: SendTarget): Promise<SendResult> {
    const ids = this.clientsToSend(to, this.#connections);
    let first = -1;
    for (const id of ids) {
      const seq = this.#write(id, bytes);
      if (first < 0) first = seq;
    }
    this.logGrew();
    return { bytes: bytes.byteLength, seq: first, targets: ids.length };
  }

  protected override pauseReading(): void {
    for (const connection of this.#connections.values()) connection.socket.pause();
  }

  protected override resumeReading(): void {
    for (const connection of this.#connections.values()) connection.socket.resume();
  }

  /** The listener, or with peerId that client's connection. */
  protected override optionFd(peerId?: string): number | null {
    if (peerId === undefined) return optionFdOf(this.#server, KINDS[this.kind].label);
    this.peers.mustHave(peerId);
    return optionFdOf(this.#connections.get(peerId)?.socket, KINDS[this.kind].label);
  }

  protected destroySockets(): void {
    if (this.#server) {
      this.#server.close();
      this.#server = null;
      this.afterStop();
    }
    for (const connection of this.#connections.values()) {
      if (connection.graceTimer) clearTimeout(connection.graceTimer);
      connection.socket.destroy();
    }
  }

  /** The one place a client socket gets its listeners; 'close' is its single end. */
  #accept(socket: Socket): void {
    const { maxClients } = this.#replies;
    if (maxClients > 0 && this.peers.counts().open >= maxClients) {
      socket.on('error', () => {});
      socket.destroy();
      this.peers.reject();
      this.logGrew();
      return;
    }
    const { label, remote } = this.peerIdentity(socket);
    const id = this.peers.add(label, remote);
    let markClosed: () => void = () => {};
    const connection: Connection = {
      socket,
      closingLocally: false,
      failure: null,
      graceTimer: null,
      closed: new Promise((resolve) => {
        markClosed = resolve;
      }),
      inlet: this.reception.inlet(),
      pending: null,
      pendingBytes: 0,
    };
    this.#connections.set(id, connection);
    if (this.readingPaused) socket.pause();
    this.#applyOptions(id, connection);
    socket.on('error', (err) => {
      connection.failure ??= err;
    });
    socket.on('data', (chunk: Buffer) => {
      // A client's message count is its frames (with framing), not the reads they came in.
      const entries = connection.inlet.receive(chunk, this.peers.logPeer(id));
      this.peers.recordIn(id, chunk.byteLength, entries);
      // Echo now; a reply rule's answer follows (it is queued when the frame is logged).
      if (this.#replies.echo && socket.writable) this.#write(id, chunk);
      this.logGrew();
    });
    socket.on('close', () => {
      const tail = connection.inlet.end(this.peers.logPeer(id));
      if (tail > 0) this.peers.recordIn(id, 0, tail);
      if (connection.graceTimer) clearTimeout(connection.graceTimer);
      this.#connections.delete(id);
      const error: WireError | null = connection.failure ? toWireError(connection.failure, label) : null;
      this.peers.close(id, connection.closingLocally ? 'local' : 'peer', error);
      this.logGrew();
      markClosed();
    });
    this.peerOpened(socket, id);
    if (this.#replies.welcome) this.#write(id, this.#replies.welcome);
    this.logGrew();
  }

  #applyOptions(id: string, connection: Connection): void {
    const options = this.#connectionOptions;
    if (!options) return;
    const { socket } = connection;
    socket.setNoDelay(options.noDelay);
    if (options.keepAlive) socket.setKeepAlive(true, options.keepAliveDelayMs);
    if (options.ttl !== undefined && this.#ttlProblem === null) applyIpTtl(socket, socket.remoteFamily, options.ttl);
    if (options.idleTimeoutMs > 0) {
      socket.setTimeout(options.idleTimeoutMs, () => {
        connection.failure = new CodedError('ETIMEDOUT', m.e_client_was_idle_for_ms_and({ value: this.peers.label(id), idleTimeoutMs: options.idleTimeoutMs }));
        void this.#closeLocally(id);
      });
    }
  }

  /** Logs and writes one chunk to one client; returns its seq. */
  #write(id: string, bytes: Uint8Array): number {
    const seq = this.log.append('out', bytes, this.peers.logPeer(id));
    this.peers.recordOut(id, bytes.byteLength);
    // TCP has nothing to send for 0 bytes; the entry above still records that the user sent it.
    const connection = this.#connections.get(id);
    if (bytes.byteLength > 0 && connection) this.#queue(connection, bytes);
    return seq;
  }

  /** Bytes for a client's socket, copied: they go out with the others of this turn. */
  #queue(connection: Connection, bytes: Uint8Array): void {
    // Writes made in the same turn (a rule answering each of thousands of frames in one read)
    // go out together, in order, in one write: a system call each would cost more than the rest.
    const n = bytes.byteLength;
    let pending = connection.pending;
    if (!pending) {
      pending = connection.pending = Buffer.allocUnsafe(Math.max(n, 1024));
      connection.pendingBytes = 0;
      setImmediate(() => this.#flush(connection));
    } else if (connection.pendingBytes + n > pending.length) {
      const grown = Buffer.allocUnsafe(Math.max(2 * pending.length, connection.pendingBytes + n));
      grown.set(pending.subarray(0, connection.pendingBytes));
      pending = connection.pending = grown;
    }
    pending.set(bytes, connection.pendingBytes);
    connection.pendingBytes += n;
  }

  /** Writes what this turn gathered for the client (before it is ended, too). */
  #flush(connection: Connection): void {
    const pending = connection.pending;
    if (!pending) return;
    connection.pending = null;
    if (connection.socket.writable) connection.socket.write(pending.subarray(0, connection.pendingBytes));
  }

  /** Half-close, then drop the connection if the client does not close its side in time. */
  #closeLocally(id: string): Promise<void> {
    const connection = this.#connections.get(id);
    if (!connection) return Promise.resolve();
    if (!connection.closingLocally) {
      connection.closingLocally = true;
      this.#flush(connection);
      connection.socket.end();
      connection.graceTimer = setTimeout(() => connection.socket.destroy(), CLOSE_GRACE_MS);
    }
    return connection.closed;
  }

  #stopped(server: Server, err: unknown): void {
    if (this.#server !== server) return;
    server.close();
    this.#server = null;
    this.afterStop();
    this.setState({ status: 'failed', error: toWireError(err) });
  }
}

/** Resolves once listening; rejects with the bind error in words (never tries another port). */
function listen(server: Server, options: ListenOptions, where: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => {
      server.off('listening', onListening);
      server.close();
      reject(bindError(err, where));
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(options);
  });
}
