// THE contract between the renderer and main: every command (request -> result) and every
// event (main -> renderer push), each with its valibot schema. Pure: no node:, electron or DOM
// import, so the renderer, the router, the transports and the tests all import this one file.
import * as v from 'valibot';

// ---------------------------------------------------------------------------------------------
// Errors travel as data with stable codes: Error objects do not survive a process boundary.

export const ERROR_CODES = [
  // payload / input
  'INVALID_PAYLOAD',
  'UNKNOWN_COMMAND',
  'INVALID_HEX',
  'INVALID_ESCAPE',
  'INVALID_BASE64',
  // sessions
  'NO_SUCH_SESSION',
  'NO_SUCH_ENTRY',
  'NO_SUCH_PEER',
  'NO_TARGET',
  'STALE_SOCKET',
  'TLS_VERIFY_FAILED',
  'TLS_FILE',
  'UNSUPPORTED_ON_OS',
  'NOT_CONNECTED',
  'ALREADY_OPEN',
  'UNSUPPORTED_KIND',
  'LOG_SPILL_FAILED',
  'NATIVE_UNAVAILABLE',
  'UNKNOWN_OPTION',
  // sockets (the OS code is kept as is)
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRINUSE',
  'EADDRNOTAVAIL',
  'EACCES',
  'EPIPE',
  'EMSGSIZE',
  'ENOENT',
  'ECONNABORTED',
  // files (saving a log)
  'EEXIST',
  'EISDIR',
  'ENOTDIR',
  'ENOSPC',
  'EBUSY',
  'EPERM_RAW',
  'ENOPROTOOPT',
  'EPROTONOSUPPORT',
  'EAGAIN',
  // transports
  'FORBIDDEN',
  'DISCONNECTED',
  'INTERNAL',
] as const;

/** A known code, or an OS error code we have no words for yet (still shown verbatim). */
export type ErrorCode = (typeof ERROR_CODES)[number] | (string & {});

export interface WireError {
  code: ErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: WireError };

// ---------------------------------------------------------------------------------------------
// Shared pieces

const SessionId = v.pipe(v.string(), v.regex(/^s[0-9]{1,9}$/, 'must be a session id like "s1"'));
const Seq = v.pipe(v.number(), v.integer(), v.minValue(0));
const Port = v.pipe(v.number(), v.integer(), v.minValue(1, 'must be 1 to 65535'), v.maxValue(65535, 'must be 1 to 65535'));
const Host = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(253, 'is longer than 253 characters'));

/** Session kinds. The last six need the native addon (src-main/native). */
export const SESSION_KINDS = [
  'tcp-client',
  'tcp-server',
  'udp',
  'unix-client',
  'unix-server',
  'tls-client',
  'tls-server',
  'ping',
  'raw-ip',
  'unix-dgram-client',
  'unix-dgram-server',
  'unix-seqpacket-client',
  'unix-seqpacket-server',
] as const;
export const SessionKind = v.picklist(SESSION_KINDS);
export type SessionKind = v.InferOutput<typeof SessionKind>;

export const SESSION_KIND_LABELS: Record<SessionKind, string> = {
  'tcp-client': 'TCP client',
  'tcp-server': 'TCP server',
  udp: 'UDP',
  'unix-client': 'Unix client',
  'unix-server': 'Unix server',
  'tls-client': 'TLS client',
  'tls-server': 'TLS server',
  ping: 'Ping',
  'raw-ip': 'Raw IP',
  'unix-dgram-client': 'Unix datagram client',
  'unix-dgram-server': 'Unix datagram server',
  'unix-seqpacket-client': 'Unix seqpacket client',
  'unix-seqpacket-server': 'Unix seqpacket server',
};

/** Kinds built on the native addon: unavailable (and said why) when it did not build. */
export const NATIVE_KINDS: readonly SessionKind[] = [
  'ping',
  'raw-ip',
  'unix-dgram-client',
  'unix-dgram-server',
  'unix-seqpacket-client',
  'unix-seqpacket-server',
];

/**
 * Kinds that listen and keep a table of peers (connected clients; for UDP and Unix datagram
 * servers, the senders heard from).
 */
export const PEER_KINDS: readonly SessionKind[] = [
  'tcp-server',
  'unix-server',
  'tls-server',
  'udp',
  'unix-dgram-server',
  'unix-seqpacket-server',
];

