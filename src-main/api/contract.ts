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
  'NOT_CONNECTED',
  'ALREADY_OPEN',
  'UNSUPPORTED_KIND',
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

/** Session kinds. Later issues add tcp-server, udp, unix-*, tls-*, ping, raw-ip. */
export const SESSION_KINDS = ['tcp-client'] as const;
export const SessionKind = v.picklist(SESSION_KINDS);
export type SessionKind = v.InferOutput<typeof SessionKind>;

export const SESSION_KIND_LABELS: Record<SessionKind, string> = {
  'tcp-client': 'TCP client',
};

export const INPUT_FORMATS = ['text', 'hex', 'base64'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];
export const LINE_ENDINGS = ['none', 'lf', 'crlf', 'cr'] as const;
export type LineEnding = (typeof LINE_ENDINGS)[number];

/** Largest message the composer may send at once (after decoding). */
export const MAX_SEND_BYTES = 16 * 1024 * 1024;
/** Largest number of entries one log.read returns. */
export const MAX_READ_ENTRIES = 1000;
/** Largest byte range one log.bytes returns. */
export const MAX_READ_BYTES = 1024 * 1024;

export const TcpClientConfig = v.strictObject({
  kind: v.literal('tcp-client'),
  host: Host,
  port: Port,
  /** Connect timeout in milliseconds. */
  timeoutMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(600_000)), 10_000),
});
export type TcpClientConfig = v.InferOutput<typeof TcpClientConfig>;

/** One variant per session kind; later issues add theirs to this union. */
export const SessionConfig = v.variant('kind', [TcpClientConfig]);
export type SessionConfig = v.InferOutput<typeof SessionConfig>;

export const SendPayload = v.strictObject({
  format: v.picklist(INPUT_FORMATS),
  // 4x MAX_SEND_BYTES leaves room for hex separators; the decoded size is checked after parsing.
  text: v.pipe(v.string(), v.maxLength(4 * MAX_SEND_BYTES, 'is too long')),
  lineEnding: v.optional(v.picklist(LINE_ENDINGS), 'none'),
});
export type SendPayload = v.InferOutput<typeof SendPayload>;

// ---------------------------------------------------------------------------------------------
// Session state, as the renderer sees it

export type SessionStatus = 'idle' | 'connecting' | 'open' | 'closing' | 'closed' | 'failed';

export interface Endpoint {
  address: string;
  port: number;
  family: 'IPv4' | 'IPv6';
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
  /** Close the connection, keep the session and its log. */
  'session.disconnect': v.strictObject({ id: SessionId }),
  /** Close the tab: its socket and its log are gone. */
  'session.close': v.strictObject({ id: SessionId }),
  /** Encode the payload in main (the renderer is untrusted) and send it. */
  'session.send': v.strictObject({ id: SessionId, payload: SendPayload }),
  /** Entries [from, from+count) of a session's log; with maxBytes, each entry's first bytes only. */
  'log.read': v.strictObject({
    id: SessionId,
    from: Seq,
    count: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_READ_ENTRIES)),
    maxBytes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_READ_BYTES))),
  }),
  /** A byte range of one entry (for the detail view of a large chunk). */
  'log.bytes': v.strictObject({
    id: SessionId,
    seq: Seq,
    offset: v.pipe(v.number(), v.integer(), v.minValue(0)),
    length: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_READ_BYTES)),
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
  'session.send': { bytes: number; seq: number };
  'log.read': { entries: LogEntry[]; total: number };
  'log.bytes': { bytes: Uint8Array; size: number };
}
export type CommandOutput<K extends CommandName> = CommandOutputs[K];

// ---------------------------------------------------------------------------------------------
// Events (main -> renderer). Log growth and stats are coalesced: at most one per session
// every ~50 ms, so a flood costs the renderer the same as a trickle.

export interface EventPayloads {
  /** A session's state changed (status, addresses, error). */
  'session.state': SessionSnapshot;
  /** The log grew and/or counters moved. */
  'log.grew': { id: string; logCount: number; stats: SessionStats };
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
