// A deliberately small EngineApi for the conformance suite: a real TCP socket per session but
// none of the real engine's machinery (no coalescing, no spill file), so a transport failure
// here cannot be an engine bug. Log bytes are kept as Node Buffers on purpose: the transports
// must turn them into Uint8Array on the other side.
import { connect, type Socket } from 'node:net';
import { SESSION_KINDS, type Capabilities, type CommandOutputs, type LogEntry, type SessionConfig, type SessionConfigInput, type SessionKind, type SessionSnapshot, type SessionStatus } from '../../../src-main/shared/contract.js';
import type { EngineApi, EngineEvent } from '../../../src-main/engine/engine-api.js';
import { CodedError } from '../../../src-main/engine/errors.js';
import { idleSnapshot } from '../../helpers/snapshots.js';

interface FakeSession {
  id: string;
  status: SessionStatus;
  config: SessionConfig | null;
  socket: Socket | null;
  entries: LogEntry[];
  stats: SessionSnapshot['stats'];
}

export class FakeEngine implements EngineApi {
  readonly #sessions = new Map<string, FakeSession>();
  readonly #listeners = new Set<(event: EngineEvent) => void>();
  #nextId = 1;

  create(kind: SessionKind): SessionSnapshot {
    if (kind !== 'tcp-client') throw new CodedError('UNSUPPORTED_KIND', `${String(kind)} sessions are not supported.`);
    const session: FakeSession = {
      id: `s${this.#nextId++}`,
      status: 'idle',
      config: null,
      socket: null,
      entries: [],
      stats: { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 },
    };
    this.#sessions.set(session.id, session);
    return this.#changed(session);
  }