export const INPUT_FORMATS = ['text', 'hex', 'base64'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];
export const LINE_ENDINGS = ['none', 'lf', 'crlf', 'cr'] as const;
export type LineEnding = (typeof LINE_ENDINGS)[number];

/** Largest message the composer may send at once (after decoding). */
export const MAX_SEND_BYTES = 16 * 1024 * 1024;
/**
 * What log.save writes: every entry as a JSON object per line, or only the bytes received
 * (or sent), back to back, as they came.
 */
export const LOG_SAVE_FORMATS = ['jsonl', 'raw-in', 'raw-out'] as const;
export type LogSaveFormat = (typeof LOG_SAVE_FORMATS)[number];

/** Largest number of entries (or peers) one read returns. */
export const MAX_READ_ENTRIES = 1000;
/** Largest byte range one log.bytes returns. */
export const MAX_READ_BYTES = 1024 * 1024;
/** Most peers one command may name. */
export const MAX_PEER_IDS = 10_000;

const Int = (min: number, max: number, words?: string) =>
  v.pipe(v.number(), v.integer(), v.minValue(min, words), v.maxValue(max, words));
/** A local address to bind: IPv4, IPv6 (`::` listens on both), or a name. */
const LocalAddress = v.pipe(v.string(), v.trim(), v.maxLength(253, 'is longer than 253 characters'));
const LocalPort = Int(0, 65535, 'must be 0 to 65535 (0 picks a free port)');
const TimeoutMs = Int(100, 600_000, 'must be 100 to 600000 ms');
/** A Unix socket path; on Linux `@name` is the abstract namespace; on Windows `\\.\pipe\name`. */
const UnixPath = v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(4096, 'is too long'));
const FilePath = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(4096, 'is too long'));
/** An absolute path (POSIX `/...`, Windows `C:\...` or `\\server\share\...`) of a file to write. */
const AbsoluteFilePath = v.pipe(
  FilePath,
  v.check((p) => !p.includes('\0'), 'must not contain a NUL character'),
  v.regex(/^(\/|[A-Za-z]:[\\/]|\\\\)/, 'must be an absolute path, like /home/me/log.jsonl'),
);
const PeerId = v.pipe(v.string(), v.regex(/^p[0-9]{1,9}$/, 'must be a peer id like "p1"'));

/**
 * valibot's object schemas take an array as an object; one whose fields are all optional
 * would then accept `[]`. Options objects go through this first.
 */
function notArray<S extends v.GenericSchema<Record<string, unknown>>>(schema: S) {
  return v.pipe(v.custom<v.InferInput<S>>((x) => !Array.isArray(x), 'must be an object, not an array'), schema);
}

export const SendPayload = v.strictObject({
  format: v.picklist(INPUT_FORMATS),
  // 4x MAX_SEND_BYTES leaves room for hex separators; the decoded size is checked after parsing.
  text: v.pipe(v.string(), v.maxLength(4 * MAX_SEND_BYTES, 'is too long')),
  lineEnding: v.optional(v.picklist(LINE_ENDINGS), 'none'),
});
export type SendPayload = v.InferOutput<typeof SendPayload>;

/** Socket options, wherever they apply (TCP, TLS, Unix stream where meaningful). */
export const SocketOptions = notArray(
  v.strictObject({
    noDelay: v.optional(v.boolean(), true),
    keepAlive: v.optional(v.boolean(), false),
    keepAliveDelayMs: v.optional(Int(0, 86_400_000), 60_000),
    /** IP TTL (hop limit for IPv6) of outgoing packets; absent: the OS default. */
    ttl: v.optional(Int(1, 255, 'must be 1 to 255')),
    /** Close a connection idle this long (no bytes either way); 0: never. */
    idleTimeoutMs: v.optional(Int(0, 86_400_000), 0),
  }),
);
export type SocketOptions = v.InferOutput<typeof SocketOptions>;

/** What a listening session does for each client. */
export const ServerOptions = notArray(
  v.strictObject({
    /** Sent to each client as it connects. */
    welcome: v.optional(v.nullable(SendPayload), null),
    /** Send every received chunk back to its sender. */
    echo: v.optional(v.boolean(), false),
    /** Sent back to the sender after every received chunk. */
    autoReply: v.optional(v.nullable(SendPayload), null),
    /** Connections over this many are closed at once and counted; 0: no limit. */
    maxClients: v.optional(Int(0, 1_000_000), 0),
    /** SO_REUSEADDR on the listener. */
    reuseAddress: v.optional(v.boolean(), true),
  }),
);
export type ServerOptions = v.InferOutput<typeof ServerOptions>;

