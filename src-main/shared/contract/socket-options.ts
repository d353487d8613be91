// Socket options by name (the native addon maps each to this OS's level and number) or by
// level and option number with a raw value: the "Socket options" panel of every session.
import * as v from 'valibot';
import { Int } from './fields.js';

/** How an option's value reads and is written. */
export type SocketOptionType = 'int' | 'bool' | 'linger' | 'text';

export interface SocketOptionInfo {
  level: 'SOL_SOCKET' | 'IPPROTO_IP' | 'IPPROTO_IPV6' | 'IPPROTO_TCP';
  type: SocketOptionType;
  /** Read-only options (SO_ERROR, SO_TYPE) reject a set. */
  readOnly?: boolean;
  description: string;
}

export const SOCKET_OPTIONS = {
  SO_RCVBUF: { level: 'SOL_SOCKET', type: 'int', description: 'Receive buffer size in bytes (Linux doubles what is set).' },
  SO_SNDBUF: { level: 'SOL_SOCKET', type: 'int', description: 'Send buffer size in bytes (Linux doubles what is set).' },
  SO_RCVBUFFORCE: { level: 'SOL_SOCKET', type: 'int', description: 'Receive buffer size past net.core.rmem_max (needs CAP_NET_ADMIN).' },
  SO_SNDBUFFORCE: { level: 'SOL_SOCKET', type: 'int', description: 'Send buffer size past net.core.wmem_max (needs CAP_NET_ADMIN).' },
  SO_LINGER: { level: 'SOL_SOCKET', type: 'linger', description: 'On close, wait up to this many seconds for unsent data (0: reset).' },
  SO_KEEPALIVE: { level: 'SOL_SOCKET', type: 'bool', description: 'Send TCP keepalive probes on an idle connection.' },
  SO_REUSEADDR: { level: 'SOL_SOCKET', type: 'bool', description: 'Allow binding an address still in TIME_WAIT.' },
  SO_REUSEPORT: { level: 'SOL_SOCKET', type: 'bool', description: 'Allow several sockets to bind the same port.' },
  SO_BROADCAST: { level: 'SOL_SOCKET', type: 'bool', description: 'Allow sending to broadcast addresses.' },
  SO_RCVLOWAT: { level: 'SOL_SOCKET', type: 'int', description: 'Bytes that must be waiting before a read wakes up.' },
  SO_SNDLOWAT: { level: 'SOL_SOCKET', type: 'int', description: 'Free send buffer bytes before a write wakes up.' },
  SO_PRIORITY: { level: 'SOL_SOCKET', type: 'int', description: 'Linux queueing priority of sent packets (0 to 6 without CAP_NET_ADMIN).' },
  SO_MARK: { level: 'SOL_SOCKET', type: 'int', description: 'Linux firewall mark of sent packets (needs CAP_NET_ADMIN).' },
  SO_BINDTODEVICE: { level: 'SOL_SOCKET', type: 'text', description: 'Send and receive only through this interface (e.g. eth0).' },
  SO_ERROR: { level: 'SOL_SOCKET', type: 'int', readOnly: true, description: 'The pending socket error (reading clears it).' },
  SO_TYPE: { level: 'SOL_SOCKET', type: 'int', readOnly: true, description: 'The socket type (1 stream, 2 datagram, 3 raw, 5 seqpacket on Linux).' },
  IP_TOS: { level: 'IPPROTO_IP', type: 'int', description: 'Type of service / DSCP and ECN byte of sent IPv4 packets.' },
  IP_TTL: { level: 'IPPROTO_IP', type: 'int', description: 'Time to live of sent IPv4 packets.' },
  IP_HDRINCL: { level: 'IPPROTO_IP', type: 'bool', description: 'Raw sockets: the data sent includes the IPv4 header.' },
  IP_RECVTTL: { level: 'IPPROTO_IP', type: 'bool', description: 'Deliver the TTL of received packets.' },
  IP_MULTICAST_TTL: { level: 'IPPROTO_IP', type: 'int', description: 'TTL of sent IPv4 multicast packets.' },
  IP_MULTICAST_LOOP: { level: 'IPPROTO_IP', type: 'bool', description: 'Loop sent IPv4 multicast back to this machine.' },
  IP_MTU_DISCOVER: { level: 'IPPROTO_IP', type: 'int', description: 'Path MTU discovery mode (Linux: 0 don\'t, 1 want, 2 do, 3 probe).' },
  IPV6_V6ONLY: { level: 'IPPROTO_IPV6', type: 'bool', description: 'An IPv6 socket accepts IPv6 only (no IPv4-mapped addresses).' },
  IPV6_UNICAST_HOPS: { level: 'IPPROTO_IPV6', type: 'int', description: 'Hop limit of sent IPv6 packets (-1: the route\'s default).' },
  IPV6_MULTICAST_HOPS: { level: 'IPPROTO_IPV6', type: 'int', description: 'Hop limit of sent IPv6 multicast packets.' },
  IPV6_TCLASS: { level: 'IPPROTO_IPV6', type: 'int', description: 'Traffic class of sent IPv6 packets.' },
  TCP_NODELAY: { level: 'IPPROTO_TCP', type: 'bool', description: 'Send small segments at once (Nagle off).' },
  TCP_MAXSEG: { level: 'IPPROTO_TCP', type: 'int', description: 'Maximum segment size.' },
  TCP_KEEPIDLE: { level: 'IPPROTO_TCP', type: 'int', description: 'Seconds idle before the first keepalive probe.' },
  TCP_KEEPINTVL: { level: 'IPPROTO_TCP', type: 'int', description: 'Seconds between keepalive probes.' },
  TCP_KEEPCNT: { level: 'IPPROTO_TCP', type: 'int', description: 'Unanswered probes before the connection is dropped.' },
  TCP_CORK: { level: 'IPPROTO_TCP', type: 'bool', description: 'Linux: hold partial segments until uncorked.' },
  TCP_QUICKACK: { level: 'IPPROTO_TCP', type: 'bool', description: 'Linux: acknowledge at once instead of delaying.' },
  TCP_USER_TIMEOUT: { level: 'IPPROTO_TCP', type: 'int', description: 'Linux: ms that sent data may stay unacknowledged before the connection drops.' },
  TCP_CONGESTION: { level: 'IPPROTO_TCP', type: 'text', description: 'Linux: congestion control algorithm (e.g. cubic, reno).' },
} as const satisfies Record<string, SocketOptionInfo>;
export type SocketOptionName = keyof typeof SOCKET_OPTIONS;
export const SOCKET_OPTION_NAMES = Object.keys(SOCKET_OPTIONS) as SocketOptionName[];

