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
  'EPERM_RAW',
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

/** Session kinds. A later issue adds ping, raw-ip, unix-dgram and unix-seqpacket. */
export const SESSION_KINDS = [
  'tcp-client',
  'tcp-server',
  'udp',
  'unix-client',
  'unix-server',
  'tls-client',
  'tls-server',
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
};

/** Kinds that listen and keep a table of peers (connected clients; for UDP, senders heard from). */
export const PEER_KINDS: readonly SessionKind[] = ['tcp-server', 'unix-server', 'tls-server', 'udp'];

export const INPUT_FORMATS = ['text', 'hex', 'base64'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];
export const LINE_ENDINGS = ['none', 'lf', 'crlf', 'cr'] as const;
export type LineEnding = (typeof LINE_ENDINGS)[number];

/** Largest message the composer may send at once (after decoding). */
export const MAX_SEND_BYTES = 16 * 1024 * 1024;
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
const PeerId = v.pipe(v.string(), v.regex(/^p[0-9]{1,9}$/, 'must be a peer id like "p1"'));

export const SendPayload = v.strictObject({
  format: v.picklist(INPUT_FORMATS),
  // 4x MAX_SEND_BYTES leaves room for hex separators; the decoded size is checked after parsing.
  text: v.pipe(v.string(), v.maxLength(4 * MAX_SEND_BYTES, 'is too long')),
  lineEnding: v.optional(v.picklist(LINE_ENDINGS), 'none'),
});
export type SendPayload = v.InferOutput<typeof SendPayload>;

/** Socket options, wherever they apply (TCP, TLS, Unix stream where meaningful). */
export const SocketOptions = v.strictObject({
  noDelay: v.optional(v.boolean(), true),
  keepAlive: v.optional(v.boolean(), false),
  keepAliveDelayMs: v.optional(Int(0, 86_400_000), 60_000),
  /** IP TTL (hop limit for IPv6) of outgoing packets; absent: the OS default. */
  ttl: v.optional(Int(1, 255, 'must be 1 to 255')),
  /** Close a connection idle this long (no bytes either way); 0: never. */
  idleTimeoutMs: v.optional(Int(0, 86_400_000), 0),
});
export type SocketOptions = v.InferOutput<typeof SocketOptions>;

/** What a listening session does for each client. */
export const ServerOptions = v.strictObject({
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
});
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

/** One variant per session kind. */
export const SessionConfig = v.variant('kind', [
  TcpClientConfig,
  TcpServerConfig,
  UdpConfig,
  UnixClientConfig,
  UnixServerConfig,
  TlsClientConfig,
  TlsServerConfig,
]);
export type SessionConfig = v.InferOutput<typeof SessionConfig>;
/** A config as written by a caller, before defaults are filled in. */
export type SessionConfigInput = v.InferInput<typeof SessionConfig>;

/** Where a send goes: the session's one peer (absent), chosen peers, all peers, or an address (UDP). */
export const SendTarget = v.variant('type', [
  v.strictObject({ type: v.literal('peers'), peerIds: v.pipe(v.array(PeerId), v.minLength(1, 'name at least one peer'), v.maxLength(MAX_PEER_IDS)) }),
  v.strictObject({ type: v.literal('all') }),
  v.strictObject({ type: v.literal('address'), host: Host, port: Port }),
]);
export type SendTarget = v.InferOutput<typeof SendTarget>;

/** Which peers a command acts on. */
export const PeerSelection = v.variant('type', [
  v.strictObject({ type: v.literal('peers'), peerIds: v.pipe(v.array(PeerId), v.minLength(1, 'name at least one peer'), v.maxLength(MAX_PEER_IDS)) }),
  v.strictObject({ type: v.literal('all') }),
]);
export type PeerSelection = v.InferOutput<typeof PeerSelection>;

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
  'peers.read': { peers: PeerInfo[]; counts: PeerCounts };
  'peers.disconnect': { closed: number };
  'peers.clear': { removed: number };
  'udp.membership': SessionSnapshot;
}
export type CommandOutput<K extends CommandName> = CommandOutputs[K];

// ---------------------------------------------------------------------------------------------
// Events (main -> renderer). Log growth and stats are coalesced: at most one per session
// every ~50 ms, so a flood costs the renderer the same as a trickle.

export interface EventPayloads {
  /** A session's state changed (status, addresses, error). */
  'session.state': SessionSnapshot;
  /** The log grew and/or counters moved. */
  'log.grew': { id: string; logCount: number; stats: SessionStats; peers: PeerCounts | null; peersVersion: number };
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