const ClientBinding = {
  /** Bind the client's own end to this address and/or port (0 or absent: any). */
  localAddress: v.optional(LocalAddress),
  localPort: v.optional(LocalPort),
};

export const TcpClientConfig = v.strictObject({
  kind: v.literal('tcp-client'),
  host: Host,
  port: Port,
  /** Connect timeout in milliseconds. */
  timeoutMs: v.optional(TimeoutMs, 10_000),
  ...ClientBinding,
  options: v.optional(SocketOptions, {}),
});
export type TcpClientConfig = v.InferOutput<typeof TcpClientConfig>;

/** Where and how a TCP or TLS server listens. */
const Listening = {
  /** `::` listens on IPv6 and IPv4 (unless ipv6Only). */
  localAddress: v.optional(LocalAddress, '::'),
  localPort: v.optional(LocalPort, 0),
  ipv6Only: v.optional(v.boolean(), false),
  server: v.optional(ServerOptions, {}),
  options: v.optional(SocketOptions, {}),
};

export const TcpServerConfig = v.strictObject({
  kind: v.literal('tcp-server'),
  ...Listening,
});
export type TcpServerConfig = v.InferOutput<typeof TcpServerConfig>;

export const UnixClientConfig = v.strictObject({
  kind: v.literal('unix-client'),
  path: UnixPath,
  timeoutMs: v.optional(TimeoutMs, 10_000),
});
export type UnixClientConfig = v.InferOutput<typeof UnixClientConfig>;

export const UnixServerConfig = v.strictObject({
  kind: v.literal('unix-server'),
  path: UnixPath,
  /** A socket file nobody listens on is removed before listening (else: STALE_SOCKET). */
  removeStale: v.optional(v.boolean(), false),
  server: v.optional(ServerOptions, {}),
});
export type UnixServerConfig = v.InferOutput<typeof UnixServerConfig>;

const AlpnList = v.pipe(
  v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(255))),
  v.maxLength(16, 'at most 16 protocols'),
);

export const TlsClientConfig = v.strictObject({
  kind: v.literal('tls-client'),
  host: Host,
  port: Port,
  timeoutMs: v.optional(TimeoutMs, 10_000),
  ...ClientBinding,
  options: v.optional(SocketOptions, {}),
  /** SNI server name; absent: the host when it is a name. */
  servername: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(253))),
  alpn: v.optional(AlpnList, []),
  /** Verify the server's certificate chain and name. Off is shown as such in the tab. */
  verify: v.optional(v.boolean(), true),
  caFile: v.optional(FilePath),
  certFile: v.optional(FilePath),
  keyFile: v.optional(FilePath),
});
export type TlsClientConfig = v.InferOutput<typeof TlsClientConfig>;

export const TlsServerConfig = v.strictObject({
  kind: v.literal('tls-server'),
  ...Listening,
  /** Certificate and key files (PEM); both absent: a generated self-signed certificate. */
  certFile: v.optional(FilePath),
  keyFile: v.optional(FilePath),
  /** Ask clients for a certificate; with requireClientCert, refuse those without a valid one. */
  requestClientCert: v.optional(v.boolean(), false),
  requireClientCert: v.optional(v.boolean(), false),
  /** CAs that client certificates are verified against. */
  caFile: v.optional(FilePath),
  alpn: v.optional(AlpnList, []),
});
export type TlsServerConfig = v.InferOutput<typeof TlsServerConfig>;

export const UdpConfig = v.strictObject({
  kind: v.literal('udp'),
  /** `0.0.0.0`, `::` (both families unless ipv6Only), or one address. */
  localAddress: v.optional(LocalAddress, '0.0.0.0'),
  localPort: v.optional(LocalPort, 0),
  ipv6Only: v.optional(v.boolean(), false),
  /** Default destination of "Send"; absent: send needs an explicit target. */
  remoteHost: v.optional(Host),
  remotePort: v.optional(Port),
  broadcast: v.optional(v.boolean(), false),
  reuseAddress: v.optional(v.boolean(), false),
  ttl: v.optional(Int(1, 255, 'must be 1 to 255')),
  multicastTtl: v.optional(Int(0, 255, 'must be 0 to 255')),
  multicastLoopback: v.optional(v.boolean(), true),
  /** Outgoing multicast interface (an address of this machine; for IPv6 e.g. `::%lo`). */
  multicastInterface: v.optional(LocalAddress),
  /** Groups to join as soon as the socket is bound. */
  groups: v.optional(v.pipe(v.array(v.strictObject({ group: Host, interface: v.optional(LocalAddress) })), v.maxLength(64)), []),
});
export type UdpConfig = v.InferOutput<typeof UdpConfig>;

