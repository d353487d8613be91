// An in-memory WirebenchApi for renderer tests: records every call, checks each payload against
// the contract as main's router does, keeps sessions and a (possibly huge, generated on demand)
// log per session, and lets a test push events.
import { resolveLocale } from '../../src-main/shared/i18n/locale.js';
import * as v from 'valibot';
import {
  commands,
  EMPTY_LIBRARY,
  type Library,
  EMPTY_WORKSPACE,
  type Workspace,
  type CommandInput,
  type CommandName,
  type CommandOutput,
  type EventName,
  type EventPayloads,
  type LogEntry,
  type PeerInfo,
  type PingRow,
  type RepeatState,
  type Result,
  type SessionSnapshot,
  type SocketOptionValue,
  type WirebenchApi,
  type WireError,
} from '../../src-main/shared/contract.js';
import { createApiClient } from '../../src-main/shared/rpc/client.js';
import { parseLibraryImport } from '../../src-main/shared/codec/library-import.js';
import { idleSnapshot } from '../helpers/snapshots.js';
import { allCapabilities, bytesOf, emptyPingSummary, logOf, openSnapshot, optionKey, reading, type FakeLog, type FakePing } from './fake-data.js';

export * from './fake-data.js';

export { idleSnapshot };

export interface RecordedCall {
  name: CommandName;
  input: unknown;
}

type Handler<K extends CommandName> = (input: CommandInput<K>) => Result<CommandOutput<K>> | Promise<Result<CommandOutput<K>>>;
type FakeHandlers = { [K in CommandName]?: Handler<K> };

