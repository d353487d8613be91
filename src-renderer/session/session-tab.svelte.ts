// One tab: a session main holds, as the renderer last heard of it, plus what the user has
// typed and chosen in that tab. Kept per tab so switching tabs loses nothing. Main's events for
// the session arrive here (from SessionsManager) and go on to the parts that need them.
import {
  KINDS,
  type SavedMessage,
  type SavedProfile,
  type SendTarget,
} from '$shared/contract.js';
import type {
  EventPayloads,
  SavedTab,
  PeerCounts,
  SessionConfigInput,
  SessionKind,
  SessionSnapshot,
  SessionStats,
  SessionStatus,
  WireError,
} from '$shared/contract.js';
import { m } from '../i18n/i18n.svelte.js';
import type { Bridge } from '../bridge/bridge.js';
import { fileDialogs } from '../ui/file-dialogs.js';
import { ClientsState } from '../clients/clients.svelte.js';
import { ComposerState } from '../send/composer.svelte.js';
import { ConnectFormState } from '../connect/connect-form-state.svelte.js';
import { fieldsFromSaved } from '../connect/connect-form-fields.js';
import { startingText, statusText, targetLabel } from './format.js';
import { MulticastState } from '../multicast/multicast.svelte.js';
import { RawSendState } from '../send/raw-send.svelte.js';
import { SaveLogState } from '../traffic/save-log.svelte.js';
import { PingViewState } from '../ping/ping-view.svelte.js';
import { SocketOptionsState } from '../sockopts/socket-options.svelte.js';
import { TrafficViewState } from '../traffic/traffic-view.svelte.js';
import { FindState } from '../traffic/find.svelte.js';
import { ReceiveState } from '../receive/receive.svelte.js';
import { RulesState } from '../rules/rules.svelte.js';
import { SequenceRunState } from '../sequences/sequence-run.svelte.js';
import { autoReplyRule } from '../rules/auto-reply.js';
import { settle } from '../bridge/settle.js';
import { sendTarget, typedDestination, type Destination } from '../send/peer-address.js';

// How far along the connection lifecycle a status is: a command's result must not undo a
// newer state an event already brought (e.g. "open" arriving after "closed by peer").
const STATUS_RANK: Record<SessionStatus, number> = { idle: 0, connecting: 1, open: 2, closing: 3, closed: 4, failed: 4 };

/** Replaces a tab's idle session with a new one of another kind (main fixes a session's kind). */
export type ChangeKind = (tab: SessionTabState, kind: SessionKind) => Promise<SessionTabState | null>;

export class SessionTabState {
  readonly id: string;
  readonly form = new ConnectFormState();
  readonly composer: ComposerState;
  readonly traffic: TrafficViewState;
  /** "Receiving": framing and checksum verification. */
  readonly receive: ReceiveState;
  /** "Find" in the log. */
  readonly find: FindState;
  /** Reply rules. */
  readonly rules: RulesState;
  /** A sequence run on this tab. */
  readonly sequence: SequenceRunState;
  /** UDP: the multicast group controls. */
  readonly multicast: MulticastState;
  /** Servers and UDP: the peers in view and the ones selected. */
  readonly clients: ClientsState;
  /** Ping: the replies in view and the running totals. */
  readonly ping: PingViewState;
  /** The "Socket options" panel: get and set any option on this session's socket. */
  readonly socketOptions: SocketOptionsState;
  /** Raw IP with IP_HDRINCL: the IPv4 header fields typed and the host to send to. */
  readonly rawSend: RawSendState;
  /** The Traffic toolbar's "Save log…" form. */
  readonly saveLog: SaveLogState;
  #snapshot: SessionSnapshot;
  #stats: SessionStats;
  #logCount: number;
  #logFirst = $state(0);
  #clearError = $state.raw<WireError | null>(null);
  /** An error result of the last connect/disconnect the snapshot does not carry. */
  #actionError = $state.raw<WireError | null>(null);
  #pending = $state<'connect' | 'disconnect' | null>(null);
  #pendingConfig = $state.raw<SessionConfigInput | null>(null);
  #changingKind = $state(false);
  readonly #changeKind: ChangeKind | null;
  #stateEvents = 0;
  #growthEvents = 0;
  readonly #bridge: Bridge;

