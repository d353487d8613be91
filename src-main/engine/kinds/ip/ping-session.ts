// A Ping tab: ICMP/ICMPv6 echo requests at an interval, replies matched by identifier and
// sequence, one row per request (ping-table.ts). Start/Stop are connect/disconnect. With a count,
// the session closes itself (closedBy 'local') once the last request is answered or timed out.
import {
  type CommandOutputs,
  type PingConfig,
  type PingSummary,
  type SendTarget,
  type SessionConfig,
  type SessionSnapshot,
} from '../../../shared/contract.js';
import { m } from '../../../shared/i18n/paraglide/messages.js';
import { buildEchoRequest, echoPattern, parseIcmp, type IcmpMessage } from '../../../shared/codec/icmp.js';
import { splitIpv4Packet } from '../../../shared/codec/ip-header.js';
import { encodePayload } from '../../../shared/codec/payload.js';
import type { NativeAddress, NativeMessage, NativeSocket } from '../../../native/native-api.js';
import { CodedError, toWireError } from '../../errors.js';
import { nativeIpAddress, resolveIpHost, type IpFamily } from '../../sockets/ip-target.js';
import { openPingSocket } from './ping-socket.js';
import { PingTable } from './ping-table.js';
import { requireNative } from '../../sockets/require-native.js';
import { Session, type SendResult, type SessionHooks } from '../../session.js';
import { elapsedMs, preciseNow } from '../../clock.js';

/** Identifiers raw ping sockets of this process use, so two tabs do not pick the same one. */
const rawIdentifiersInUse = new Set<number>();

function pickIdentifier(): number {
  for (let i = 0; i < 32; i++) {
    const candidate = 1 + Math.floor(Math.random() * 0xffff);
    if (!rawIdentifiersInUse.has(candidate)) return candidate;
  }
  return 1 + Math.floor(Math.random() * 0xffff);
}

/** One Start: everything that lives until Stop (or until a counted run is done). */
interface Run {
  socket: NativeSocket;
  mode: 'raw' | 'datagram';
  family: IpFamily;
  target: string;
  to: NativeAddress;
  identifier: number;
  /** Whether this run holds `identifier` in rawIdentifiersInUse. */
  reserved: boolean;
  payload: Uint8Array;
  config: PingConfig;
  /** High-resolution send times of pending rows, for RTT. */
  sentHr: Map<number, bigint>;
  /** Pending rows in send order; their deadlines rise in the same order (one timeout for all). */
  deadlines: number[];
  deadlineHead: number;
  sendTimer: NodeJS.Timeout | null;
  timeoutTimer: NodeJS.Timeout | null;
  sendingDone: boolean;
}

export class PingSession extends Session {
  #table = new PingTable();
  #run: Run | null = null;
  /** What the summary shows about the last run once it has ended. */
  #last: { socket: 'raw' | 'datagram'; target: string; identifier: number } | null = null;

  constructor(id: string, hooks: SessionHooks) {
    super(id, 'ping', hooks);
  }

  override pingSummary(): PingSummary {
    const run = this.#run;
    const identity = run ? { socket: run.mode, target: run.target, identifier: run.identifier } : this.#last;
    return {
      socket: identity?.socket ?? null,
      target: identity?.target ?? null,
      identifier: identity?.identifier ?? null,
      running: run !== null,
      ...this.#table.totals(),
    };
  }