// --- Native kinds (src-main/native): ping, raw IP, Unix datagram and seqpacket -------------

const IPv4Address = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/, 'must be an IPv4 address like 192.0.2.1'),
);

export const PingConfig = v.strictObject({
  kind: v.literal('ping'),
  host: Host,
  /** Which address family to ping when the name has both; 'any' takes the first address. */
  family: v.optional(v.picklist(['any', 'ipv4', 'ipv6']), 'any'),
  intervalMs: v.optional(Int(10, 3_600_000, 'must be 10 to 3600000 ms'), 1000),
  /** How long to wait for each reply before counting it lost. */
  timeoutMs: v.optional(Int(10, 600_000, 'must be 10 to 600000 ms'), 2000),
  /** Echo requests to send; 0 sends until Stop. */
  count: v.optional(Int(0, 1_000_000, 'must be 0 (until Stop) to 1000000'), 0),
  /** ICMP identifier; absent: one chosen per session (a datagram socket may get the kernel's). */
  identifier: v.optional(Int(0, 65535, 'must be 0 to 65535')),
  /** Payload bytes after the ICMP header, filled with a pattern; ignored when payload is given. */
  payloadSize: v.optional(Int(0, 65_000, 'must be 0 to 65000 bytes'), 56),
  payload: v.optional(SendPayload),
  ttl: v.optional(Int(1, 255, 'must be 1 to 255')),
  /** 'auto': a raw socket, else (no privilege) a datagram ICMP socket where the OS allows one. */
  socket: v.optional(v.picklist(['auto', 'raw', 'datagram']), 'auto'),
});
export type PingConfig = v.InferOutput<typeof PingConfig>;

export const RawIpConfig = v.strictObject({
  kind: v.literal('raw-ip'),
  family: v.optional(v.picklist(['ipv4', 'ipv6']), 'ipv4'),
  /** IP protocol number to send with and to receive (1 ICMP, 6 TCP, 17 UDP, 253 experiments...). */
  protocol: Int(0, 255, 'must be 0 to 255'),
  /** Default destination of Send; absent: receive only, or name a host per send. */
  host: v.optional(Host),
  localAddress: v.optional(LocalAddress),
  /** IPv4: the user writes the IP header (IP_HDRINCL); raw.send then takes its fields. */
  includeHeader: v.optional(v.boolean(), false),
});
export type RawIpConfig = v.InferOutput<typeof RawIpConfig>;

/** An IPv4 header, field by field; absent fields are computed (lengths, checksum) or defaulted. */
export const IpHeaderFields = notArray(
  v.strictObject({
    version: v.optional(Int(0, 15, 'must be 0 to 15'), 4),
    /** Header length in 32-bit words (5 = 20 bytes, no options). */
    ihl: v.optional(Int(5, 15, 'must be 5 to 15'), 5),
    tos: v.optional(Int(0, 255, 'must be 0 to 255'), 0),
    /** Absent: header + payload. */
    totalLength: v.optional(Int(0, 65535, 'must be 0 to 65535')),
    id: v.optional(Int(0, 65535, 'must be 0 to 65535'), 0),
    /** The 3 flag bits: 4 reserved, 2 DF (don't fragment), 1 MF (more fragments). */
    flags: v.optional(Int(0, 7, 'must be 0 to 7'), 0),
    fragmentOffset: v.optional(Int(0, 8191, 'must be 0 to 8191'), 0),
    ttl: v.optional(Int(0, 255, 'must be 0 to 255'), 64),
    /** Absent: the session's protocol. */
    protocol: v.optional(Int(0, 255, 'must be 0 to 255')),
    /** Absent: 0.0.0.0, which the OS fills in with the outgoing address. */
    source: v.optional(IPv4Address),
    /** Absent: the address the packet is sent to. */
    destination: v.optional(IPv4Address),
    /** Absent: computed. (Linux recomputes it anyway when it sends the packet.) */
    checksum: v.optional(Int(0, 65535, 'must be 0 to 65535')),
  }),
);
export type IpHeaderFields = v.InferOutput<typeof IpHeaderFields>;

