// An in-memory WirebenchApi for renderer tests: records every call, keeps sessions and a
// (possibly huge, generated on demand) log per session, and lets a test push events.
import * as v from 'valibot';
import {
  SessionConfig,
  type CommandInput,
  type CommandName,
  type CommandOutput,
  type EventName,
  type EventPayloads,
  type LogEntry,
  type PeerInfo,
  type Result,
  type SessionConfigInput,
  type SessionSnapshot,
  type WirebenchApi,
  type WireError,
} from '../../src-main/api/contract.js';
import { idleSnapshot } from '../helpers/snapshots.js';

export { idleSnapshot };

export interface RecordedCall {
  name: CommandName;
  input: unknown;
}

/** A log whose entries are made on request, so a million of them cost nothing. */
export interface FakeLog {
  count: number;
  entry: (seq: number) => LogEntry;
}

type Handler<K extends CommandName> = (input: CommandInput<K>) => Result<CommandOutput<K>> | Promise<Result<CommandOutput<K>>>;

const encoder = new TextEncoder();

export function bytesOf(text: string): Uint8Array {
  return encoder.encode(text);
}

/** An entry at a fixed time; `bytes` is the whole chunk. */
export function makeEntry(seq: number, dir: 'in' | 'out', bytes: Uint8Array, ts = Date.UTC(2024, 0, 1, 12, 0, 0, 0) + seq): LogEntry {
  return { seq, ts, dir, size: bytes.length, bytes, peer: '127.0.0.1:7', peerId: null };
}

/** A log of fixed entries. */
export function logOf(entries: LogEntry[]): FakeLog {
  return {
    get count() {
      return entries.length;
    },
    entry: (seq) => entries[seq]!,
  };
}

/** An open session for a config as a caller writes it (defaults are filled in, as main does). */
export function openSnapshot(id: string, input: SessionConfigInput, overrides: Partial<SessionSnapshot> = {}): SessionSnapshot {
  const config = v.parse(SessionConfig, input);
  const remote = 'host' in config && 'port' in config ? { address: config.host, port: config.port, family: 'IPv4' as const } : null;
  return idleSnapshot(id, {
    kind: config.kind,
    status: 'open',
    config,
    resolved: ['127.0.0.1'],
    local: { address: '127.0.0.1', port: 5123, family: 'IPv4' },
    remote,
    openedAt: Date.UTC(2024, 0, 1, 12, 0, 0),
    ...overrides,
  });
}

