// What every session kind shares: its state machine, its log and its snapshot. A kind
// (TcpClientSession, later servers, UDP...) owns its sockets and moves the state through here.
import type {
  Endpoint,
  SessionConfig,
  SessionKind,
  SessionSnapshot,
  SessionStatus,
  WireError,
} from '../api/contract.js';
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
};

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
  /** Close the connection, keep the session and its log; resolves once closed. */
  abstract disconnect(): Promise<SessionSnapshot>;
  /** Send bytes on the open connection; returns the log seq of the 'out' entry. */
  abstract send(bytes: Uint8Array): Promise<{ bytes: number; seq: number }>;
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
    };
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
