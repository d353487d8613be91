// What the renderer is told about sessions: snapshots, log entries, peers, ping rows, TLS and
// what this machine can do. Types only: main builds them, so they are not parsed on the way in.
import type { WireError } from './errors.js';
import type { ReceiveSettings } from './framing.js';
import type { SessionKind } from './kinds.js';
import type { SessionConfig } from './configs.js';
import type { SocketOptionName } from './socket-options.js';

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

/** A repeated send on a session: how far it got, and why it ended. */
export interface RepeatState {
  running: boolean;
  /** Sends done so far. */
  sent: number;
  /** How many were asked for; 0 sends until stopped. */
  times: number;
  intervalMs: number;
  /** Why it ended: all sent, stopped by the user, the connection closed, a send failed. */
  ended: 'done' | 'stopped' | 'disconnected' | 'failed' | null;
  /** The failed send's error, or what closed the connection. */
  error: WireError | null;
}

export interface SessionStats {
  bytesIn: number;
  bytesOut: number;
  messagesIn: number;
  messagesOut: number;
  /** Received entries whose checksum did not verify ("Verify checksum"). */
  checksFailed?: number;
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
  /** Number of entries in the traffic log (log.read positions 0 to logCount - 1). */
  logCount: number;
  /** The seq of the log's first entry: 0, or after Clear log, the number the cleared entries reached. */
  logFirst: number;
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
  /** The last repeated send (running or how it ended); null before the first. */
  repeat: RepeatState | null;
  /** Something the user should know about how the session works (e.g. an unprivileged ICMP socket). */
  notice: string | null;
  /** Framing and Verify checksum in force (see session.receive). */
  receive?: ReceiveSettings;
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
  /** How many of its last bytes are the frame's delimiter, hidden by the view ("Keep delimiter" off). */
  trail?: number;
  /** A frame cut at Max frame size, or left incomplete when the connection closed. */
  cut?: 'oversized' | 'incomplete';
  /** Its checksum verified, or not ("Verify checksum" was on when it arrived). */
  check?: 'ok' | 'bad';
  /** The reply rule (numbered from 1) that sent it. */
  rule?: number;
  /** The sequence step (numbered from 1) that sent it, or whose Expect it matched. */
  step?: number;
}
