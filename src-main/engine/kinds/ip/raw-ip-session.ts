// A Raw IP tab: one SOCK_RAW socket for an IP protocol number. Every packet of that protocol the
// host receives is an 'in' entry (IPv4: with the IP header as the kernel delivers it; IPv6: the
// payload only). Sends go to the config's host or one named per send; with includeHeader (IPv4,
// IP_HDRINCL) the header is built field by field from the codec.
import {
  type CommandOutputs,
  type IpHeaderFields,
  type RawIpConfig,
  type SendTarget,
  type SessionConfig,
  type SessionSnapshot,
} from '../../../shared/contract.js';
import { m } from '../../../shared/i18n/paraglide/messages.js';
import { buildIpv4Packet, type Ipv4HeaderSpec } from '../../../shared/codec/ip-header.js';
import type { NativeMessage, NativeSocket } from '../../../native/native-api.js';
import { errnoCode } from '../../../native/native.js';
import { CodedError, toWireError } from '../../errors.js';
import { nativeIpAddress, resolveIpHost, setIntOption, type IpFamily, type ResolvedHost } from '../../sockets/ip-target.js';
import { isPermissionError, rawPermissionError } from '../../sockets/raw-privilege.js';
import { nativeConstant, requireNative } from '../../sockets/require-native.js';
import { Session, type SendResult, type SessionHooks } from '../../session.js';
import { preciseNow } from '../../clock.js';

const IPPROTO_RAW = 255;

interface Open {
  socket: NativeSocket;
  config: RawIpConfig;
  family: IpFamily;
  /** The config's host, resolved; null for a receive-only session. */
  host: ResolvedHost | null;
}

export class RawIpSession extends Session {
  #open: Open | null = null;

  constructor(id: string, hooks: SessionHooks) {
    super(id, 'raw-ip', hooks);
  }

  protected override optionFd(): number | null {
    return this.#open?.socket.fd ?? null;
  }

  async connect(config: SessionConfig): Promise<SessionSnapshot> {
    if (config.kind !== 'raw-ip') {
      throw new CodedError('INVALID_PAYLOAD', m.e_session_is_a_raw_ip_session({ id: this.id, kind: config.kind }));
    }
    this.refuseWhileStarted('close it');
    this.resetForConnect(config);
    let socket: NativeSocket | null = null;
    try {
      const family: IpFamily = config.family === 'ipv6' ? 'IPv6' : 'IPv4';
      checkConfig(config, family);
      const host = config.host === undefined ? null : await resolveIpHost(config.host, config.family);
      const local = config.localAddress === undefined ? null : await resolveIpHost(config.localAddress, config.family);
      if (host) this.setState({ resolved: host.all });
      const native = requireNative('Raw IP');
      const what = `A Raw IP socket for protocol ${config.protocol}`;
      const domain = nativeConstant(native, family === 'IPv4' ? 'AF_INET' : 'AF_INET6', 'Raw IP');
      try {
        socket = native.open(domain, nativeConstant(native, 'SOCK_RAW', 'Raw IP'), config.protocol);
      } catch (err) {
        throw openError(err, what, config.protocol);
      }
      if (config.includeHeader) setIntOption(native, socket, 'IPPROTO_IP', 'IP_HDRINCL', 1, 'Include IP header');
      if (local) {
        try {
          socket.bind(nativeIpAddress(local.address, family));
        } catch (err) {
          throw new CodedError(errnoCode(err) ?? 'INTERNAL', toWireError(err, local.address).message);
        }
      }
      const open: Open = { socket, config, family, host };
      this.#open = open;
      this.#startReading(open);
      this.setState({
        status: 'open',
        local: local ? { address: local.address, port: 0, family } : null,
        remote: host ? { address: host.address, port: 0, family } : null,
        openedAt: preciseNow(),
        notice: notice(config),
      });
      return this.snapshot();
    } catch (err) {
      socket?.close();
      this.#open = null;
      throw this.connectFailed(err, config.host);
    }
  }

  async disconnect(): Promise<SessionSnapshot> {
    const open = this.#open;
    if (open) {
      this.#open = null;
      open.socket.close();
      this.setState({ status: 'closed', closedBy: 'local' });
    }
    return this.snapshot();
  }

  /** The composer's Send: the payload, with a default header when the session includes one. */
  async send(bytes: Uint8Array, to?: SendTarget): Promise<SendResult> {
    if (to !== undefined && to.type !== 'address') {
      throw new CodedError('INVALID_PAYLOAD', m.e_a_raw_ip_session_sends_to());
    }
    const open = this.#openOrThrow();
    return this.#sendPacket(open, bytes, open.config.includeHeader ? {} : undefined, to?.host);
  }

