// Holds every session (tab), turns their changes into events, and answers every command of the
// contract: `handlers` is the one place a command meets the engine (a mapped type over the
// contract, so a command without a handler is a compile error). Tests and tools may also drive
// the engine directly: create/connect/close here, and a session's own methods via session(id).
import { m } from '../shared/i18n/paraglide/messages.js';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import {
  GROWTH_TICK_MS,
  kindLabel,
  SessionConfig,
  type EngineHandlers,
  type CommandOutput,
  type EngineEvent,
  type SessionConfigInput,
  type SessionKind,
  type SessionSnapshot,
} from '../shared/contract.js';
import { systemCapabilities } from './capabilities.js';
import { CodedError } from './errors.js';
import { SESSION_FACTORIES, type SessionFactory } from './kinds/index.js';
import { GrowthTicker } from './log/growth-ticker.js';
import { LogSaves, type LogSaveOptions } from './log/log-save.js';
import { LogSearches } from './log/log-search.js';
import { payloadMaker, sessionVariables, type VariableSource } from './payload-bytes.js';
import { FileSends } from './send/file-sends.js';
import { SequenceRun } from './sequences/sequence-run.js';
import type { Session, SessionHooks } from './session.js';
import { captureContextOf } from './log/capture-export.js';

export type { SessionFactory };

/** Entry bytes a session keeps in memory before older ones go to its spill file. */
export const DEFAULT_LOG_MEMORY_BYTES = 64 * 1024 * 1024;

export interface EngineOptions {
  /** Replaces the built-in kinds (tests script a kind, or leave one out). */
  factories?: Partial<Record<SessionKind, SessionFactory>>;
  growthTickMs?: number;
  /** Folder for the sessions' spill files (the app passes one under its data folder). */
  spillDir?: string;
  /** Per session; tests use a small one so spilling happens early. */
  logMemoryBytes?: number;
  /** Sessions open at once (each may hold its log memory budget); past it, LIMIT_REACHED. */
  maxSessions?: number;
}

/** The default of EngineOptions.maxSessions: far more tabs than a person works with. */
export const MAX_SESSIONS = 128;

interface Entry {
  session: Session;
  ticker: GrowthTicker;
}

export class Engine {
  readonly #factories: Partial<Record<string, SessionFactory>>;
  readonly #growthTickMs: number;
  #spill: { dir: string; budgetBytes: number };
  /** What the options said, before Settings changed anything. */
  readonly #defaultSpill: { dir: string; budgetBytes: number };
  readonly #sessions = new Map<string, Entry>();
  readonly #listeners = new Set<(event: EngineEvent) => void>();
  readonly #saves = new LogSaves();
  readonly #files = new FileSends((id) => this.session(id));
  readonly #searches = new LogSearches((payload) => this.#emit({ name: 'search.progress', payload }));
  readonly #runs = new Map<string, SequenceRun>();
  #nextRun = 1;
  #nextId = 1;