// The API's named functions are made from the contract (createApiClient) in the constructor;
// this interface tells TypeScript they are there.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface FakeBridge extends WirebenchApi {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class FakeBridge {
  readonly calls: RecordedCall[] = [];
  readonly sessions = new Map<string, SessionSnapshot>();
  readonly logs = new Map<string, FakeLog>();
  /** Peer tables of peer kinds (servers, UDP), mutable by tests. */
  readonly peers = new Map<string, PeerInfo[]>();
  /** Ping sessions' rows and totals, mutable by tests. */
  readonly pings = new Map<string, FakePing>();
  /** Socket option values set per session (by option name, or "level/option"). */
  readonly options = new Map<string, Map<string, SocketOptionValue>>();
  peersVersion = 0;
  /** Files sent, by transfer id: the bytes main got so far. */
  readonly files = new Map<string, { name: string; size: number; bytes: number[] }>();
  /** Awaited before each file.chunk answers (a test holds a send in progress with it). */
  beforeFileChunk: (() => Promise<void>) | null = null;
  /** Repeats started per session, as main would hold them. */
  readonly repeats = new Map<string, RepeatState>();
  /** What library.load answers (and library.save replaces). */
  library: Library = EMPTY_LIBRARY;
  /** What workspace.load answers (and workspace.save replaces). */
  workspace: Workspace = EMPTY_WORKSPACE;
  workspaceNotice: string | null = null;
  #nextId = 1;
  #listeners: { [E in EventName]: Set<(payload: EventPayloads[E]) => void> } = {
    'session.state': new Set(),
    'log.grew': new Set(),
    'session.closed': new Set(),
    'search.progress': new Set(),
    'sequence.progress': new Set(),
    'app.action': new Set(),
  };

  /** Replace to script a connect (default: opens at once and announces it). */
  onConnect: Handler<'session.connect'> = ({ id, config }) => {
    const snapshot = openSnapshot(id, config);
    this.setSnapshot(snapshot);
    return { ok: true, value: snapshot };
  };

  /** Replace to script a send (default: accepted, the text's length in bytes). */
  onSend: Handler<'session.send'> = ({ payload }) => ({ ok: true, value: { bytes: bytesOf(payload.text).length, seq: 0, targets: 1 } });

  /** Replace to script what this machine can do (default: every kind works). */
  /** The OS's languages, as the desktop app reports them; null: web mode (the browser's count). */
  osLanguages: string[] | null = null;
  onCapabilities: Handler<'system.capabilities'> = () => ({ ok: true, value: allCapabilities() });

  /** Replace to script ping.read (default: rows of this.pings, or none). */
  onPingRead: Handler<'ping.read'> = ({ id, from, count }) => {
    const ping = this.pings.get(id);
    if (!ping) return { ok: true, value: { rows: [], total: 0, summary: emptyPingSummary() } };
    const rows: PingRow[] = [];
    for (let i = from; i < Math.min(from + count, ping.count); i++) rows.push(ping.row(i));
    return { ok: true, value: { rows, total: ping.count, summary: ping.summary } };
  };

  /** Replace to script a raw send (default: accepted, the text's length in bytes). */
  onRawSend: Handler<'raw.send'> = ({ payload }) => ({ ok: true, value: { bytes: bytesOf(payload.text).length, seq: 0, targets: 1 } });

  /** Replace to script log.save (default: saved, with the log's entry count and 100 bytes each). */
  onLogSave: Handler<'log.save'> = ({ id, path }) => {
    const entries = this.logs.get(id)?.count ?? 0;
    return { ok: true, value: { path, entries, bytes: entries * 100 } };
  };

  /** Replace to script sockopt.get (default: the value last set, else int 0). */
  onSockoptGet: Handler<'sockopt.get'> = ({ id, option }) => {
    const key = optionKey(option);
    return { ok: true, value: reading(option, this.options.get(id)?.get(key) ?? { type: 'int', value: 0 }) };
  };

  /** Replace to script sockopt.set (default: stored and read back as set). */
  onSockoptSet: Handler<'sockopt.set'> = ({ id, option, value }) => {
    const values = this.options.get(id) ?? new Map<string, SocketOptionValue>();
    values.set(optionKey(option), value);
    this.options.set(id, values);
    return { ok: true, value: reading(option, value) };
  };

  constructor() {
    // Own, writable properties, so a test may still replace one function (bridge.sessionCreate = ...).
    Object.assign(
      this,
      createApiClient({
        call: (name, input) => this.#call(name, input),
        listen: (name, listener) => this.#subscribe(name, listener as (payload: EventPayloads[typeof name]) => void),
      }),
    );
  }

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
    const ping = this.pings.get(id)?.summary ?? null;
    this.emit('log.grew', { id, logCount, logFirst: this.sessions.get(id)?.logFirst ?? 0, stats, peers: counts, peersVersion: this.peersVersion, ping, repeat: null });
  }

  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    for (const listener of [...this.#listeners[event]]) listener(payload);
  }

  // --- the commands ------------------------------------------------------------------------------

  /**
   * What each command does here; a test may replace one. A command with no handler answers
   * UNSUPPORTED_KIND, so a command added to the contract needs nothing in this file.
   */
  readonly handlers: FakeHandlers = {
    'session.create': async (input) => {
      const snapshot = idleSnapshot(`s${this.#nextId++}`, { kind: input.kind });
      this.sessions.set(snapshot.id, snapshot);
      return { ok: true, value: snapshot };
    },
    'session.list': async () => {
      return { ok: true, value: [...this.sessions.values()].map((s) => this.#withLogCount(s)) };
    },
    'session.connect': async (input) => {
      return this.#known(input.id) ?? this.onConnect(input);
    },
    'session.disconnect': async (input) => {
      const current = this.sessions.get(input.id);
      if (!current) return noSuchSession(input.id);
      const snapshot: SessionSnapshot = { ...current, status: 'closed', closedBy: 'local' };
      this.setSnapshot(snapshot);
      return { ok: true, value: snapshot };
    },
    'session.close': async (input) => {
      if (!this.sessions.delete(input.id)) return noSuchSession(input.id);
      this.logs.delete(input.id);
      return { ok: true, value: null };
    },
    'session.send': async (input) => {
      return this.#known(input.id) ?? this.onSend(input);
    },
    'log.read': async (input) => {
      const log = this.logs.get(input.id) ?? logOf([]);
      const end = Math.min(input.from + input.count, log.count);
      const entries: LogEntry[] = [];
      for (let seq = input.from; seq < end; seq++) {
        const entry = log.entry(seq);
        const bytes = input.maxBytes === undefined ? entry.bytes : entry.bytes.subarray(0, input.maxBytes);
        entries.push({ ...entry, bytes });
      }
      return { ok: true, value: { entries, total: log.count } };
    },
    'log.clear': async (input) => {
      const current = this.sessions.get(input.id);
      if (!current) return noSuchSession(input.id);
      const cleared = this.logs.get(input.id)?.count ?? current.logCount;
      const firstSeq = current.logFirst + cleared;
      this.logs.set(input.id, logOf([]));
      this.setSnapshot({ ...current, logCount: 0, logFirst: firstSeq });
      return { ok: true, value: { cleared, firstSeq } };
    },
    'log.bytes': async (input) => {
      const log = this.logs.get(input.id);
      if (!log || input.seq >= log.count) return { ok: false, error: { code: 'NO_SUCH_ENTRY', message: `Entry ${input.seq} is not in the log.` } };
      const entry = log.entry(input.seq);
      return { ok: true, value: { bytes: entry.bytes.slice(input.offset, input.offset + input.length), size: entry.size } };
    },
    'log.save': async (input) => {
      return this.#known(input.id) ?? this.onLogSave(input);
    },
    'peers.read': async (input) => {
      const table = this.peers.get(input.id);
      const peers = table ?? [];
      // Without a table, the counts the session's snapshot holds (as main's table and counts agree).
      const counts = table ? countPeers(table) : (this.sessions.get(input.id)?.peers ?? countPeers([]));
      return { ok: true, value: { peers: peers.slice(input.from, input.from + input.count), counts } };
    },
    'peers.disconnect': async (input) => {
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
    },
    'peers.clear': async (input) => {
      const peers = this.peers.get(input.id) ?? [];
      const kept = peers.filter((p) => p.status === 'open');
      this.peers.set(input.id, kept);
      this.peersVersion++;
      return { ok: true, value: { removed: peers.length - kept.length } };
    },
    'udp.membership': async (input) => {
      const current = this.sessions.get(input.id);
      if (!current) return noSuchSession(input.id);
      const name = input.interface ? `${input.group}@${input.interface}` : input.group;
      const memberships =
        input.action === 'join' ? [...current.memberships, name] : current.memberships.filter((m) => m !== name);
      const snapshot: SessionSnapshot = { ...current, memberships };
      this.setSnapshot(snapshot);
      return { ok: true, value: snapshot };
    },
    'system.capabilities': async (input) => {
      return this.onCapabilities(input);
    },
    'app.setLanguage': async ({ language, preferred }) => {
      // As main: "System" is the OS's language where there is one (the desktop), else the browser's.
      return { ok: true, value: { locale: resolveLocale(language, this.osLanguages ?? preferred) } };
    },
    'system.configureLog': async (input) => {
      if (input.spillDir === '/nowhere') return { ok: false, error: { code: 'ENOENT', message: 'The spill folder /nowhere does not exist: create it, or choose another.' } };
      return { ok: true, value: { logMemoryMib: input.logMemoryMib ?? 64, spillDir: input.spillDir ?? '/tmp/wirebench-spill' } };
    },
    'ping.read': async (input) => {
      return this.#known(input.id) ?? this.onPingRead(input);
    },
    'raw.send': async (input) => {
      return this.#known(input.id) ?? this.onRawSend(input);
    },
    'sockopt.get': async (input) => {
      return this.#known(input.id) ?? this.onSockoptGet(input);
    },
    'sockopt.set': async (input) => {
      return this.#known(input.id) ?? this.onSockoptSet(input);
    },
    'session.repeat': async (input) => {
      const known = this.#known(input.id);
      if (known) return known;
      const state: RepeatState = { running: true, sent: 0, times: input.times, intervalMs: input.intervalMs, ended: null, error: null };
      this.repeats.set(input.id, state);
      return { ok: true, value: state };
    },
    'session.stopRepeat': async (input) => {
      const current = this.repeats.get(input.id);
      const state: RepeatState | null = current ? { ...current, running: false, ended: current.running ? 'stopped' : current.ended } : null;
      if (state) this.repeats.set(input.id, state);
      return { ok: true, value: state };
    },
    'file.start': async (input) => {
      const known = this.#known(input.id);
      if (known) return known;
      const transferId = `f${this.files.size + 1}`;
      this.files.set(transferId, { name: input.name, size: input.size, bytes: [] });
      return { ok: true, value: { transferId } };
    },
    'file.chunk': async (input) => {
      const file = this.files.get(input.transferId);
      if (!file) return { ok: false, error: { code: 'NO_SUCH_TRANSFER', message: `There is no file being sent as ${input.transferId}.` } };
      await this.beforeFileChunk?.();
      for (const c of atob(input.base64)) file.bytes.push(c.charCodeAt(0));
      return { ok: true, value: { sent: file.bytes.length, done: file.bytes.length === file.size } };
    },
    'file.cancel': async (input) => ({ ok: true, value: { sent: this.files.get(input.transferId)?.bytes.length ?? 0 } }),
    'library.load': async () => ({ ok: true, value: { library: this.library, path: '/home/me/.config/wirebench/library.json', notice: null, warning: null } }),
    'library.save': async (input) => {
      this.library = input.library as Library;
      return { ok: true, value: { saved: true, warning: null } };
    },
    'library.export': async (input) => ({ ok: true, value: { path: input.path, messages: this.library.messages.length, profiles: this.library.profiles.length } }),
    'library.parseImport': async (input) => parseLibraryImport(input.text),
    'workspace.load': async () => ({ ok: true, value: { workspace: this.workspace, path: '/home/me/.config/wirebench/workspace.json', notice: this.workspaceNotice, warning: null } }),
    'workspace.save': async (input) => {
      this.workspace = input.workspace as Workspace;
      return { ok: true, value: { saved: true, warning: null } };
    },
  };

  // --- internals -------------------------------------------------------------------------------

  #call(name: CommandName, input: unknown): Promise<Result<unknown>> {
    this.calls.push({ name, input });
    // As main's router does: a payload the contract refuses never reaches a handler.
    const parsed = v.safeParse(commands[name].input, input);
    if (!parsed.success) {
      return Promise.resolve({ ok: false, error: { code: 'INVALID_PAYLOAD', message: `${name}: ${parsed.issues.map((i) => `${v.getDotPath(i) ?? ''}: ${i.message}`).join('; ')}` } });
    }
    const handler = this.handlers[name] as ((input: unknown) => Promise<Result<unknown>>) | undefined;
    if (!handler) return Promise.resolve({ ok: false, error: { code: 'UNSUPPORTED_KIND', message: `The fake bridge does not do ${name}.` } });
    return handler(input);
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
