// What a session is configured with (one schema per kind), what the composer sends, and whom.
import * as v from 'valibot';
import { ChecksumSpec } from './framing.js';
import { FilePath, Host, INPUT_FORMATS, Int, LINE_ENDINGS, TEXT_ENCODINGS, LocalAddress, LocalPort, MAX_PEER_IDS, MAX_SEND_BYTES, notArray, PeerId, Port, TimeoutMs, UnixPath } from './fields.js';

export const SendPayload = v.strictObject({
  format: v.picklist(INPUT_FORMATS),
  // 4x MAX_SEND_BYTES leaves room for hex separators; the decoded size is checked after parsing.
  text: v.pipe(v.string(), v.maxLength(4 * MAX_SEND_BYTES, 'is too long')),
  lineEnding: v.optional(v.picklist(LINE_ENDINGS), 'none'),
  /** The encoding of "text" (its characters and line ending); \xHH stays one raw byte. */
  encoding: v.optional(v.picklist(TEXT_ENCODINGS), 'utf-8'),
  /** Appended after the bytes (and line ending). */
  checksum: v.optional(v.nullable(ChecksumSpec), null),
  /** "Expand variables": {{counter}}, {{time}}... are put in (in main) before the text is read. */
  expand: v.optional(v.boolean(), false),
});
export type SendPayload = v.InferOutput<typeof SendPayload>;
/** A payload as written by a caller: encoding and checksum may be left out. */
export type SendPayloadInput = Omit<SendPayload, 'encoding' | 'checksum' | 'expand'> & Partial<Pick<SendPayload, 'encoding' | 'checksum' | 'expand'>>;

/**
 * The connect form's options of a TCP or TLS connection (Nagle, keepalive, TTL, idle timeout).
 * Not to be confused with the "Socket options" panel (socket-options.ts), which sets any option.
 */
export const ConnectionOptions = notArray(
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
export type ConnectionOptions = v.InferOutput<typeof ConnectionOptions>;

/** What a listening session does for each client. */
export const ServerOptions = notArray(
  v.strictObject({
    /** Sent to each client as it connects. */
    welcome: v.optional(v.nullable(SendPayload), null),
    /** Send every received chunk back to its sender. */
    echo: v.optional(v.boolean(), false),
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
  options: v.optional(ConnectionOptions, {}),
});
export type TcpClientConfig = v.InferOutput<typeof TcpClientConfig>;

/** Where and how a TCP or TLS server listens. */
const Listening = {
  /** `::` listens on IPv6 and IPv4 (unless ipv6Only). */
  localAddress: v.optional(LocalAddress, '::'),
  localPort: v.optional(LocalPort, 0),
  ipv6Only: v.optional(v.boolean(), false),
  server: v.optional(ServerOptions, {}),
  options: v.optional(ConnectionOptions, {}),
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
  options: v.optional(ConnectionOptions, {}),
  /** SNI server name; absent: the host when it is a name. */
  servername: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(253))),
  alpn: v.optional(AlpnList, []),
  /** Verify the server's certificate chain and name. Off is shown as such in the tab. */
  verify: v.optional(v.boolean(), true),
  caFile: v.optional(FilePath),
  certFile: v.optional(FilePath),
  keyFile: v.optional(FilePath),
  /** "Write TLS keys to": the session's TLS secrets are appended here (NSS key log format, as Wireshark reads it). */
  keyLogFile: v.optional(FilePath),
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
  /** "Write TLS keys to" (see TlsClientConfig.keyLogFile). */
  keyLogFile: v.optional(FilePath),
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