  /** Every command of the contract but the store's, given its parsed payload. Throws CodedError on failure. */
  readonly handlers: EngineHandlers = {
    'session.create': ({ kind }) => this.create(kind),
    'session.list': () => this.list(),
    'session.connect': ({ id, config }) => this.connect(id, config),
    'session.disconnect': ({ id, closeClients }) => this.session(id).disconnect({ closeClients }),
    'session.close': async ({ id }) => {
      await this.close(id);
      return null;
    },
    // The payload is checked before the session is looked up: a bad one is refused as such.
    'session.send': async ({ id, payload, to }) => {
      const make = await payloadMaker(payload, () => this.#variables(id));
      return this.session(id).send(make(), to);
    },
    // With variables each send of the repeat expands them again ({{counter}} counts on).
    'session.repeat': async ({ id, payload, to, intervalMs, times }) =>
      this.session(id).startRepeat(await payloadMaker(payload, () => this.#variables(id)), to, intervalMs, times),
    'session.stopRepeat': ({ id }) => this.session(id).stopRepeat(),
    'file.start': ({ id, name, size, to, datagramSize, everyMs }) => this.#files.start(id, { name, size, to, datagramSize, everyMs }),
    'file.chunk': ({ transferId, offset, base64 }) => this.#files.chunk(transferId, offset, base64),
    'file.cancel': ({ transferId }) => this.#files.cancel(transferId),
    'log.read': ({ id, from, count, maxBytes, ...filter }) => this.session(id).log.read(from, count, maxBytes, filter),
    'log.clear': async ({ id }) => {
      const session = this.session(id);
      // A save reads the log being cleared: it stops first, and says why.
      await this.#saves.cancel(id, new CodedError('CANCELLED', m.e_the_log_was_cleared_while_it()));
      this.#searches.cancel(id);
      return session.clearLog();
    },
    'session.receive': ({ id, framing, verify }) => this.session(id).setReceive({ framing, verify }),
    'sequence.run': ({ id, steps, encoding }) => {
      const session = this.session(id);
      this.#runs.get(id)?.stop();
      const run = new SequenceRun(`q${this.#nextRun++}`, session, steps, encoding, (payload) => this.#emit({ name: 'sequence.progress', payload }));
      this.#runs.set(id, run);
      void run.run().finally(() => {
        if (this.#runs.get(id) === run) this.#runs.delete(id);
      });
      return { runId: run.runId };
    },
    'sequence.stop': ({ id, runId }) => {
      const run = this.#runs.get(id);
      if (run?.runId === runId) run.stop();
      return null;
    },
    'session.rules': ({ id, rules, encoding }) => {
      const runner = this.session(id).reception.rules;
      runner.set(rules, encoding);
      return { hits: runner.hits };
    },
    'log.search': ({ id, query }) => this.#searches.start(id, this.session(id).log, query),
    'log.searchStep': ({ id, searchId, fromSeq, direction }) => this.#searches.step(id, searchId, fromSeq, direction),
    'log.searchCancel': ({ id, searchId }) => {
      this.#searches.cancel(id, searchId);
      return null;
    },
    'log.bytes': ({ id, seq, offset, length }) => this.session(id).log.readBytes(seq, offset, length),
    'log.save': ({ id, path, format, overwrite, encoding }) => this.saveLog(id, { path, format, overwrite, encoding }),
    'peers.read': ({ id, from, count }) => this.session(id).readPeers(from, count),
    'peers.disconnect': ({ id, peers }) => this.session(id).disconnectPeers(peers),
    'peers.clear': ({ id }) => this.session(id).clearPeers(),
    'udp.membership': ({ id, action, group, interface: iface }) => this.session(id).membership(action, group, iface),
    'system.capabilities': () => systemCapabilities(),
    'system.configureLog': ({ logMemoryMib, spillDir }) => this.configureLog(logMemoryMib ?? null, spillDir ?? null),
    'ping.read': ({ id, from, count }) => this.session(id).readPing(from, count),
    'raw.send': async ({ id, payload, header, host }) => {
      const bytes = (await payloadMaker(payload, () => this.#variables(id)))();
      return this.session(id).rawSend(bytes, header, host);
    },
    'sockopt.get': ({ id, peerId, option }) => this.session(id).getOption(option, peerId),
    'sockopt.set': ({ id, peerId, option, value }) => this.session(id).setOption(option, value, peerId),
  };

  constructor(options: EngineOptions = {}) {
    this.#factories = options.factories ?? SESSION_FACTORIES;
    this.#growthTickMs = options.growthTickMs ?? GROWTH_TICK_MS;
    this.#spill = {
      dir: options.spillDir ?? join(tmpdir(), 'wirebench-spill'),
      budgetBytes: options.logMemoryBytes ?? DEFAULT_LOG_MEMORY_BYTES,
    };
    this.#defaultSpill = this.#spill;
    this.#maxSessions = options.maxSessions ?? MAX_SESSIONS;
  }

  readonly #maxSessions: number;

  /** Settings: the log memory and spill folder of tabs opened from now on (null: the default). */
  async configureLog(logMemoryMib: number | null, spillDir: string | null): Promise<{ logMemoryMib: number; spillDir: string }> {
    const dir = spillDir ?? this.#defaultSpill.dir;
    if (spillDir !== null) await checkFolder(spillDir);
    this.#spill = { dir, budgetBytes: logMemoryMib === null ? this.#defaultSpill.budgetBytes : logMemoryMib * 1024 * 1024 };
    return { logMemoryMib: Math.round(this.#spill.budgetBytes / 1024 / 1024), spillDir: this.#spill.dir };
  }

  create(kind: SessionKind): SessionSnapshot {
    const factory = Object.hasOwn(this.#factories, kind) ? this.#factories[kind] : undefined;
    if (!factory) throw new CodedError('UNSUPPORTED_KIND', m.e_sessions_are_not_supported_yet({ kind: kindLabel(String(kind)) }));
    if (this.#sessions.size >= this.#maxSessions) throw new CodedError('LIMIT_REACHED', m.limit_sessions({ max: this.#maxSessions }));
    const id = `s${this.#nextId++}`;
    const hooks: SessionHooks = {
      stateChanged: (session) => this.#emit({ name: 'session.state', payload: session.snapshot() }),
      logGrew: () => this.#sessions.get(id)?.ticker.notify(),
      spill: this.#spill,
    };
    const session = factory(id, hooks);
    const ticker = new GrowthTicker(this.#growthTickMs, () => {
      this.#emit({
        name: 'log.grew',
        payload: {
          id,
          logCount: session.log.count,
          logFirst: session.log.firstSeq,
          stats: session.log.stats,
          peers: session.peerCounts(),
          peersVersion: session.peersVersion,
          ping: session.pingSummary(),
          repeat: session.repeatState(),
          // Only for a session with rules: the notice stays as small as it was without.
          ...(session.reception.rules.state && { rules: session.reception.rules.state }),
        },
      });
    });
    this.#sessions.set(id, { session, ticker });
    const snapshot = session.snapshot();
    this.#emit({ name: 'session.state', payload: snapshot });
    return snapshot;
  }

  list(): SessionSnapshot[] {
    return [...this.#sessions.values()].map(({ session }) => session.snapshot());
  }

  /**
   * Resolves once open; rejects with the failure (the session's state also says it). The config
   * is parsed again here (defaults filled in), so tests and tools can pass a partial one.
   */
  async connect(id: string, config: SessionConfigInput): Promise<SessionSnapshot> {
    const session = this.session(id);
    const parsed = v.safeParse(SessionConfig, config);
    if (!parsed.success) {
      throw new CodedError('INVALID_PAYLOAD', m.e_invalid_config({ value: parsed.issues.map((i) => i.message).join('; ') }));
    }
    return session.connect(parsed.output);
  }

  async close(id: string): Promise<void> {
    const entry = this.#entry(id);
    this.#sessions.delete(id);
    this.#files.dropSession(id);
    this.#searches.cancel(id);
    this.#runs.get(id)?.stop();
    entry.ticker.dispose();
    entry.session.destroy();
    this.#emit({ name: 'session.closed', payload: { id } });
    // A save reads the spill file: it stops (and removes its temporary file) before that goes.
    await this.#saves.cancel(id);
    // The spill file is gone once close resolves (destroy started removing it).
    await entry.session.log.dispose();
  }

  /**
   * Writes the log's entries as they stand now to `path` (absolute), through a temporary file
   * beside it. Rejects with EEXIST when a file is there and overwrite is not set.
   */
  async saveLog(id: string, options: LogSaveOptions): Promise<CommandOutput<'log.save'>> {
    const session = this.session(id);
    return this.#saves.save(id, session.log, { ...options, capture: () => captureContextOf(session) });
  }

  /** The session behind a tab; NO_SUCH_SESSION once it is closed (or never was). */
  session(id: string): Session {
    return this.#entry(id).session;
  }

  /** All events of all sessions; returns the disposer. */
  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Close every session (app quit). */
  async dispose(): Promise<void> {
    await Promise.all([...this.#sessions.keys()].map((id) => this.close(id)));
  }

  /** What a session's payload variables read: its send counter, its log's next number, its rules' captures. */
  #variables(id: string): VariableSource {
    const session = this.session(id);
    return sessionVariables(session, () => session.reception.rules.captured);
  }

  #entry(id: string): Entry {
    const entry = this.#sessions.get(id);
    if (!entry) throw new CodedError('NO_SUCH_SESSION', m.e_there_is_no_session_it_may({ id }));
    return entry;
  }

  #emit(event: EngineEvent): void {
    for (const listener of this.#listeners) {
      // One broken subscriber (a closed window) must not stop the others or the socket code.
      try {
        listener(event);
      } catch (err) {
        console.error('Wirebench: an event listener failed', err);
      }
    }
  }
}

/** A spill folder must be there, be a folder, and be writable: else the refusal says which. */
async function checkFolder(dir: string): Promise<void> {
  let info;
  try {
    info = await stat(dir);
  } catch {
    throw new CodedError('ENOENT', m.e_the_spill_folder_does_not_exist({ dir }));
  }
  if (!info.isDirectory()) throw new CodedError('ENOTDIR', m.e_is_not_a_folder_choose_a({ dir }));
  try {
    await access(dir, constants.W_OK);
  } catch {
    throw new CodedError('EACCES', m.e_the_spill_folder_is_not_writable({ dir }));
  }
}
