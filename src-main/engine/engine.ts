// Holds every session (tab), turns their changes into events, and is all the router talks to.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import {
  GROWTH_TICK_MS,
  SessionConfig,
  SESSION_KIND_LABELS,
  type Capabilities,
  type CommandOutputs,
  type IpHeaderFields,
  type PeerSelection,
  type SocketOptionRef,
  type SocketOptionValue,
  type SendTarget,
  type SessionConfigInput,
  type SessionKind,
  type SessionSnapshot,
} from '../shared/contract.js';
import type { EngineApi, EngineEvent, LogSaveOptions } from './engine-api.js';
import { CodedError } from './errors.js';
import { GrowthTicker } from './log/growth-ticker.js';
import { LogSaves } from './log/log-save.js';
import { systemCapabilities } from './capabilities.js';
import type { Session, SessionHooks } from './session.js';
import { TcpClientSession } from './kinds/stream/tcp-client-session.js';
import { TcpServerSession } from './kinds/stream/tcp-server-session.js';
import { UnixClientSession } from './kinds/stream/unix-client-session.js';
import { UnixServerSession } from './kinds/stream/unix-server-session.js';
import { TlsClientSession } from './kinds/stream/tls-client-session.js';
import { TlsServerSession } from './kinds/stream/tls-server-session.js';
import { UdpSession } from './kinds/datagram/udp-session.js';
import { PingSession } from './kinds/ip/ping-session.js';
import { RawIpSession } from './kinds/ip/raw-ip-session.js';
import { UnixDgramClientSession } from './kinds/datagram/unix-dgram-client-session.js';
import { UnixDgramServerSession } from './kinds/datagram/unix-dgram-server-session.js';
import { UnixSeqpacketClientSession } from './kinds/seqpacket/unix-seqpacket-client-session.js';
import { UnixSeqpacketServerSession } from './kinds/seqpacket/unix-seqpacket-server-session.js';

export type SessionFactory = (id: string, hooks: SessionHooks) => Session;

/** Every kind that is built; a new kind is one line here (and its schema in the contract). */
export const SESSION_FACTORIES: Partial<Record<SessionKind, SessionFactory>> = {
  'tcp-client': (id, hooks) => new TcpClientSession(id, hooks),
  'tcp-server': (id, hooks) => new TcpServerSession(id, hooks),
  'unix-client': (id, hooks) => new UnixClientSession(id, hooks),
  'unix-server': (id, hooks) => new UnixServerSession(id, hooks),
  'tls-client': (id, hooks) => new TlsClientSession(id, hooks),
  'tls-server': (id, hooks) => new TlsServerSession(id, hooks),
  udp: (id, hooks) => new UdpSession(id, hooks),
  ping: (id, hooks) => new PingSession(id, hooks),
  'raw-ip': (id, hooks) => new RawIpSession(id, hooks),
  'unix-dgram-client': (id, hooks) => new UnixDgramClientSession(id, hooks),
  'unix-dgram-server': (id, hooks) => new UnixDgramServerSession(id, hooks),
  'unix-seqpacket-client': (id, hooks) => new UnixSeqpacketClientSession(id, hooks),
  'unix-seqpacket-server': (id, hooks) => new UnixSeqpacketServerSession(id, hooks),
};

/** Entry bytes a session keeps in memory before older ones go to its spill file. */
export const DEFAULT_LOG_MEMORY_BYTES = 64 * 1024 * 1024;

export interface EngineOptions {
  factories?: Partial<Record<SessionKind, SessionFactory>>;
  growthTickMs?: number;
  /** Folder for the sessions' spill files (the app passes one under its data folder). */
  spillDir?: string;
  /** Per session; tests use a small one so spilling happens early. */
  logMemoryBytes?: number;
}

interface Entry {
  session: Session;
  ticker: GrowthTicker;
}

export class Engine implements EngineApi {
  readonly #factories: Partial<Record<string, SessionFactory>>;
  readonly #growthTickMs: number;
  readonly #spill: { dir: string; budgetBytes: number };
  readonly #sessions = new Map<string, Entry>();
  readonly #listeners = new Set<(event: EngineEvent) => void>();
  readonly #saves = new LogSaves();
  #nextId = 1;

