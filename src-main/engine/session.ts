// What every session kind shares: its state machine, its log and its snapshot. A kind
// (TcpClientSession, later servers, UDP...) owns its sockets and moves the state through here.
import {
  KINDS,
  type CommandOutputs,
  type Endpoint,
  type IpHeaderFields,
  type PeerCounts,
  type PingSummary,
  type RepeatState,
  type SocketOptionRef,
  type SocketOptionValue,
  type PeerSelection,
  type SendTarget,
  type TlsInfo,
  type SessionConfig,
  type SessionKind,
  type SessionSnapshot,
  type SessionStatus,
  type SessionStats,
  type ReceiveSettings,
  type WireError,
} from '../shared/contract.js';
import { m } from '../shared/i18n/paraglide/messages.js';
import { checkFraming } from '../shared/codec/framing.js';
import { Reception, responderFor } from './receive/reception.js';
import { CodedError, toWireError } from './errors.js';
import { Repeater } from './send/repeater.js';
import { getSocketOption, setSocketOption } from './sockets/socket-options.js';
import { TrafficLog, type SpillOptions } from './log/traffic-log.js';

/** How a session tells its owner (the engine) that something changed. */
export interface SessionHooks {
  /** The state (status, addresses, error) changed; called immediately, once per change. */
  stateChanged(session: Session): void;
  /** The log grew or counters moved; the owner decides how often to announce it. */
  logGrew(session: Session): void;
  /** Where and past what size the session's log spills to a file (none: all in memory). */
  spill?: Omit<SpillOptions, 'name'> & { name?: string };
}

/** Why a session stopped reading its sockets; it reads again only when none is left. */
export type PauseReason = 'log-behind' | 'log-failed';

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
  notice: string | null;
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
  notice: null,
};

export type SendResult = CommandOutputs['session.send'];

export abstract class Session {
  #log: TrafficLog;
  /** How many logs this session has had (a cleared log is replaced): names their spill files apart. */
  #logs = 0;
  #state: SessionState = IDLE;
  /** Set once the session is closed for good: it then reports nothing more. */
  #silenced = false;
  readonly #pauses = new Set<PauseReason>();
  /** Kept across reconnects: the log stays unable to spill for the life of the session. */
  #spillError: WireError | null = null;
  #repeater: Repeater | null = null;
  /** {{counter}}: sends made with "Expand variables". */
  sendCounter = 0;
  /** Framing and checksum verification of what the session receives. */
  readonly reception = new Reception(
    () => this.#log,
    responderFor(this, () => this.logGrew()),
  );

  constructor(
    readonly id: string,
    readonly kind: SessionKind,
    protected readonly hooks: SessionHooks,
  ) {
    this.#log = this.#newLog(0);
  }

  /** The session's traffic log (a new one after Clear log). */
  get log(): TrafficLog {
    return this.#log;
  }

  #newLog(firstSeq: number, stats?: SessionStats): TrafficLog {
    const spill = this.hooks.spill;
    const n = this.#logs++;
    const base = spill?.name ?? `wirebench-${process.pid}-${this.id}.log`;
    const name = n === 0 ? base : `${base}.${n}`;
    return new TrafficLog({
      spill: spill ? { ...spill, name } : undefined,
      onPressure: (behind) => (behind ? this.#pause('log-behind') : this.#resume('log-behind')),
      onSpillFailed: (err, dir) => this.#spillFailed(err, dir),
      firstSeq,
      ...(stats ? { stats } : {}),
    });
  }