export const UnixDgramClientConfig = v.strictObject({
  kind: v.literal('unix-dgram-client'),
  /** The server's socket path (or @abstract name). */
  path: UnixPath,
  /** This side's own path, so the server can reply; absent: an automatic abstract name on Linux, else unnamed. */
  localPath: v.optional(UnixPath),
});
export type UnixDgramClientConfig = v.InferOutput<typeof UnixDgramClientConfig>;

export const UnixDgramServerConfig = v.strictObject({
  kind: v.literal('unix-dgram-server'),
  path: UnixPath,
  removeStale: v.optional(v.boolean(), false),
});
export type UnixDgramServerConfig = v.InferOutput<typeof UnixDgramServerConfig>;

export const UnixSeqpacketClientConfig = v.strictObject({
  kind: v.literal('unix-seqpacket-client'),
  path: UnixPath,
});
export type UnixSeqpacketClientConfig = v.InferOutput<typeof UnixSeqpacketClientConfig>;

export const UnixSeqpacketServerConfig = v.strictObject({
  kind: v.literal('unix-seqpacket-server'),
  path: UnixPath,
  removeStale: v.optional(v.boolean(), false),
  server: v.optional(ServerOptions, {}),
});
export type UnixSeqpacketServerConfig = v.InferOutput<typeof UnixSeqpacketServerConfig>;

/** One variant per session kind. */
export const SessionConfig = v.variant('kind', [
  TcpClientConfig,
  TcpServerConfig,
  UdpConfig,
  UnixClientConfig,
  UnixServerConfig,
  TlsClientConfig,
  TlsServerConfig,
  PingConfig,
  RawIpConfig,
  UnixDgramClientConfig,
  UnixDgramServerConfig,
  UnixSeqpacketClientConfig,
  UnixSeqpacketServerConfig,
]);
export type SessionConfig = v.InferOutput<typeof SessionConfig>;
/** A config as written by a caller, before defaults are filled in. */
export type SessionConfigInput = v.InferInput<typeof SessionConfig>;

/** Where a send goes: the session's one peer (absent), chosen peers, all peers, or an address (UDP). */
export const SendTarget = v.variant('type', [
  v.strictObject({ type: v.literal('peers'), peerIds: v.pipe(v.array(PeerId), v.minLength(1, 'name at least one peer'), v.maxLength(MAX_PEER_IDS)) }),
  v.strictObject({ type: v.literal('all') }),
  v.strictObject({ type: v.literal('address'), host: Host, port: Port }),
  /** Unix datagram sockets: a socket path (or @abstract name). */
  v.strictObject({ type: v.literal('path'), path: UnixPath }),
]);
export type SendTarget = v.InferOutput<typeof SendTarget>;

/** Which peers a command acts on. */
export const PeerSelection = v.variant('type', [
  v.strictObject({ type: v.literal('peers'), peerIds: v.pipe(v.array(PeerId), v.minLength(1, 'name at least one peer'), v.maxLength(MAX_PEER_IDS)) }),
  v.strictObject({ type: v.literal('all') }),
]);
export type PeerSelection = v.InferOutput<typeof PeerSelection>;

// ---------------------------------------------------------------------------------------------
// Socket options by name (the native addon maps each to this OS's level and number) or by
// level and option number with a raw value.

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

// ---------------------------------------------------------------------------------------------
// Ping: one row per echo request, answered or not.

export interface PingRow {
  /** Row number, 0-based, in the order the requests were sent. */
  index: number;
  /** ICMP sequence number of the request (wraps at 65536). */
  icmpSeq: number;
  status: 'pending' | 'reply' | 'timeout' | 'error';
  /** Who answered (the reply's source address), or who reported the error. */
  from: string | null;
  ttl: number | null;
  rttMs: number | null;
  /** ICMP bytes of the reply (header and payload). */
  bytes: number;
  /** When the request was sent, ms since the epoch. */
  sentAt: number;
  /** For errors: what the ICMP error or the OS said, in words. */
  message: string | null;
}