  list(): SessionSnapshot[] {
    return [...this.#sessions.values()].map((s) => this.#snapshot(s));
  }

  async connect(id: string, input: SessionConfigInput): Promise<SessionSnapshot> {
    const session = this.#get(id);
    if (input.kind !== 'tcp-client') throw new CodedError('UNSUPPORTED_KIND', `${input.kind} sessions are not supported.`);
    const config: SessionConfig = { timeoutMs: 10_000, options: {}, ...input } as SessionConfig;
    session.config = config;
    session.status = 'connecting';
    this.#changed(session);
    const socket = connect({ host: input.host, port: input.port });
    session.socket = socket;
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    }).catch((err: unknown) => {
      session.status = 'failed';
      this.#changed(session);
      throw err;
    });
    socket.on('data', (chunk: Buffer) => {
      this.#log(session, 'in', chunk);
      session.stats.bytesIn += chunk.byteLength;
      session.stats.messagesIn += 1;
      this.#grew(session);
    });
    socket.on('error', () => {});
    session.status = 'open';
    return this.#changed(session);
  }

  async disconnect(id: string): Promise<SessionSnapshot> {
    const session = this.#get(id);
    session.socket?.destroy();
    session.socket = null;
    session.status = 'closed';
    return this.#changed(session);
  }

  async close(id: string): Promise<void> {
    const session = this.#get(id);
    session.socket?.destroy();
    this.#sessions.delete(id);
    this.#emit({ name: 'session.closed', payload: { id } });
  }

  async send(id: string, bytes: Uint8Array): Promise<CommandOutputs['session.send']> {
    const session = this.#get(id);
    if (session.status !== 'open' || !session.socket) throw new CodedError('NOT_CONNECTED', `Session ${id} is not connected.`);
    session.socket.write(bytes);
    const seq = this.#log(session, 'out', Buffer.from(bytes));
    session.stats.bytesOut += bytes.byteLength;
    session.stats.messagesOut += 1;
    this.#grew(session);
    return { bytes: bytes.byteLength, seq, targets: 1 };
  }

  async read(id: string, from: number, count: number, maxBytes?: number): Promise<CommandOutputs['log.read']> {
    const session = this.#get(id);
    const entries = session.entries
      .slice(from, from + count)
      .map((e) => ({ ...e, bytes: maxBytes === undefined ? e.bytes : e.bytes.subarray(0, maxBytes) }));
    return { entries, total: session.entries.length };
  }

  async readBytes(id: string, seq: number, offset: number, length: number): Promise<CommandOutputs['log.bytes']> {
    const entry = this.#get(id).entries[seq];
    if (!entry) throw new CodedError('NO_SUCH_ENTRY', `There is no log entry #${seq}.`);
    return { bytes: entry.bytes.subarray(offset, offset + length), size: entry.size };
  }

  async saveLog(): Promise<CommandOutputs['log.save']> {
    throw new CodedError('UNSUPPORTED_KIND', 'The fake engine does not save logs.');
  }

  async readPeers(): Promise<CommandOutputs['peers.read']> {
    throw new CodedError('UNSUPPORTED_KIND', 'A TCP client has no client list.');
  }

  async disconnectPeers(): Promise<CommandOutputs['peers.disconnect']> {
    throw new CodedError('UNSUPPORTED_KIND', 'A TCP client has no client list.');
  }

  async clearPeers(): Promise<CommandOutputs['peers.clear']> {
    throw new CodedError('UNSUPPORTED_KIND', 'A TCP client has no client list.');
  }

  async membership(): Promise<SessionSnapshot> {
    throw new CodedError('UNSUPPORTED_KIND', 'Multicast groups are for UDP sessions.');
  }

  async capabilities(): Promise<Capabilities> {
    const kinds = Object.fromEntries(
      SESSION_KINDS.map((k) => [k, { available: k === 'tcp-client', reason: k === 'tcp-client' ? null : 'Not in the fake engine.', note: null }]),
    ) as Capabilities['kinds'];
    return { platform: process.platform, native: { loaded: false, reason: 'Not in the fake engine.' }, kinds, socketOptions: [] };
  }

  async readPing(): Promise<CommandOutputs['ping.read']> {
    throw new CodedError('UNSUPPORTED_KIND', 'Ping replies are for Ping sessions.');
  }

  async rawSend(): Promise<CommandOutputs['raw.send']> {
    throw new CodedError('UNSUPPORTED_KIND', 'IP headers are sent by Raw IP sessions.');
  }

  async getOption(): Promise<CommandOutputs['sockopt.get']> {
    throw new CodedError('NATIVE_UNAVAILABLE', 'The fake engine has no socket options.');
  }

  async setOption(): Promise<CommandOutputs['sockopt.set']> {
    throw new CodedError('NATIVE_UNAVAILABLE', 'The fake engine has no socket options.');
  }

  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async dispose(): Promise<void> {
    for (const id of [...this.#sessions.keys()]) await this.close(id);
  }

  #get(id: string): FakeSession {
    const session = this.#sessions.get(id);
    if (!session) throw new CodedError('NO_SUCH_SESSION', `There is no session ${id}.`);
    return session;
  }

  #log(session: FakeSession, dir: 'in' | 'out', bytes: Buffer): number {
    const seq = session.entries.length;
    session.entries.push({ seq, ts: Date.now(), dir, size: bytes.byteLength, bytes, peer: null, peerId: null });
    return seq;
  }

  #snapshot(s: FakeSession): SessionSnapshot {
    return idleSnapshot(s.id, {
      status: s.status,
      config: s.config,
      stats: { ...s.stats },
      logCount: s.entries.length,
    });
  }

  #changed(session: FakeSession): SessionSnapshot {
    const snapshot = this.#snapshot(session);
    this.#emit({ name: 'session.state', payload: snapshot });
    return snapshot;
  }

  #grew(session: FakeSession): void {
    this.#emit({ name: 'log.grew', payload: { id: session.id, logCount: session.entries.length, stats: { ...session.stats }, peers: null, peersVersion: 0, ping: null } });
  }

  #emit(event: EngineEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}
