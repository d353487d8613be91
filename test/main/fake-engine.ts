// Stands in for src-main/engine/engine.ts in main.test.ts: main's job is wiring, so the
// engine only records calls, emits events on demand and lets a test decide when dispose ends.
import {
  SESSION_KINDS,
  type Capabilities,
  type CommandOutputs,
  type PingSummary,
  type SessionConfigInput,
  type SessionKind,
  type SessionSnapshot,
  type SocketOptionReading,
} from '../../src-main/shared/contract.js';
import type { EngineApi, EngineEvent } from '../../src-main/engine/engine-api.js';
import { idleSnapshot } from '../helpers/snapshots.js';

export const SNAPSHOT: SessionSnapshot = idleSnapshot('s1');
const CAPABILITIES: Capabilities = {
  platform: 'linux',
  native: { loaded: true, reason: null },
  kinds: Object.fromEntries(SESSION_KINDS.map((k) => [k, { available: true, reason: null, note: null }])) as Capabilities['kinds'],
  socketOptions: [],
};
const PING_SUMMARY: PingSummary = {
  socket: null, target: null, identifier: null, running: false, sent: 0, received: 0, timeouts: 0, errors: 0,
  lossPercent: null, minMs: null, avgMs: null, maxMs: null,
};
const OPTION_READING: SocketOptionReading = {
  name: 'SO_RCVBUF', level: 1, option: 8, value: { type: 'int', value: 212992 }, hex: '00 40 03 00', display: '212992 bytes',
};

export class Engine implements EngineApi {
  static readonly instances: Engine[] = [];
  readonly calls: string[] = [];
  readonly listeners = new Set<(event: EngineEvent) => void>();
  disposeCalls = 0;
  private finishDispose: (() => void) | null = null;
  private readonly disposing: Promise<void>;

  constructor() {
    Engine.instances.push(this);
    this.disposing = new Promise((resolve) => (this.finishDispose = resolve));
  }

  create(kind: SessionKind): SessionSnapshot {
    this.calls.push(`create ${kind}`);
    return SNAPSHOT;
  }
  list(): SessionSnapshot[] {
    this.calls.push('list');
    return [SNAPSHOT];
  }
  connect(id: string, _config: SessionConfigInput): Promise<SessionSnapshot> {
    this.calls.push(`connect ${id}`);
    return Promise.resolve(SNAPSHOT);
  }
  disconnect(id: string): Promise<SessionSnapshot> {
    this.calls.push(`disconnect ${id}`);
    return Promise.resolve(SNAPSHOT);
  }
  close(id: string): Promise<void> {
    this.calls.push(`close ${id}`);
    return Promise.resolve();
  }
  send(id: string, bytes: Uint8Array): Promise<CommandOutputs['session.send']> {
    this.calls.push(`send ${id}`);
    return Promise.resolve({ bytes: bytes.byteLength, seq: 0, targets: 1 });
  }
  read(id: string): Promise<CommandOutputs['log.read']> {
    this.calls.push(`read ${id}`);
    return Promise.resolve({ entries: [], total: 0 });
  }
  readBytes(id: string): Promise<CommandOutputs['log.bytes']> {
    this.calls.push(`readBytes ${id}`);
    return Promise.resolve({ bytes: new Uint8Array(0), size: 0 });
  }
  saveLog(id: string, options: { path: string }): Promise<CommandOutputs['log.save']> {
    this.calls.push(`saveLog ${id}`);
    return Promise.resolve({ path: options.path, entries: 0, bytes: 0 });
  }
  readPeers(id: string): Promise<CommandOutputs['peers.read']> {
    this.calls.push(`readPeers ${id}`);
    return Promise.resolve({ peers: [], counts: { total: 0, open: 0, rejected: 0 } });
  }
  disconnectPeers(id: string): Promise<CommandOutputs['peers.disconnect']> {
    this.calls.push(`disconnectPeers ${id}`);
    return Promise.resolve({ closed: 0 });
  }
  clearPeers(id: string): Promise<CommandOutputs['peers.clear']> {
    this.calls.push(`clearPeers ${id}`);
    return Promise.resolve({ removed: 0 });
  }
  membership(id: string): Promise<SessionSnapshot> {
    this.calls.push(`membership ${id}`);
    return Promise.resolve(SNAPSHOT);
  }
  capabilities(): Promise<Capabilities> {
    this.calls.push('capabilities');
    return Promise.resolve(CAPABILITIES);
  }
  readPing(id: string): Promise<CommandOutputs['ping.read']> {
    this.calls.push(`readPing ${id}`);
    return Promise.resolve({ rows: [], total: 0, summary: PING_SUMMARY });
  }
  rawSend(id: string, bytes: Uint8Array): Promise<CommandOutputs['raw.send']> {
    this.calls.push(`rawSend ${id}`);
    return Promise.resolve({ bytes: bytes.byteLength, seq: 0, targets: 1 });
  }
  getOption(id: string): Promise<CommandOutputs['sockopt.get']> {
    this.calls.push(`getOption ${id}`);
    return Promise.resolve(OPTION_READING);
  }
  setOption(id: string): Promise<CommandOutputs['sockopt.set']> {
    this.calls.push(`setOption ${id}`);
    return Promise.resolve(OPTION_READING);
  }
  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(event: EngineEvent): void {
    for (const listener of this.listeners) listener(event);
  }
  /** Resolves only when the test calls finishDisposing(), to prove main waits for it. */
  dispose(): Promise<void> {
    this.disposeCalls += 1;
    return this.disposing;
  }
  finishDisposing(): void {
    this.finishDispose?.();
  }
}