export interface PingSummary {
  /** 'raw' (privileged) or 'datagram' (unprivileged ICMP socket); null before the first start. */
  socket: 'raw' | 'datagram' | null;
  /** The address being pinged. */
  target: string | null;
  identifier: number | null;
  running: boolean;
  sent: number;
  received: number;
  timeouts: number;
  errors: number;
  /** Percent of finished requests (not pending) without a reply; null before any finished. */
  lossPercent: number | null;
  minMs: number | null;
  avgMs: number | null;
  maxMs: number | null;
}

// ---------------------------------------------------------------------------------------------
// What this machine can do (the native addon loaded? which kinds work on this OS?)

export interface KindAvailability {
  available: boolean;
  /** Why not, in words a user can act on (e.g. "the native addon did not build: ..."). */
  reason: string | null;
  /** Worth knowing even when available (e.g. "needs root or CAP_NET_RAW; ping uses a datagram ICMP socket"). */
  note: string | null;
}

export interface Capabilities {
  platform: string;
  native: { loaded: boolean; reason: string | null };
  kinds: Record<SessionKind, KindAvailability>;
  /** The option names this OS has. */
  socketOptions: SocketOptionName[];
}

// ---------------------------------------------------------------------------------------------
// Session state, as the renderer sees it

export type SessionStatus = 'idle' | 'connecting' | 'open' | 'closing' | 'closed' | 'failed';

/** An address:port, or for Unix sockets a path (family 'unix', port 0; abstract names start with '@'). */
export interface Endpoint {
  address: string;
  port: number;
  family: 'IPv4' | 'IPv6' | 'unix';
}

export interface CertificateInfo {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  /** SHA-256 fingerprint, colon-separated uppercase hex. */
  fingerprint256: string;
  serialNumber: string;
  /** Subject alternative names as the certificate lists them. */
  altNames: string | null;
}

export interface TlsInfo {
  /** Whether this side verifies the peer (a client with verify off says false, shown as a warning). */
  verify: boolean;
  protocol: string | null;
  cipher: string | null;
  alpn: string | null;
  /** Whether the peer's certificate was verified. */
  authorized: boolean;
  /** Why not, in the OS/OpenSSL's words plus ours (e.g. "self-signed certificate"). */
  authorizationError: string | null;
  /** The peer's chain, leaf first (a client's view of the server; a server's view of the last client cert). */
  peerChain: CertificateInfo[];
  /** This side's own certificate (a server's, e.g. the generated self-signed one). */
  local: CertificateInfo | null;
}

export interface PeerCounts {
  /** Peers listed (open and closed, until cleared). */
  total: number;
  open: number;
  /** Connections refused because maxClients was reached. */
  rejected: number;
}

export interface PeerInfo {
  id: string;
  /** "address:port", or for a Unix server "client #n". */
  label: string;
  remote: Endpoint | null;
  /** When it connected (UDP: first heard from), ms since the epoch. */
  connectedAt: number;
  lastSeenAt: number;
  status: 'open' | 'closed';
  closedBy: 'local' | 'peer' | null;
  error: WireError | null;
  stats: SessionStats;
  /** TLS servers: the client's certificate subject, if it sent one. */
  certificate: string | null;
}

export interface SessionStats {
  bytesIn: number;
  bytesOut: number;
  messagesIn: number;
  messagesOut: number;
}

export interface SessionSnapshot {
  id: string;
  kind: SessionKind;
  status: SessionStatus;
  /** The config of the last connect, if any. */
  config: SessionConfig | null;
  /** Addresses the host name resolved to, in the order they were tried. */
  resolved: string[];
  local: Endpoint | null;
  remote: Endpoint | null;
  /** Who closed the connection, when status is 'closed'. */
  closedBy: 'local' | 'peer' | null;
  /** Why, when status is 'failed' (or when a connection ended with an error). */
  error: WireError | null;
  stats: SessionStats;
  /** Number of entries in the traffic log. */
  logCount: number;
  /** When the current (or last) connection opened, ms since the epoch. */
  openedAt: number | null;
  /** Listening kinds and UDP: peer counts; null for clients. */
  peers: PeerCounts | null;
  /** TLS kinds, once known. */
  tls: TlsInfo | null;
  /** Socket option values in force (read back from the socket where possible). */
  options: Record<string, string | number | boolean> | null;
  /** UDP: multicast groups joined ("group@interface" or "group"). */
  memberships: string[];
  /** Ping sessions: the running totals; null for other kinds. */
  ping: PingSummary | null;
  /** Something the user should know about how the session works (e.g. an unprivileged ICMP socket). */
  notice: string | null;
}

