// What every session kind shares: its state machine, its log and its snapshot. A kind
// (TcpClientSession, later servers, UDP...) owns its sockets and moves the state through here.
import {
  SESSION_KIND_LABELS,
  type CommandOutputs,
  type Endpoint,
  type PeerCounts,
  type PeerSelection,
  type SendTarget,
  type TlsInfo,
  type SessionConfig,
  type SessionKind,
  type SessionSnapshot,
  type SessionStatus,
  type WireError,
} from '../api/contract.js';
import { CodedError } from './errors.js';
import { TrafficLog } from './traffic-log.js';

/** How a session tells its owner (the engine) that something changed. */
export interface SessionHooks {
  /** The state (status, addresses, error) changed; called immediately, once per change. */
  stateChanged(session: Session): void;
  /** The log grew or counters moved; the owner decides how often to announce it. */
  logGrew(session: Session): void;
}

export interface SessionState {
  status: SessionStatus;
  config: SessionConfig | null;
  resolved: string[];
  local: Endpoint | null;
  remote: Endpoint | null;
  closedBy: 'local' | 'peer' | null;
  error: WireError | null;
  openedAt: number | null;
  tls: TlsInfo | null;
  /** Socket option values in force, read back from the socket where possible. */
  options: Record<string, string | number | boolean> | null;
  memberships: string[];
}

const IDLE: SessionState = {
  status: 'idle',
  config: null,
  resolved: [],
  local: null,
  remote: null,
  closedBy: null,
  error: null,
  openedAt: null,
  tls: null,
  options: null,
  memberships: [],
};

export type SendResult = CommandOutputs['session.send'];

export abstract class Session {
  readonly log = new TrafficLog();
  #state: SessionState = IDLE;
  /** Set once the session is closed for good: it then reports nothing more. */
  #silenced = false;

  constructor(
    readonly id: string,
    readonly kind: SessionKind,
    protected readonly hooks: SessionHooks,
  ) {}

  /** Connect (or reconnect); resolves once open, rejects with a CodedError on failure. */
  abstract connect(config: SessionConfig): Promise<SessionSnapshot>;
  /** Close the connection (servers: stop listening), keep the session and its log. */
  abstract disconnect(options?: { closeClients?: boolean }): Promise<SessionSnapshot>;
  /** Send bytes to the target (default: the session's one peer); returns the first 'out' seq. */
  abstract send(bytes: Uint8Array, to?: SendTarget): Promise<SendResult>;
  /** Tear down every socket at once, silently: the session is being dropped. */
  protected abstract destroySockets(): void;

  get status(): SessionStatus {
    return this.#state.status;
  }

  protected get state(): Readonly<SessionState> {
    return this.#state;
  }

  snapshot(): SessionSnapshot {
    const s = this.#state;
    return {
      id: this.id,
      kind: this.kind,
      status: s.status,
      config: s.config,
      resolved: [...s.resolved],
      local: s.local,
      remote: s.remote,
      closedBy: s.closedBy,
      error: s.error,
      stats: this.log.stats,
      logCount: this.log.count,
      openedAt: s.openedAt,
      peers: this.peerCounts(),
      tls: s.tls,
      options: s.options,
      memberships: [...s.memberships],
    };
  }

  /** Kinds with a peer table (servers, UDP) override these; clients have no peers. */
  peerCounts(): PeerCounts | null {
    return null;
  }

  /** Bumped by kinds with a peer table whenever a peer joins, leaves or its counters move. */
  get peersVersion(): number {
    return 0;
  }

  async readPeers(_from: number, _count: number): Promise<CommandOutputs['peers.read']> {
    throw this.#noPeers();
  }

  async disconnectPeers(_peers: PeerSelection): Promise<CommandOutputs['peers.disconnect']> {
    throw this.#noPeers();
  }

  async clearPeers(): Promise<CommandOutputs['peers.clear']> {
    throw this.#noPeers();
  }

  async membership(_action: 'join' | 'leave', _group: string, _iface?: string): Promise<SessionSnapshot> {
    throw new CodedError('UNSUPPORTED_KIND', `Multicast groups are for UDP sessions; this is a ${SESSION_KIND_LABELS[this.kind]}.`);
  }

  #noPeers(): CodedError {
    return new CodedError('UNSUPPORTED_KIND', `A ${SESSION_KIND_LABELS[this.kind]} has no client list.`);
  }

  /** Drop the session: sockets destroyed, no further notices. */
  destroy(): void {
    this.#silenced = true;
    this.destroySockets();
  }

  /** Every state change goes through here, so each one is announced exactly once. */
  protected setState(patch: Partial<SessionState>): void {
    this.#state = { ...this.#state, ...patch };
    if (!this.#silenced) this.hooks.stateChanged(this);
  }

  /** Start a fresh connection attempt: addresses and outcome of the last one are cleared. */
  protected resetForConnect(config: SessionConfig): void {
    this.setState({ ...IDLE, status: 'connecting', config });
  }

  protected logGrew(): void {
    if (!this.#silenced) this.hooks.logGrew(this);
  }
}