  override async rawSend(bytes: Uint8Array, header?: IpHeaderFields, host?: string): Promise<CommandOutputs['raw.send']> {
    const open = this.#openOrThrow();
    if (header !== undefined && !open.config.includeHeader) {
      throw new CodedError(
        'INVALID_PAYLOAD',
        m.e_this_session_does_not_include_the(),
      );
    }
    return this.#sendPacket(open, bytes, open.config.includeHeader ? (header ?? {}) : undefined, host);
  }

  protected destroySockets(): void {
    this.#open?.socket.close();
    this.#open = null;
  }

  protected override pauseReading(): void {
    this.#open?.socket.readStop();
  }

  protected override resumeReading(): void {
    if (this.#open) this.#startReading(this.#open);
  }

  #openOrThrow(): Open {
    const open = this.#open;
    if (!open || this.status !== 'open') throw new CodedError('NOT_CONNECTED', m.e_session_is_not_open_open_it({ id: this.id }));
    return open;
  }

  async #sendPacket(open: Open, payload: Uint8Array, header: Ipv4HeaderSpec | undefined, host: string | undefined): Promise<SendResult> {
    const destination = host !== undefined ? (await resolveIpHost(host, open.config.family)).address : (open.host?.address ?? header?.destination);
    if (destination === undefined) {
      throw new CodedError('NO_TARGET', m.e_this_raw_ip_session_has_no());
    }
    let packet = payload;
    if (header) {
      try {
        packet = buildIpv4Packet(header, payload, { protocol: open.config.protocol, destination });
      } catch (err) {
        throw new CodedError('INVALID_PAYLOAD', err instanceof Error ? err.message : String(err));
      }
    }
    if (this.#open !== open) throw new CodedError('NOT_CONNECTED', m.e_session_closed_before_the_packet_was({ id: this.id }));
    try {
      open.socket.send(packet, nativeIpAddress(destination, open.family));
    } catch (err) {
      throw sendError(err, destination, packet.length);
    }
    const seq = this.log.append('out', packet, destination);
    this.logGrew();
    return { bytes: packet.length, seq, targets: 1 };
  }

  #startReading(open: Open): void {
    open.socket.readStart({
      onMessage: (message) => this.#received(open, message),
      onError: (err) => {
        if (this.#open !== open) return;
        this.#open = null;
        open.socket.close();
        const error = toWireError(err);
        this.setState({ status: 'failed', error: { code: error.code, message: `The raw socket failed: ${error.message}` } });
      },
    });
  }

  #received(open: Open, message: NativeMessage): void {
    if (this.#open !== open || this.logFailed) return;
    const from = message.from && message.from.family !== 'unix' ? message.from.address : null;
    this.reception.logMessage(message.data, from);
    this.logGrew();
  }
}

function checkConfig(config: RawIpConfig, family: IpFamily): void {
  if (family === 'IPv6' && config.includeHeader) {
    throw new CodedError(
      'INVALID_PAYLOAD',
      m.e_include_ip_header_ip_hdrincl_is(),
    );
  }
  if (config.protocol === IPPROTO_RAW && process.platform === 'linux') {
    if (family === 'IPv6') {
      throw new CodedError('UNSUPPORTED_ON_OS', m.e_ipv6_protocol_255_ipproto_raw_sockets());
    }
    if (!config.includeHeader) {
      throw new CodedError(
        'INVALID_PAYLOAD',
        m.e_protocol_255_ipproto_raw_on_linux(),
      );
    }
  }
}

function notice(config: RawIpConfig): string | null {
  const notes: string[] = [];
  if (config.protocol === IPPROTO_RAW && process.platform === 'linux') {
    notes.push(m.notice_ipproto_raw_send_only());
  }
  if (config.includeHeader && process.platform === 'linux') {
    notes.push(m.notice_linux_fills_header());
  }
  return notes.length > 0 ? notes.join(' ') : null;
}

function openError(err: unknown, what: string, protocol: number): CodedError {
  if (isPermissionError(err)) return rawPermissionError(what, { ping: false });
  const code = errnoCode(err);
  if (code === 'EPROTONOSUPPORT' || code === 'EINVAL') {
    return new CodedError('EPROTONOSUPPORT', m.e_this_os_does_not_open_raw({ protocol }));
  }
  const wire = toWireError(err);
  return new CodedError(wire.code, `${what} could not be opened: ${wire.message}`);
}

function sendError(err: unknown, destination: string, size: number): CodedError {
  const code = errnoCode(err);
  if (code === 'EMSGSIZE') return new CodedError('EMSGSIZE', m.e_the_packet_bytes_is_too_large({ size, destination }));
  if (code === 'EAGAIN') return new CodedError('EAGAIN', m.e_the_socket_s_send_buffer_is());
  if (isPermissionError(err)) return new CodedError(code ?? 'EACCES', m.raw_send_not_permitted({ destination }));
  const wire = toWireError(err, destination);
  return new CodedError(wire.code, wire.message);
}