  /**
   * Empties the log: its memory and spill file are freed, the counters keep their totals and
   * entries go on being numbered from where the cleared ones ended. Resolves once freed.
   */
  async clearLog(): Promise<{ cleared: number; firstSeq: number }> {
    const old = this.#log;
    this.#log = this.#newLog(old.firstSeq + old.count, old.stats);
    // The old log may have held reading back (spilling behind); the new one is empty.
    this.#resume('log-behind');
    this.setState({});
    this.logGrew();
    await old.dispose();
    return { cleared: old.count, firstSeq: this.#log.firstSeq };
  }

  /** Sets framing (stream kinds) and checksum verification, from the next byte received. */
  setReceive(settings: ReceiveSettings): ReceiveSettings {
    if (settings.framing.mode !== 'none' && KINDS[this.kind].group !== 'Stream') {
      throw new CodedError('UNSUPPORTED_KIND', m.e_framing_is_for_stream_sessions_a({ value: KINDS[this.kind].label }));
    }
    const checked = checkFraming(settings.framing);
    if (!checked.ok) throw new CodedError(checked.error.code, checked.error.message);
    this.reception.set(settings);
    return this.reception.settings;
  }

  /** True while the session must not take in more bytes (a kind checks it for new sockets). */
  protected get readingPaused(): boolean {
    return this.#pauses.size > 0;
  }

  /** True once the log could not spill: from then on nothing new can be kept. */
  protected get logFailed(): boolean {
    return this.#pauses.has('log-failed');
  }

  /**
   * Stop taking bytes from the sockets. Stream kinds pause theirs (the kernel's buffers fill and
   * the peer's writes back up); the default does nothing. Called once per pause.
   */
  protected pauseReading(): void {}

  /** Take bytes from the sockets again. */
  protected resumeReading(): void {}

  /** Wording for the error a failed spill shows; UDP overrides it (datagrams have no backpressure). */
  protected spillFailedConsequence(): string {
    return 'The session has stopped reading from its sockets until it is closed; senders wait.';
  }

  #pause(reason: PauseReason): void {
    const was = this.readingPaused;
    this.#pauses.add(reason);
    if (!was) this.pauseReading();
  }

  #resume(reason: PauseReason): void {
    if (!this.#pauses.delete(reason) || this.readingPaused) return;
    this.resumeReading();
  }