export type Direction = 'in' | 'out';

export interface LogEntry {
  seq: number;
  /** Milliseconds since the epoch, with microsecond precision in the fraction. */
  ts: number;
  dir: Direction;
  /** Full size of the chunk in bytes (bytes may hold only a prefix of it). */
  size: number;
  /** The chunk's bytes, or its first `maxBytes` bytes when log.read asked for a preview. */
  bytes: Uint8Array;
  /** Which peer it came from or went to ("address:port"), where that applies. */
  peer: string | null;
  /** That peer's id in the session's peer table, where there is one. */
  peerId: string | null;
}

// ---------------------------------------------------------------------------------------------
// Commands

export const commands = {
  /** Open a new session (a tab) of a kind, idle until connect. */
  'session.create': v.strictObject({ kind: SessionKind }),
  /** Every session main holds, e.g. after the renderer reloads. */
  'session.list': v.strictObject({}),
  /** Connect (or reconnect) a session with a config; resolves when open, or with the error. */
  'session.connect': v.strictObject({ id: SessionId, config: SessionConfig }),
  /** Close the connection (servers: stop listening), keep the session and its log. */
  'session.disconnect': v.strictObject({
    id: SessionId,
    /** Servers: also close every connected client (else they stay open until they close). */
    closeClients: v.optional(v.boolean(), true),
  }),
  /** Close the tab: its socket and its log are gone. */
  'session.close': v.strictObject({ id: SessionId }),
  /** Encode the payload in main (the renderer is untrusted) and send it. */
  'session.send': v.strictObject({ id: SessionId, payload: SendPayload, to: v.optional(SendTarget) }),
  /** Entries [from, from+count) of a session's log; with maxBytes, each entry's first bytes only. */
  'log.read': v.strictObject({
    id: SessionId,
    from: Seq,
    count: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_READ_ENTRIES)),
    maxBytes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_READ_BYTES))),
    /** Only this peer's entries: from/count then index that filtered sequence. */
    peerId: v.optional(PeerId),
  }),
  /** A byte range of one entry (for the detail view of a large chunk). */
  'log.bytes': v.strictObject({
    id: SessionId,
    seq: Seq,
    offset: v.pipe(v.number(), v.integer(), v.minValue(0)),
    length: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_READ_BYTES)),
  }),
  /**
   * Write the session's log to a file, as the entries stood when the save started (logging goes
   * on meanwhile). Written to a temporary name beside it, then renamed: never a half file.
   */
  'log.save': v.strictObject({
    id: SessionId,
    path: AbsoluteFilePath,
    format: v.optional(v.picklist(LOG_SAVE_FORMATS), 'jsonl'),
    /** Replace a file already there (else: EEXIST). */
    overwrite: v.optional(v.boolean(), false),
  }),
  /** Peers [from, from+count) of a listening session or UDP socket, in the order they appeared. */
  'peers.read': v.strictObject({
    id: SessionId,
    from: Seq,
    count: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_READ_ENTRIES)),
  }),
  /** Close chosen client connections (TCP/TLS/Unix servers). */
  'peers.disconnect': v.strictObject({ id: SessionId, peers: PeerSelection }),
  /** Forget closed peers (UDP: forget all senders). */
  'peers.clear': v.strictObject({ id: SessionId }),
  /** UDP multicast: join or leave a group, optionally on one interface. */
  'udp.membership': v.strictObject({
    id: SessionId,
    action: v.picklist(['join', 'leave']),
    group: Host,
    interface: v.optional(LocalAddress),
  }),
  /** What this machine can do: the native addon, the kinds available, the socket option names. */
  'system.capabilities': v.strictObject({}),
  /** Ping rows [from, from+count) and the summary. */
  'ping.read': v.strictObject({
    id: SessionId,
    from: Seq,
    count: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_READ_ENTRIES)),
  }),
  /** Raw IP: send a payload, with the IPv4 header given field by field when the session includes it. */
  'raw.send': v.strictObject({
    id: SessionId,
    payload: SendPayload,
    header: v.optional(IpHeaderFields),
    /** Absent: the session's default host. */
    host: v.optional(Host),
  }),
  /** Read a socket option of the session's socket (servers: the listener, or one client with peerId). */
  'sockopt.get': v.strictObject({ id: SessionId, peerId: v.optional(PeerId), option: SocketOptionRef }),
  /** Set a socket option, then read it back. */
  'sockopt.set': v.strictObject({ id: SessionId, peerId: v.optional(PeerId), option: SocketOptionRef, value: SocketOptionValue }),
} as const;

