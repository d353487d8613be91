// The one fake engine, for tests of the layers above the engine: main.ts's wiring, the router
// and both transports. Its handlers are derived from the contract: every command answers, and
// one it does not implement is a coded UNSUPPORTED_KIND, so a new command needs nothing here.
// It runs TCP client sessions on a real socket but none of the real engine's machinery (no
// coalescing, no spill file), so a transport failure in the conformance suite cannot be an
// engine bug. Log bytes are kept as Node Buffers on purpose: the transports must turn them into
// Uint8Array on the other side. It records every command asked of it, and can hold dispose()
// until a test lets it finish (main.test.ts: main waits for the engine before quitting).
import { connect, type Socket } from 'node:net';
import {
  COMMAND_NAMES,
  SESSION_KINDS,
  type CommandHandlers,
  type CommandName,
  type EngineEvent,
  type LogEntry,
  type SessionConfig,
  type SessionSnapshot,
  type SessionStatus,
} from '../../src-main/shared/contract.js';
import type { CommandServer } from '../../src-main/api/router.js';
import { CodedError } from '../../src-main/engine/errors.js';
import { payloadBytes } from '../../src-main/engine/payload-bytes.js';
import { idleSnapshot } from './snapshots.js';

interface FakeSession {
  id: string;
  status: SessionStatus;
  config: SessionConfig | null;
  socket: Socket | null;
  entries: LogEntry[];
  stats: SessionSnapshot['stats'];
}

/** Every command of the contract: `implemented` where given, else UNSUPPORTED_KIND; each call recorded. */
export function deriveHandlers(implemented: Partial<CommandHandlers>, record: (name: CommandName) => void): CommandHandlers {
  const entries = COMMAND_NAMES.map((name) => {
    const handler = implemented[name] as ((input: unknown) => unknown) | undefined;
    return [
      name,
      async (input: unknown) => {
        record(name);
        if (!handler) throw new CodedError('UNSUPPORTED_KIND', `The fake engine does not do ${name}.`);
        return handler(input);
      },
    ];
  });
  return Object.fromEntries(entries) as CommandHandlers;
}

export class FakeEngine implements CommandServer {
  static readonly instances: FakeEngine[] = [];
  /** Set by a test to hold every dispose() until finishDisposing(). */
  static holdDispose = false;
  /** The commands asked of this engine, in order. */
  readonly calls: CommandName[] = [];
  readonly listeners = new Set<(event: EngineEvent) => void>();
  readonly handlers: CommandHandlers;
  disposeCalls = 0;
  readonly #sessions = new Map<string, FakeSession>();
  #nextId = 1;
  #finishDispose: () => void = () => {};
  readonly #disposeHeld = new Promise<void>((resolve) => (this.#finishDispose = resolve));

  constructor() {
    FakeEngine.instances.push(this);
    this.handlers = deriveHandlers(
      {
        'session.create': ({ kind }) => {
          if (kind !== 'tcp-client') throw new CodedError('UNSUPPORTED_KIND', `${kind} sessions are not supported.`);
          const snapshot = this.seedSession();
          this.emit({ name: 'session.state', payload: snapshot });
          return snapshot;
        },
        'session.list': () => [...this.#sessions.values()].map((s) => this.#snapshot(s)),
        'session.connect': ({ id, config }) => this.#connect(this.#get(id), config),
        'session.disconnect': ({ id }) => {
          const session = this.#get(id);
          session.socket?.destroy();
          session.socket = null;
          session.status = 'closed';
          return this.#changed(session);
        },
        'session.close': ({ id }) => {
          this.#close(this.#get(id));
          return null;
        },
        'session.send': ({ id, payload }) => this.#send(this.#get(id), payloadBytes(payload)),
        'log.read': ({ id, from, count, maxBytes }) => {
          const { entries } = this.#get(id);
          const page = entries.slice(from, from + count).map((e) => ({ ...e, bytes: maxBytes === undefined ? e.bytes : e.bytes.subarray(0, maxBytes) }));
          return { entries: page, total: entries.length };
        },
        'log.bytes': ({ id, seq, offset, length }) => {
          const entry = this.#get(id).entries[seq];
          if (!entry) throw new CodedError('NO_SUCH_ENTRY', `There is no log entry #${seq}.`);
          return { bytes: entry.bytes.subarray(offset, offset + length), size: entry.size };
        },
        'system.capabilities': () => {
          const kinds = Object.fromEntries(
            SESSION_KINDS.map((k) => [k, { available: k === 'tcp-client', reason: k === 'tcp-client' ? null : 'Not in the fake engine.', note: null }]),
          ) as Record<(typeof SESSION_KINDS)[number], { available: boolean; reason: string | null; note: null }>;
          return { platform: process.platform, native: { loaded: false, reason: 'Not in the fake engine.' }, kinds, socketOptions: [] };
        },
      },
      (name) => this.calls.push(name),
    );
  }

  /** An idle TCP client session, as if created, without recording a command or announcing it. */
  seedSession(): SessionSnapshot {
    const session: FakeSession = {
      id: `s${this.#nextId++}`,
      status: 'idle',
      config: null,
      socket: null,
      entries: [],
      stats: { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 },
    };
    this.#sessions.set(session.id, session);
    return this.#snapshot(session);
  }

  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: EngineEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  async dispose(): Promise<void> {
    this.disposeCalls += 1;
    for (const session of [...this.#sessions.values()]) this.#close(session);
    if (FakeEngine.holdDispose) await this.#disposeHeld;
  }

  /** Lets a held dispose() resolve. */
  finishDisposing(): void {
    this.#finishDispose();
  }

  async #connect(session: FakeSession, config: SessionConfig): Promise<SessionSnapshot> {
    if (config.kind !== 'tcp-client') throw new CodedError('UNSUPPORTED_KIND', `${config.kind} sessions are not supported.`);
    session.config = config;
    session.status = 'connecting';
    this.#changed(session);
    const socket = connect({ host: config.host, port: config.port });
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

  #send(session: FakeSession, bytes: Uint8Array): { bytes: number; seq: number; targets: number } {
    if (session.status !== 'open' || !session.socket) throw new CodedError('NOT_CONNECTED', `Session ${session.id} is not connected.`);
    session.socket.write(bytes);
    const seq = this.#log(session, 'out', Buffer.from(bytes));
    session.stats.bytesOut += bytes.byteLength;
    session.stats.messagesOut += 1;
    this.#grew(session);
    return { bytes: bytes.byteLength, seq, targets: 1 };
  }

  #close(session: FakeSession): void {
    session.socket?.destroy();
    this.#sessions.delete(session.id);
    this.emit({ name: 'session.closed', payload: { id: session.id } });
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
    return idleSnapshot(s.id, { status: s.status, config: s.config, stats: { ...s.stats }, logCount: s.entries.length });
  }

  #changed(session: FakeSession): SessionSnapshot {
    const snapshot = this.#snapshot(session);
    this.emit({ name: 'session.state', payload: snapshot });
    return snapshot;
  }

  #grew(session: FakeSession): void {
    this.emit({ name: 'log.grew', payload: { id: session.id, logCount: session.entries.length, logFirst: 0, stats: { ...session.stats }, peers: null, peersVersion: 0, ping: null, repeat: null } });
  }
}

/** Stands in for src-main/engine/engine.js (main.test.ts mocks that module with this one). */
export { FakeEngine as Engine };