  override async readPing(from: number, count: number): Promise<CommandOutputs['ping.read']> {
    return { rows: this.#table.read(from, count), total: this.#table.sent, summary: this.pingSummary() };
  }

  protected override optionFd(): number | null {
    return this.#run?.socket.fd ?? null;
  }

  async connect(config: SessionConfig): Promise<SessionSnapshot> {
    if (config.kind !== 'ping') {
      throw new CodedError('INVALID_PAYLOAD', m.e_session_is_a_ping_session_it({ id: this.id, kind: config.kind }));
    }
    this.refuseWhileStarted('stop it', 'pinging');
    // Each Start is a new run: rows and totals start again (the traffic log keeps everything).
    this.#table = new PingTable();
    this.#last = null;
    this.resetForConnect(config);
    let socket: NativeSocket | null = null;
    try {
      const payload = pingPayload(config);
      const resolved = await resolveIpHost(config.host, config.family);
      this.setState({ resolved: resolved.all });
      const native = requireNative('Ping');
      const opened = openPingSocket(native, config, resolved.family, config.identifier ?? pickIdentifier());
      socket = opened.socket;
      const reserved = opened.mode === 'raw' && !rawIdentifiersInUse.has(opened.identifier);
      if (reserved) rawIdentifiersInUse.add(opened.identifier);
      const run: Run = {
        socket,
        mode: opened.mode,
        family: resolved.family,
        target: resolved.address,
        to: nativeIpAddress(resolved.address, resolved.family),
        identifier: opened.identifier,
        reserved,
        payload,
        config,
        sentHr: new Map(),
        deadlines: [],
        deadlineHead: 0,
        sendTimer: null,
        timeoutTimer: null,
        sendingDone: false,
      };
      this.#run = run;
      this.#startReading(run);
      const local = socket.localAddress();
      this.setState({
        status: 'open',
        remote: { address: resolved.address, port: 0, family: resolved.family },
        local: opened.mode === 'datagram' && local && local.family !== 'unix' ? { address: local.address, port: local.port, family: local.family } : null,
        openedAt: preciseNow(),
        notice: opened.notice,
      });
      this.#sendNext(run);
      if (this.#run === run && !run.sendingDone) {
        run.sendTimer = setInterval(() => this.#sendNext(run), config.intervalMs);
      }
      return this.snapshot();
    } catch (err) {
      if (this.#run) this.#endRun(this.#run);
      else socket?.close();
      throw this.connectFailed(err, config.host);
    }
  }

  /** Stop: requests still waiting count as lost ("no reply before Stop"), as ping(8) counts them. */
  async disconnect(): Promise<SessionSnapshot> {
    const run = this.#run;
    if (run) this.#stop(run, 'No reply before Stop.');
    return this.snapshot();
  }

  async send(_bytes: Uint8Array, _to?: SendTarget): Promise<SendResult> {
    throw new CodedError('UNSUPPORTED_KIND', m.e_a_ping_session_sends_echo_requests());
  }

  protected destroySockets(): void {
    if (this.#run) this.#endRun(this.#run);
  }

  protected override pauseReading(): void {
    this.#run?.socket.readStop();
  }

  protected override resumeReading(): void {
    if (this.#run) this.#startReading(this.#run);
  }

  #startReading(run: Run): void {
    run.socket.readStart({
      onMessage: (message) => this.#received(run, message),
      onError: (err) => {
        if (this.#run !== run) return;
        const error = toWireError(err, run.target);
        this.#stop(run, 'No reply: the socket failed.');
        this.setState({ status: 'failed', error: { code: error.code, message: `Ping's socket failed: ${error.message}` } });
      },
    });
  }

  #sendNext(run: Run): void {
    if (this.#run !== run || run.sendingDone) return;
    const index = this.#table.add(preciseNow());
    const message = buildEchoRequest(run.family, run.identifier, index & 0xffff, run.payload);
    if (run.config.count > 0 && this.#table.sent >= run.config.count) this.#doneSending(run);
    run.sentHr.set(index, process.hrtime.bigint());
    try {
      run.socket.send(message, run.to);
    } catch (err) {
      run.sentHr.delete(index);
      this.#table.settle(index, { kind: 'error', from: null, message: `Not sent: ${toWireError(err, run.target).message}`, bytes: 0 });
      this.logGrew();
      this.#finishIfDone(run);
      return;
    }
    // The kernel fills in an ICMPv6 checksum (and a datagram socket's IPv4 one); this is what we handed it.
    this.log.append('out', message, run.target);
    run.deadlines.push(index);
    if (!run.timeoutTimer) this.#armTimeout(run);
    this.logGrew();
  }

  #doneSending(run: Run): void {
    run.sendingDone = true;
    if (run.sendTimer) clearInterval(run.sendTimer);
    run.sendTimer = null;
  }

  #armTimeout(run: Run): void {
    while (run.deadlineHead < run.deadlines.length && !this.#table.isPending(run.deadlines[run.deadlineHead]!)) run.deadlineHead++;
    if (run.deadlineHead > 1024 && run.deadlineHead * 2 > run.deadlines.length) {
      run.deadlines = run.deadlines.slice(run.deadlineHead);
      run.deadlineHead = 0;
    }
    const next = run.deadlines[run.deadlineHead];
    if (next === undefined) {
      run.timeoutTimer = null;
      return;
    }
    const sent = run.sentHr.get(next)!;
    const dueInMs = run.config.timeoutMs - elapsedMs(sent, process.hrtime.bigint());
    run.timeoutTimer = setTimeout(() => this.#expire(run), Math.max(0, Math.ceil(dueInMs)));
  }

  #expire(run: Run): void {
    if (this.#run !== run) return;
    const now = process.hrtime.bigint();
    const timeoutNs = BigInt(run.config.timeoutMs) * 1_000_000n;
    let changed = false;
    while (run.deadlineHead < run.deadlines.length) {
      const index = run.deadlines[run.deadlineHead]!;
      const sent = run.sentHr.get(index);
      if (sent !== undefined && this.#table.isPending(index)) {
        if (now - sent < timeoutNs) break;
        this.#table.settle(index, { kind: 'timeout' });
        changed = true;
      }
      run.sentHr.delete(index);
      run.deadlineHead++;
    }
    this.#armTimeout(run);
    if (changed) this.logGrew();
    this.#finishIfDone(run);
  }

  #received(run: Run, message: NativeMessage): void {
    if (this.#run !== run) return;
    let icmp: Uint8Array = message.data;
    let ttl = message.ttl;
    // Raw IPv4 sockets (and macOS datagram ones) deliver the IP header; an ICMP type is never 0x4_.
    if (run.family === 'IPv4' && (run.mode === 'raw' || (icmp.length >= 20 && (icmp[0]! & 0xf0) === 0x40))) {
      const packet = splitIpv4Packet(icmp);
      if (!packet.ok || packet.value.header.protocol !== 1) return;
      ttl = packet.value.header.ttl;
      icmp = packet.value.payload;
    }
    const parsed = parseIcmp(run.family, icmp);
    if (!parsed.ok) return;
    const from = message.from && message.from.family !== 'unix' ? message.from.address : run.target;
    const match = this.#match(run, parsed.value);
    // A raw socket sees every ICMP message of the host: other pings, our own requests looped back.
    if (match === null) return;
    const sent = run.sentHr.get(match);
    if (parsed.value.kind === 'echo-reply') {
      const rttMs = sent === undefined ? this.#lateRtt(match) : elapsedMs(sent, process.hrtime.bigint());
      this.#table.settle(match, { kind: 'reply', from, ttl, rttMs, bytes: icmp.length });
    } else {
      this.#table.settle(match, { kind: 'error', from, message: parsed.value.kind === 'error' ? parsed.value.description : 'ICMP error', bytes: icmp.length });
    }
    run.sentHr.delete(match);
    this.log.append('in', icmp, from);
    this.logGrew();
    this.#finishIfDone(run);
  }

  /** The row a reply or error is about, or null when it is not ours. */
  #match(run: Run, message: IcmpMessage): number | null {
    let identifier: number;
    let sequence: number;
    if (message.kind === 'echo-reply') {
      ({ identifier, sequence } = message);
    } else if (message.kind === 'error' && message.quoted?.echo) {
      ({ identifier, sequence } = message.quoted.echo);
    } else {
      return null;
    }
    if (identifier !== run.identifier) return null;
    // The latest row with this sequence number (sequences wrap at 65536).
    const last = this.#table.sent - 1;
    if (last < 0) return null;
    const index = last - ((last - sequence) & 0xffff);
    return index >= 0 ? index : null;
  }

  /** RTT of a reply whose send time is gone (the row timed out): from the row's wall-clock time. */
  #lateRtt(index: number): number {
    const row = this.#table.read(index, 1)[0];
    return row ? preciseNow() - row.sentAt : 0;
  }

  #finishIfDone(run: Run): void {
    if (this.#run === run && run.sendingDone && this.#table.pending === 0) this.#stop(run, null);
  }

  #stop(run: Run, pendingMessage: string | null): void {
    this.#endRun(run);
    if (pendingMessage !== null) {
      for (const index of run.sentHr.keys()) this.#table.settle(index, { kind: 'timeout', message: pendingMessage });
    }
    this.#last = { socket: run.mode, target: run.target, identifier: run.identifier };
    this.setState({ status: 'closed', closedBy: 'local' });
    this.logGrew();
  }

  #endRun(run: Run): void {
    if (run.sendTimer) clearInterval(run.sendTimer);
    if (run.timeoutTimer) clearTimeout(run.timeoutTimer);
    run.sendTimer = null;
    run.timeoutTimer = null;
    run.sendingDone = true;
    if (run.reserved) rawIdentifiersInUse.delete(run.identifier);
    run.reserved = false;
    run.socket.close();
    if (this.#run === run) this.#run = null;
  }
}

function pingPayload(config: PingConfig): Uint8Array {
  if (!config.payload) return echoPattern(config.payloadSize);
  const encoded = encodePayload(config.payload);
  if (!encoded.ok) throw new CodedError(encoded.error.code, `Ping payload: ${encoded.error.message}`);
  if (encoded.value.length > 65_000) {
    throw new CodedError('INVALID_PAYLOAD', m.e_ping_payload_is_bytes_at_most({ length: encoded.value.length }));
  }
  return encoded.value;
}
