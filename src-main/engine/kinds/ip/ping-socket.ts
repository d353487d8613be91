// Opens ping's ICMP socket: a raw one when the process may, else (socket 'auto') a datagram ICMP
// socket, which Linux allows for groups in net.ipv4.ping_group_range and macOS allows to all.
import { m } from '../../../shared/i18n/paraglide/messages.js';
import type { PingConfig } from '../../../shared/contract.js';
import type { NativeModule, NativeSocket } from '../../../native/native-api.js';
import { errnoCode } from '../../../native/native.js';
import { CodedError, toWireError } from '../../errors.js';
import { nativeIpAddress, setIntOption, type IpFamily } from '../../sockets/ip-target.js';
import { rawPermissionError, rawPrivilegeHelp, isPermissionError } from '../../sockets/raw-privilege.js';
import { nativeConstant } from '../../sockets/require-native.js';

export interface PingSocket {
  socket: NativeSocket;
  mode: 'raw' | 'datagram';
  /** The identifier on the wire: the config's, or for a datagram socket the one the kernel gave. */
  identifier: number;
  notice: string | null;
}

/** Answers of socket() meaning "this kind of socket does not exist here" rather than "not allowed". */
const UNSUPPORTED = new Set(['EPROTONOSUPPORT', 'ESOCKTNOSUPPORT', 'EAFNOSUPPORT', 'EPROTOTYPE', 'EINVAL']);



/** identifier: the one to use when the config names none (raw sockets; datagram ones let the kernel pick). */
export function openPingSocket(native: NativeModule, config: PingConfig, family: IpFamily, identifier: number): PingSocket {
  const wanted = config.socket;
  if (wanted !== 'datagram') {
    try {
      return { socket: openIcmp(native, family, 'SOCK_RAW', config), mode: 'raw', identifier, notice: null };
    } catch (err) {
      if (wanted === 'raw' || !isPermissionError(err)) throw openError(err, 'raw');
    }
  }
  let socket: NativeSocket;
  try {
    socket = openIcmp(native, family, 'SOCK_DGRAM', config);
  } catch (err) {
    if (wanted === 'auto' && (isPermissionError(err) || UNSUPPORTED.has(errnoCode(err) ?? ''))) {
      throw rawPermissionError('Ping', { ping: true, triedDatagram: true });
    }
    throw openError(err, 'datagram');
  }
  try {
    // The kernel keys datagram ICMP sockets by their "port", which is the identifier on the wire.
    socket.bind(nativeIpAddress(family === 'IPv4' ? '0.0.0.0' : '::', family, config.identifier ?? 0));
    const local = socket.localAddress();
    const actual = local && local.family !== 'unix' ? local.port : (config.identifier ?? 0);
    const notice = `${wanted === 'datagram' ? m.notice_ping_datagram_chosen() : m.notice_ping_datagram()} ${m.notice_ping_datagram_limits()}`;
    return { socket, mode: 'datagram', identifier: actual, notice };
  } catch (err) {
    socket.close();
    if (errnoCode(err) === 'EADDRINUSE') {
      throw new CodedError('EADDRINUSE', m.e_another_ping_socket_on_this_machine({ identifier: String(config.identifier) }));
    }
    throw openError(err, 'datagram');
  }
}

function openIcmp(native: NativeModule, family: IpFamily, type: 'SOCK_RAW' | 'SOCK_DGRAM', config: PingConfig): NativeSocket {
  const what = family === 'IPv4' ? 'ICMP ping' : 'ICMPv6 ping';
  const domain = nativeConstant(native, family === 'IPv4' ? 'AF_INET' : 'AF_INET6', what);
  const protocol = nativeConstant(native, family === 'IPv4' ? 'IPPROTO_ICMP' : 'IPPROTO_ICMPV6', what);
  const socket = native.open(domain, nativeConstant(native, type, what), protocol);
  try {
    if (family === 'IPv4') {
      // A raw IPv4 socket reads the TTL from the header it delivers; a datagram one needs the cmsg.
      if (type === 'SOCK_DGRAM') setIntOption(native, socket, 'IPPROTO_IP', 'IP_RECVTTL', 1, what);
      if (config.ttl !== undefined) setIntOption(native, socket, 'IPPROTO_IP', 'IP_TTL', config.ttl, what);
    } else {
      setIntOption(native, socket, 'IPPROTO_IPV6', 'IPV6_RECVHOPLIMIT', 1, what);
      if (config.ttl !== undefined) setIntOption(native, socket, 'IPPROTO_IPV6', 'IPV6_UNICAST_HOPS', config.ttl, what);
    }
  } catch (err) {
    socket.close();
    throw err;
  }
  return socket;
}

function openError(err: unknown, mode: 'raw' | 'datagram'): CodedError {
  if (err instanceof CodedError) return err;
  if (isPermissionError(err)) {
    if (mode === 'raw') return rawPermissionError('Ping with a raw socket', { ping: true });
    return new CodedError(
      'EPERM_RAW',
      m.e_ping_could_not_open_a_datagram({ value: rawPrivilegeHelp({ ping: true }) }),
    );
  }
  const wire = toWireError(err);
  return new CodedError(wire.code, mode === 'raw' ? m.ping_open_raw_failed({ reason: wire.message }) : m.ping_open_dgram_failed({ reason: wire.message }));
}