export type CommandName = keyof typeof commands;
export const COMMAND_NAMES = Object.keys(commands) as CommandName[];
export type CommandInput<K extends CommandName> = v.InferInput<(typeof commands)[K]>;

export interface CommandOutputs {
  'session.create': SessionSnapshot;
  'session.list': SessionSnapshot[];
  'session.connect': SessionSnapshot;
  'session.disconnect': SessionSnapshot;
  'session.close': null;
  /** bytes: per target; seq: the first 'out' entry; targets: how many peers it went to. */
  'session.send': { bytes: number; seq: number; targets: number };
  'log.read': { entries: LogEntry[]; total: number };
  'log.bytes': { bytes: Uint8Array; size: number };
  /** path: the file written; entries: how many it holds; bytes: its size. */
  'log.save': { path: string; entries: number; bytes: number };
  'peers.read': { peers: PeerInfo[]; counts: PeerCounts };
  'peers.disconnect': { closed: number };
  'peers.clear': { removed: number };
  'udp.membership': SessionSnapshot;
  'system.capabilities': Capabilities;
  'ping.read': { rows: PingRow[]; total: number; summary: PingSummary };
  'raw.send': { bytes: number; seq: number; targets: number };
  'sockopt.get': SocketOptionReading;
  'sockopt.set': SocketOptionReading;
}
export type CommandOutput<K extends CommandName> = CommandOutputs[K];

// ---------------------------------------------------------------------------------------------
// Events (main -> renderer). Log growth and stats are coalesced: at most one per session
// every ~50 ms, so a flood costs the renderer the same as a trickle.

export interface EventPayloads {
  /** A session's state changed (status, addresses, error). */
  'session.state': SessionSnapshot;
  /** The log grew and/or counters moved. */
  'log.grew': {
    id: string;
    logCount: number;
    stats: SessionStats;
    peers: PeerCounts | null;
    peersVersion: number;
    /** Ping sessions: the running totals (rows: ping.read up to summary.sent). */
    ping: PingSummary | null;
  };
  /** A session was closed (its tab should go). */
  'session.closed': { id: string };
}
export type EventName = keyof EventPayloads;
export const EVENT_NAMES: EventName[] = ['session.state', 'log.grew', 'session.closed'];

/** How often, at most, log growth is announced per session. */
export const GROWTH_TICK_MS = 50;

// ---------------------------------------------------------------------------------------------
// The API both transports expose to the renderer, as named functions (the preload's shape).

export type WirebenchApi = {
  [K in CommandName as ApiFunctionName<K>]: (input: CommandInput<K>) => Promise<Result<CommandOutput<K>>>;
} & {
  /** One subscriber function per event (onSessionState, onLogGrew, ...); each returns its disposer. */
  [E in EventName as `on${Capitalize1<ApiFunctionName<E>>}`]: (listener: (payload: EventPayloads[E]) => void) => () => void;
};

type Capitalize1<S extends string> = S extends `${infer H}${infer T}` ? `${Uppercase<H>}${T}` : S;
export type ApiFunctionName<K extends string> = K extends `${infer A}.${infer B}` ? `${A}${Capitalize1<B>}` : K;

/** 'session.create' -> 'sessionCreate' (the preload's function names). */
export function apiFunctionName<K extends CommandName>(name: K): ApiFunctionName<K> {
  return name.replace(/\.(\w)/, (_m, c: string) => c.toUpperCase()) as ApiFunctionName<K>;
}

/** 'session.state' -> 'onSessionState' (the preload's subscriber names). */
export function eventFunctionName<E extends EventName>(name: E): `on${Capitalize1<ApiFunctionName<E>>}` {
  const camel = name.replace(/\.(\w)/, (_m, c: string) => c.toUpperCase());
  return `on${camel[0]!.toUpperCase()}${camel.slice(1)}` as `on${Capitalize1<ApiFunctionName<E>>}`;
}

/** The IPC channel a command travels on (Electron transport). */
export const ipcChannel = (name: CommandName): string => `wirebench:${name}`;
export const IPC_EVENT_CHANNEL = 'wirebench:event';