  constructor(snapshot: SessionSnapshot, bridge: Bridge, changeKind: ChangeKind | null = null) {
    this.id = snapshot.id;
    this.#bridge = bridge;
    this.#changeKind = changeKind;
    this.form.dialogs = fileDialogs(bridge);
    this.#snapshot = $state.raw(snapshot);
    this.#stats = $state.raw(snapshot.stats);
    this.#logCount = $state(snapshot.logCount);
    this.#logFirst = snapshot.logFirst;
    this.traffic = new TrafficViewState(snapshot.id, bridge);
    this.composer = new ComposerState(snapshot.id, bridge, this.traffic);
    this.receive = new ReceiveState(snapshot.id, bridge, snapshot.receive);
    this.find = new FindState(snapshot.id, bridge, () => this.traffic.encoding);
    this.rules = new RulesState(snapshot.id, bridge, () => this.traffic.encoding);
    this.sequence = new SequenceRunState(snapshot.id, bridge, () => this.traffic.encoding);
    this.multicast = new MulticastState(snapshot.id, bridge, (s) => this.applyCommandResult(s));
    this.clients = new ClientsState(snapshot.id, bridge, snapshot.peers);
    this.ping = new PingViewState(snapshot.id, bridge, snapshot.ping);
    this.socketOptions = new SocketOptionsState(snapshot.id, bridge);
    this.rawSend = new RawSendState(snapshot.id, bridge);
    this.saveLog = new SaveLogState(snapshot.id, bridge, () => this.traffic.encoding);
    this.form.kind = snapshot.kind;
    if (snapshot.config) this.form.fill(snapshot.config);
  }

  get snapshot(): SessionSnapshot {
    return this.#snapshot;
  }

  get stats(): SessionStats {
    return this.#stats;
  }

  get logCount(): number {
    return this.#logCount;
  }

  /** The number of the log's first entry (0, or where a cleared log's entries ended). */
  get logFirst(): number {
    return this.#logFirst;
  }

  /** Why the last Clear log failed, if it did. */
  get clearError(): WireError | null {
    return this.#clearError;
  }