  #spillFailed(err: unknown, dir: string): void {
    this.#pause('log-failed');
    this.#resume('log-behind');
    const reason = err instanceof Error ? err.message : String(err);
    this.#spillError = {
      code: 'LOG_SPILL_FAILED',
      message: `The traffic log could not be written to the folder ${dir} (${reason}). Everything logged so far is kept and readable. ${this.spillFailedConsequence()}`,
    };
    this.setState({ error: this.#spillError });
  }

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
      logFirst: this.log.firstSeq,
      openedAt: s.openedAt,
      peers: this.peerCounts(),
      tls: s.tls,
      options: s.options,
      memberships: [...s.memberships],
      ping: this.pingSummary(),
      repeat: this.repeatState(),
      notice: s.notice,
      receive: this.reception.settings,
    };
  }

  /**
   * Sends `bytes` to `to` on a schedule (see Repeater) while the session stays open, replacing a
   * repeat still running. Progress is announced with the log's growth, the end as a state change.
   */
  startRepeat(bytes: Uint8Array | (() => Uint8Array), to: SendTarget | undefined, intervalMs: number, times: number): RepeatState {
    if (this.status !== 'open') {
      throw new CodedError('NOT_CONNECTED', m.e_session_is_not_open_connect_first({ id: this.id }));
    }
    this.#repeater?.stop('stopped');
    this.#repeater = new Repeater({
      intervalMs,
      times,
      send: () => this.send(typeof bytes === 'function' ? bytes() : bytes, to),
      changed: (state) => (state.running ? this.logGrew() : this.setState({})),
    });
    return this.#repeater.state;
  }

  /**
   * Resolves once the session's sockets take more bytes without buffering them in memory (a
   * stream's 'drain'); kinds whose send already waits for the socket resolve at once.
   */
  async whenWritable(): Promise<void> {}

  /** Stops the repeat, if one runs; answers its state (null: there never was one). */
  stopRepeat(): RepeatState | null {
    return this.#repeater?.stop('stopped') ?? null;
  }

  repeatState(): RepeatState | null {
    return this.#repeater?.state ?? null;
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
    throw new CodedError('UNSUPPORTED_KIND', m.e_multicast_groups_are_for_udp_sessions({ value: KINDS[this.kind].label }));
  }

  /** Ping sessions override: the running totals. */
  pingSummary(): PingSummary | null {
    return null;
  }

  async readPing(_from: number, _count: number): Promise<CommandOutputs['ping.read']> {
    throw new CodedError('UNSUPPORTED_KIND', m.e_ping_replies_are_for_ping_sessions({ value: KINDS[this.kind].label }));
  }

  async rawSend(_bytes: Uint8Array, _header?: IpHeaderFields, _host?: string): Promise<CommandOutputs['raw.send']> {
    throw new CodedError('UNSUPPORTED_KIND', m.e_ip_headers_are_sent_by_raw({ value: KINDS[this.kind].label }));
  }

  /**
   * The descriptor a socket option applies to: the session's socket, or with peerId one client's.
   * Kinds override; null means there is no open socket to ask.
   */
  protected optionFd(_peerId?: string): number | null {
    return null;
  }

  async getOption(option: SocketOptionRef, peerId?: string): Promise<CommandOutputs['sockopt.get']> {
    return getSocketOption(this.#optionFdOrThrow(peerId), option);
  }

  async setOption(option: SocketOptionRef, value: SocketOptionValue, peerId?: string): Promise<CommandOutputs['sockopt.set']> {
    return setSocketOption(this.#optionFdOrThrow(peerId), option, value);
  }

  #optionFdOrThrow(peerId?: string): number {
    const fd = this.optionFd(peerId);
    if (fd === null || fd < 0) {
      throw new CodedError(
        'NOT_CONNECTED',
        peerId ? m.sockopt_client_no_socket({ peer: peerId }) : m.sockopt_session_no_socket({ id: this.id }),
      );
    }
    return fd;
  }

  #noPeers(): CodedError {
    return new CodedError('UNSUPPORTED_KIND', m.e_a_has_no_client_list({ value: KINDS[this.kind].label }));
  }

  /** Drop the session: sockets destroyed, no further notices. */
  destroy(): void {
    this.#silenced = true;
    this.reception.rules.dispose();
    this.#repeater?.stop('stopped');
    this.destroySockets();
    // The file goes with the tab; dispose() is where a future "save log" would keep it.
    void this.log.dispose();
  }

  /** Every state change goes through here, so each one is announced exactly once. */
  protected setState(patch: Partial<SessionState>): void {
    // A log that could not spill stays that way for the session's life: a clean close must not
    // hide why the log stopped growing.
    const error = patch.error === null && this.#spillError ? this.#spillError : patch.error;
    const wasOpen = this.#state.status === 'open';
    this.#state = { ...this.#state, ...patch, ...(error !== undefined && { error }) };
    if (!this.#silenced) this.hooks.stateChanged(this);
    // A repeat sends over the open connection only: it ends with it, saying why.
    if (wasOpen && this.#state.status !== 'open') this.#repeater?.stop('disconnected', this.#state.error);
  }

  /** A connect/bind/listen is under way, done, or being undone. */
  protected get started(): boolean {
    const status = this.status;
    return status === 'connecting' || status === 'open' || status === 'closing';
  }

  /**
   * A connect/bind/listen is refused (ALREADY_OPEN) while the last one is under way or open.
   * `stop` is what to do first ('close it'); `openWord` what open means for the kind ('bound').
   */
  protected refuseWhileStarted(stop: string, openWord?: string): void {
    if (this.started) {
      const status = this.status;
      throw new CodedError('ALREADY_OPEN', m.e_session_is_already_first({ id: this.id, value: status === 'open' && openWord ? openWord : status, stop }));
    }
  }

  /** Start a fresh connection attempt: addresses and outcome of the last one are cleared. */
  protected resetForConnect(config: SessionConfig): void {
    this.setState({ ...IDLE, status: 'connecting', config, error: this.#spillError });
  }

  protected logGrew(): void {
    if (!this.#silenced) this.hooks.logGrew(this);
  }

  /**
   * A connect/bind/listen that failed: the session shows why (in words naming `where`), and the
   * caller throws what this returns (the CodedError itself, or one with the same words).
   */
  protected connectFailed(err: unknown, where?: string): CodedError {
    const error = toWireError(err, where);
    this.setState({ status: 'failed', error });
    return err instanceof CodedError ? err : new CodedError(error.code, error.message);
  }
}