export class FakeBridge implements WirebenchApi {
  readonly calls: RecordedCall[] = [];
  readonly sessions = new Map<string, SessionSnapshot>();
  readonly logs = new Map<string, FakeLog>();
  /** Peer tables of peer kinds (servers, UDP), mutable by tests. */
  readonly peers = new Map<string, PeerInfo[]>();
  peersVersion = 0;
  #nextId = 1;
  #listeners: { [E in EventName]: Set<(payload: EventPayloads[E]) => void> } = {
    'session.state': new Set(),
    'log.grew': new Set(),
    'session.closed': new Set(),
  };

  /** Replace to script a connect (default: opens at once and announces it). */
  onConnect: Handler<'session.connect'> = ({ id, config }) => {
    const snapshot = openSnapshot(id, config);
    this.setSnapshot(snapshot);
    return { ok: true, value: snapshot };
  };

  /** Replace to script a send (default: accepted, the text's length in bytes). */
  onSend: Handler<'session.send'> = ({ payload }) => ({ ok: true, value: { bytes: bytesOf(payload.text).length, seq: 0, targets: 1 } });

  // --- what a test reads -----------------------------------------------------------------------

  callsOf<K extends CommandName>(name: K): CommandInput<K>[] {
    return this.calls.filter((c) => c.name === name).map((c) => c.input as CommandInput<K>);
  }

  listenerCount(event: EventName): number {
    return this.#listeners[event].size;
  }

  // --- what a test drives ----------------------------------------------------------------------

  /** Adds a session main "already holds" (as after a renderer reload). */
  addSession(snapshot: SessionSnapshot, log?: FakeLog): void {
    this.sessions.set(snapshot.id, snapshot);
    if (log) this.logs.set(snapshot.id, log);
    this.#nextId = Math.max(this.#nextId, Number(snapshot.id.slice(1)) + 1);
  }

  /** Stores a snapshot and announces it, as main does on every state change. */
  setSnapshot(snapshot: SessionSnapshot): void {
    this.sessions.set(snapshot.id, snapshot);
    this.emit('session.state', snapshot);
  }

  setLog(id: string, log: FakeLog): void {
    this.logs.set(id, log);
  }

  /** Announces the log's current size, as main's coalesced growth tick does. */
  grow(id: string, stats = { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 }): void {
    const logCount = this.logs.get(id)?.count ?? 0;
    const peers = this.peers.get(id);
    const counts = peers ? countPeers(peers) : null;
    this.emit('log.grew', { id, logCount, stats, peers: counts, peersVersion: this.peersVersion });
  }

  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    for (const listener of [...this.#listeners[event]]) listener(payload);
  }

  // --- WirebenchApi ----------------------------------------------------------------------------

  async sessionCreate(input: CommandInput<'session.create'>): Promise<Result<SessionSnapshot>> {
    this.#record('session.create', input);
    const snapshot = idleSnapshot(`s${this.#nextId++}`, { kind: input.kind });
    this.sessions.set(snapshot.id, snapshot);
    return { ok: true, value: snapshot };
  }

  async sessionList(input: CommandInput<'session.list'>): Promise<Result<SessionSnapshot[]>> {
    this.#record('session.list', input);
    return { ok: true, value: [...this.sessions.values()].map((s) => this.#withLogCount(s)) };
  }

  async sessionConnect(input: CommandInput<'session.connect'>): Promise<Result<SessionSnapshot>> {
    this.#record('session.connect', input);
    return this.#known(input.id) ?? this.onConnect(input);
  }

  async sessionDisconnect(input: CommandInput<'session.disconnect'>): Promise<Result<SessionSnapshot>> {
    this.#record('session.disconnect', input);
    const current = this.sessions.get(input.id);
    if (!current) return noSuchSession(input.id);
    const snapshot: SessionSnapshot = { ...current, status: 'closed', closedBy: 'local' };
    this.setSnapshot(snapshot);
    return { ok: true, value: snapshot };
  }

  async sessionClose(input: CommandInput<'session.close'>): Promise<Result<null>> {
    this.#record('session.close', input);
    if (!this.sessions.delete(input.id)) return noSuchSession(input.id);
    this.logs.delete(input.id);
    return { ok: true, value: null };
  }

  async sessionSend(input: CommandInput<'session.send'>): Promise<Result<CommandOutput<'session.send'>>> {
    this.#record('session.send', input);
    return this.#known(input.id) ?? this.onSend(input);
  }

  async logRead(input: CommandInput<'log.read'>): Promise<Result<{ entries: LogEntry[]; total: number }>> {
    this.#record('log.read', input);
    const log = this.logs.get(input.id) ?? logOf([]);
    const end = Math.min(input.from + input.count, log.count);
    const entries: LogEntry[] = [];
    for (let seq = input.from; seq < end; seq++) {
      const entry = log.entry(seq);
      const bytes = input.maxBytes === undefined ? entry.bytes : entry.bytes.subarray(0, input.maxBytes);
      entries.push({ ...entry, bytes });
    }
    return { ok: true, value: { entries, total: log.count } };
  }

  async logBytes(input: CommandInput<'log.bytes'>): Promise<Result<{ bytes: Uint8Array; size: number }>> {
    this.#record('log.bytes', input);
    const log = this.logs.get(input.id);
    if (!log || input.seq >= log.count) return { ok: false, error: { code: 'NO_SUCH_ENTRY', message: `Entry ${input.seq} is not in the log.` } };
    const entry = log.entry(input.seq);
    return { ok: true, value: { bytes: entry.bytes.slice(input.offset, input.offset + input.length), size: entry.size } };
  }

  async peersRead(input: CommandInput<'peers.read'>): Promise<Result<CommandOutput<'peers.read'>>> {
    this.#record('peers.read', input);
    const peers = this.peers.get(input.id) ?? [];
    return { ok: true, value: { peers: peers.slice(input.from, input.from + input.count), counts: countPeers(peers) } };
  }

  async peersDisconnect(input: CommandInput<'peers.disconnect'>): Promise<Result<CommandOutput<'peers.disconnect'>>> {
    this.#record('peers.disconnect', input);
    const peers = this.peers.get(input.id) ?? [];
    const chosen = input.peers.type === 'all' ? null : new Set(input.peers.peerIds);
    let closed = 0;
    for (const peer of peers) {
      if (peer.status === 'open' && (chosen === null || chosen.has(peer.id))) {
        peer.status = 'closed';
        peer.closedBy = 'local';
        closed++;
      }
    }
    this.peersVersion++;
    return { ok: true, value: { closed } };
  }

  async peersClear(input: CommandInput<'peers.clear'>): Promise<Result<CommandOutput<'peers.clear'>>> {
    this.#record('peers.clear', input);
    const peers = this.peers.get(input.id) ?? [];
    const kept = peers.filter((p) => p.status === 'open');
    this.peers.set(input.id, kept);
    this.peersVersion++;
    return { ok: true, value: { removed: peers.length - kept.length } };
  }

  async udpMembership(input: CommandInput<'udp.membership'>): Promise<Result<SessionSnapshot>> {
    this.#record('udp.membership', input);
    const current = this.sessions.get(input.id);
    if (!current) return noSuchSession(input.id);
    const name = input.interface ? `${input.group}@${input.interface}` : input.group;
    const memberships =
      input.action === 'join' ? [...current.memberships, name] : current.memberships.filter((m) => m !== name);
    const snapshot: SessionSnapshot = { ...current, memberships };
    this.setSnapshot(snapshot);
    return { ok: true, value: snapshot };
  }

  onSessionState(listener: (payload: EventPayloads['session.state']) => void): () => void {
    return this.#subscribe('session.state', listener);
  }

  onLogGrew(listener: (payload: EventPayloads['log.grew']) => void): () => void {
    return this.#subscribe('log.grew', listener);
  }

  onSessionClosed(listener: (payload: EventPayloads['session.closed']) => void): () => void {
    return this.#subscribe('session.closed', listener);
  }

  // --- internals -------------------------------------------------------------------------------

  #record(name: CommandName, input: unknown): void {
    this.calls.push({ name, input });
  }

  #known(id: string): { ok: false; error: WireError } | null {
    return this.sessions.has(id) ? null : noSuchSession(id);
  }

  #withLogCount(s: SessionSnapshot): SessionSnapshot {
    const log = this.logs.get(s.id);
    return log ? { ...s, logCount: log.count } : s;
  }

  #subscribe<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
    const set = this.#listeners[event];
    set.add(listener);
    return () => set.delete(listener);
  }
}

function countPeers(peers: PeerInfo[]): { total: number; open: number; rejected: number } {
  return { total: peers.length, open: peers.filter((p) => p.status === 'open').length, rejected: 0 };
}

function noSuchSession(id: string): { ok: false; error: WireError } {
  return { ok: false, error: { code: 'NO_SUCH_SESSION', message: `There is no session ${id}.` } };
}