  /** Empties the log in main; the view shows the new (empty) log and nothing is selected. */
  async clearLog(): Promise<void> {
    const result = await settle(() => this.#bridge.logClear({ id: this.id }), 'Clearing the log');
    this.#clearError = result.ok ? null : result.error;
    if (!result.ok) return;
    this.#logFirst = result.value.firstSeq;
    this.traffic.logCleared();
    this.find.reset();
  }

  get actionError(): WireError | null {
    return this.#actionError;
  }

  /** The tab's name: its target once it has one. */
  get label(): string {
    return this.#snapshot.config ? targetLabel(this.#snapshot.config, this.#snapshot.local) : m.menu_new_connection();
  }

  /** Peer counts (servers, UDP), as the newest snapshot, log growth or client list read said. */
  get peers(): PeerCounts | null {
    return this.clients.counts;
  }

  /** A TLS client that does not verify the server's certificate (marked in the tab). */
  get verificationOff(): boolean {
    const s = this.#snapshot;
    if (s.tls) return !s.tls.verify;
    return s.config?.kind === 'tls-client' && !s.config.verify;
  }

  /** Whether the kind can change now: only while nothing is open or under way. */
  get canChangeKind(): boolean {
    return this.#changeKind !== null && !this.#changingKind && this.canConnect;
  }

  /** Replaces this tab's session with a new one of `kind`; resolves to the new tab, if any. */
  async changeKind(kind: SessionKind): Promise<SessionTabState | null> {
    if (!this.#changeKind || !this.canChangeKind || kind === this.#snapshot.kind) return null;
    this.#changingKind = true;
    try {
      return await this.#changeKind(this, kind);
    } finally {
      this.#changingKind = false;
    }
  }

  /** The state in words, e.g. "Connecting to 127.0.0.1:7…" or "Failed: … (ECONNREFUSED)". */
  get statusText(): string {
    const s = this.#snapshot;
    const settled = s.status === 'idle' || s.status === 'closed' || s.status === 'failed';
    if (this.#pending === 'connect' && settled && this.#pendingConfig) {
      return startingText(this.#pendingConfig);
    }
    return statusText(s, this.#actionError, this.peers);
  }

  get canConnect(): boolean {
    const status = this.#snapshot.status;
    return this.#pending === null && (status === 'idle' || status === 'closed' || status === 'failed');
  }

  get canDisconnect(): boolean {
    const status = this.#snapshot.status;
    return this.#pending !== 'disconnect' && (status === 'connecting' || status === 'open');
  }

  /** Which of Connect / Disconnect applies now (the other has nothing to do). */
  get connectionAction(): 'connect' | 'disconnect' {
    const status = this.#snapshot.status;
    const live = status === 'connecting' || status === 'open' || status === 'closing';
    return live || this.#pending !== null ? 'disconnect' : 'connect';
  }

  /** Connects with a config the form has already checked. */
  async connect(config: SessionConfigInput): Promise<void> {
    this.#actionError = null;
    this.#pending = 'connect';
    this.#pendingConfig = config;
    const events = { state: this.#stateEvents, growth: this.#growthEvents };
    const result = await settle(() => this.#bridge.sessionConnect({ id: this.id, config }), 'Connecting');
    this.#pending = null;
    this.#pendingConfig = null;
    if (result.ok) this.#applyResult(result.value, events);
    else this.#actionError = result.error;
  }

  /** Closes the connection; listeners stop listening and close their clients if `closeClients`. */
  async disconnect(closeClients?: boolean): Promise<void> {
    this.#pending = 'disconnect';
    const events = { state: this.#stateEvents, growth: this.#growthEvents };
    const input = closeClients === undefined ? { id: this.id } : { id: this.id, closeClients };
    const result = await settle(() => this.#bridge.sessionDisconnect(input), 'Disconnecting');
    this.#pending = null;
    if (result.ok) this.#applyResult(result.value, events);
    else this.#actionError = result.error;
  }

  /** A snapshot a command returned (e.g. udp.membership): newer than anything heard before it. */
  applyCommandResult(snapshot: SessionSnapshot): void {
    this.#applyResult(snapshot, { state: this.#stateEvents, growth: this.#growthEvents });
  }

  /** A session.state event: always the newest word on the session. */
  applyState(snapshot: SessionSnapshot): void {
    this.#stateEvents += 1;
    this.#growthEvents += 1;
    this.#actionError = null;
    // Main has spoken since the connect began: its word replaces "Connecting to …".
    this.#pendingConfig = null;
    this.#snapshot = snapshot;
    this.#stats = snapshot.stats;
    this.#logCount = snapshot.logCount;
    this.#logFirst = snapshot.logFirst;
    this.ping.update(snapshot.ping);
    this.composer.repeat.apply(snapshot.repeat);
    this.clients.applyState(snapshot);
  }

  /** A log.grew event: counters, peer counts and ping totals; the client list reads what changed. */
  applyGrowth(growth: EventPayloads['log.grew']): void {
    this.#growthEvents += 1;
    this.#logCount = growth.logCount;
    this.#logFirst = growth.logFirst;
    this.#stats = growth.stats;
    this.ping.update(growth.ping);
    this.composer.repeat.apply(growth.repeat);
    this.rules.update(growth.rules);
    this.clients.applyGrowth(growth.peers, growth.peersVersion);
  }

  /** What the workspace keeps of this tab: its kind, its form as typed, its composer and View. */
  toSaved(): SavedTab {
    const { kind, ...fields } = $state.snapshot(this.form.fields);
    const c = this.composer;
    const t = this.traffic;
    return {
      kind,
      fields,
      closeClients: this.form.closeClients,
      composer: { text: c.text, format: c.format, lineEnding: c.lineEnding, checksum: c.checksum.spec ?? null },
      view: t.view,
      encoding: t.encoding,
      time: t.time,
      receive: this.receive.settings ?? this.receive.applied,
      rules: this.rules.toSaved(),
    };
  }

  /** UDP: the Host and Port typed in the form, read as they are now; null elsewhere or while incomplete. */
  get destination(): Destination | null {
    const info = KINDS[this.form.kind];
    return info.peers === 'senders' && info.addressing === 'ip' ? typedDestination(this.form.fields) : null;
  }

  /** Where the composer's Send goes now: the selected clients, the typed destination (UDP), or the peer. */
  sendTarget(): { to: SendTarget | undefined; label: string | null } {
    return sendTarget(KINDS[this.form.kind].peers ? this.clients.selectedIds : [], this.destination);
  }

  /** A saved message into the composer (and, in a UDP tab, its destination into Host and Port). */
  loadMessage(message: SavedMessage): void {
    this.composer.text = message.text;
    this.composer.format = message.format;
    this.composer.lineEnding = message.lineEnding;
    this.composer.checksum.spec = message.checksum ?? null;
    this.composer.expand = message.expand ?? false;
    // The tab's one encoding: a message saved in GBK reads and sends as GBK.
    if (message.encoding) this.traffic.encoding = message.encoding;
    if (message.destination && this.form.kind === 'udp') {
      this.form.fields.host = message.destination.host;
      this.form.fields.port = String(message.destination.port);
    }
  }

  /** A saved form (a profile, or a workspace tab's) in this (new, idle) tab of its kind. */
  restoreProfile(profile: Pick<SavedProfile, 'kind' | 'fields' | 'closeClients'>): void {
    this.form.fields = fieldsFromSaved(profile.kind, profile.fields);
    this.form.closeClients = profile.closeClients;
    // Saved before rules replaced the server's Auto-reply: it comes back as the rule that does the same.
    const autoReply = autoReplyRule(profile.fields);
    if (autoReply) this.rules.restore([...this.rules.toSaved(), autoReply]);
  }

  /** A tab saved with the workspace, back in this (new, idle) tab of the same kind. */
  restore(saved: SavedTab): void {
    this.rules.restore(saved.rules);
    this.restoreProfile(saved);
    this.composer.text = saved.composer.text;
    this.composer.format = saved.composer.format;
    this.composer.lineEnding = saved.composer.lineEnding;
    this.composer.checksum.spec = saved.composer.checksum;
    this.traffic.view = saved.view;
    this.traffic.encoding = saved.encoding;
    this.traffic.time = saved.time;
    if (saved.receive) {
      this.receive.settings = saved.receive;
      void this.receive.apply();
    }
  }

  dispose(): void {
    this.traffic.dispose();
    this.clients.dispose();
    this.ping.dispose();
  }

  #applyResult(snapshot: SessionSnapshot, before: { state: number; growth: number }): void {
    const eventsSince = this.#stateEvents !== before.state;
    if (!eventsSince || STATUS_RANK[snapshot.status] >= STATUS_RANK[this.#snapshot.status]) {
      this.#snapshot = snapshot;
    }
    if (this.#growthEvents === before.growth) {
      this.#stats = snapshot.stats;
      this.#logCount = snapshot.logCount;
      this.#logFirst = snapshot.logFirst;
      this.clients.setCounts(snapshot.peers);
      this.ping.update(snapshot.ping);
    }
  }
}