/** An option by name, or by level and option number (size: bytes to read). */
export const SocketOptionRef = v.variant('type', [
  v.strictObject({ type: v.literal('name'), name: v.picklist(SOCKET_OPTION_NAMES) }),
  v.strictObject({
    type: v.literal('number'),
    level: Int(0, 0x7fffffff, 'must be 0 to 2147483647'),
    option: Int(0, 0x7fffffff, 'must be 0 to 2147483647'),
    size: v.optional(Int(1, 256, 'must be 1 to 256 bytes'), 4),
  }),
]);
export type SocketOptionRef = v.InferOutput<typeof SocketOptionRef>;

export const SocketOptionValue = v.variant('type', [
  v.strictObject({ type: v.literal('int'), value: Int(-2147483648, 2147483647, 'must be a 32-bit integer') }),
  v.strictObject({ type: v.literal('bool'), value: v.boolean() }),
  v.strictObject({ type: v.literal('linger'), on: v.boolean(), seconds: Int(0, 65535, 'must be 0 to 65535 s') }),
  v.strictObject({ type: v.literal('text'), value: v.pipe(v.string(), v.maxLength(255, 'is longer than 255 characters')) }),
  /** Raw bytes as hex (spaces allowed), exactly as setsockopt takes them. */
  v.strictObject({ type: v.literal('hex'), value: v.pipe(v.string(), v.maxLength(1024, 'is too long')) }),
]);
export type SocketOptionValue = v.InferOutput<typeof SocketOptionValue>;

/** An option as read back from the socket. */
export interface SocketOptionReading {
  /** The name, when the option was asked for by name (or its level/number match a known one). */
  name: SocketOptionName | null;
  level: number;
  option: number;
  value: SocketOptionValue;
  /** The raw bytes getsockopt returned, as hex. */
  hex: string;
  /** In words, e.g. "212992 bytes", "on", "on, 5 s". */
  display: string;
}