  constructor(options: EngineOptions = {}) {
    this.#factories = options.factories ?? SESSION_FACTORIES;
    this.#growthTickMs = options.growthTickMs ?? GROWTH_TICK_MS;
    this.#spill = {
      dir: options.spillDir ?? join(tmpdir(), 'wirebench-spill'),
      budgetBytes: options.logMemoryBytes ?? DEFAULT_LOG_MEMORY_BYTES,
    };
  }

  create(kind: SessionKind): SessionSnapshot {
    const factory = Object.hasOwn(this.#factories, kind) ? this.#factories[kind] : undefined;
    if (!factory) {
      const label = Object.hasOwn(SESSION_KIND_LABELS, kind) ? SESSION_KIND_LABELS[kind] : String(kind);
      throw new CodedError('UNSUPPORTED_KIND', `${label} sessions are not supported yet.`);
    }
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
          stats: session.log.stats,
          peers: session.peerCounts(),
          peersVersion: session.peersVersion,
          ping: session.pingSummary(),
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

  async connect(id: string, config: SessionConfigInput): Promise<SessionSnapshot> {
    const session = this.#get(id);
    const parsed = v.safeParse(SessionConfig, config);
    if (!parsed.success) {
      throw new CodedError('INVALID_PAYLOAD', `Invalid config: ${parsed.issues.map((i) => i.message).join('; ')}`);
    }
    return session.connect(parsed.output);
  }

  async disconnect(id: string, options?: { closeClients?: boolean }): Promise<SessionSnapshot> {
    return this.#get(id).disconnect(options);
  }

  async close(id: string): Promise<void> {
    const entry = this.#entry(id);
    this.#sessions.delete(id);
    entry.ticker.dispose();
    entry.session.destroy();
    this.#emit({ name: 'session.closed', payload: { id } });
    // A save reads the spill file: it stops (and removes its temporary file) before that goes.
    await this.#saves.cancel(id);
    // The spill file is gone once close resolves (destroy started removing it).
    await entry.session.log.dispose();
  }

  async send(id: string, bytes: Uint8Array, to?: SendTarget): Promise<CommandOutputs['session.send']> {
    return this.#get(id).send(bytes, to);
  }

  async read(id: string, from: number, count: number, maxBytes?: number, peerId?: string): Promise<CommandOutputs['log.read']> {
    return this.#get(id).log.read(from, count, maxBytes, peerId);
  }

  async saveLog(id: string, options: LogSaveOptions): Promise<CommandOutputs['log.save']> {
    return this.#saves.save(id, this.#get(id).log, options);
  }

  async readPeers(id: string, from: number, count: number): Promise<CommandOutputs['peers.read']> {
    return this.#get(id).readPeers(from, count);
  }

  async disconnectPeers(id: string, peers: PeerSelection): Promise<CommandOutputs['peers.disconnect']> {
    return this.#get(id).disconnectPeers(peers);
  }

  async clearPeers(id: string): Promise<CommandOutputs['peers.clear']> {
    return this.#get(id).clearPeers();
  }

  async membership(id: string, action: 'join' | 'leave', group: string, iface?: string): Promise<SessionSnapshot> {
    return this.#get(id).membership(action, group, iface);
  }

  async capabilities(): Promise<Capabilities> {
    return systemCapabilities();
  }

  async readPing(id: string, from: number, count: number): Promise<CommandOutputs['ping.read']> {
    return this.#get(id).readPing(from, count);
  }

  async rawSend(id: string, bytes: Uint8Array, header?: IpHeaderFields, host?: string): Promise<CommandOutputs['raw.send']> {
    return this.#get(id).rawSend(bytes, header, host);
  }

  async getOption(id: string, option: SocketOptionRef, peerId?: string): Promise<CommandOutputs['sockopt.get']> {
    return this.#get(id).getOption(option, peerId);
  }

  async setOption(id: string, option: SocketOptionRef, value: SocketOptionValue, peerId?: string): Promise<CommandOutputs['sockopt.set']> {
    return this.#get(id).setOption(option, value, peerId);
  }

  async readBytes(id: string, seq: number, offset: number, length: number): Promise<CommandOutputs['log.bytes']> {
    return this.#get(id).log.readBytes(seq, offset, length);
  }

  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.#sessions.keys()].map((id) => this.close(id)));
  }

  #entry(id: string): Entry {
    const entry = this.#sessions.get(id);
    if (!entry) throw new CodedError('NO_SUCH_SESSION', `There is no session ${id}; it may have been closed.`);
    return entry;
  }

  #get(id: string): Session {
    return this.#entry(id).session;
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
