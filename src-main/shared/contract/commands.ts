// Every command (request -> result): its payload's schema and the type of its result, declared
// together. The router, the typed client, the preload's named functions and the test fakes are
// all derived from this one table; main's handlers are a mapped type over it (CommandHandlers).
import * as v from 'valibot';
import { AbsoluteFilePath, Host, Int, LocalAddress, PeerId, Seq, SessionId } from './fields.js';
import { IpHeaderFields, PeerSelection, SendPayload, SendTarget, SessionConfig } from './configs.js';
import { SessionKind } from './kinds.js';
import { SocketOptionRef, SocketOptionValue, type SocketOptionReading } from './socket-options.js';
import type { Capabilities, LogEntry, PeerCounts, PeerInfo, PingRow, PingSummary, RepeatState, SessionSnapshot } from './state.js';
import { Workspace, type WorkspaceLoad, type WorkspaceSaved } from './workspace.js';
import { Library, MAX_LIBRARY_IMPORT_CHARS, type LibraryImport, type LibraryLoad } from './library.js';
import { ChecksumSpec, FramingConfig, type ReceiveSettings } from './framing.js';
import { FindQuery, type SearchHit } from './search.js';
import { Rules } from './rules.js';
import { SequenceSteps } from './sequences.js';
import { TEXT_ENCODINGS } from './fields.js';
import { LANGUAGES, type Locale } from '../i18n/locale.js';

/**
 * What log.save writes: every entry as a JSON object per line, or only the bytes received
 * (or sent), back to back, as they came.
 */
export const LOG_SAVE_FORMATS = ['jsonl', 'raw-in', 'raw-out', 'pcapng', 'csv'] as const;
export type LogSaveFormat = (typeof LOG_SAVE_FORMATS)[number];

/** Largest number of entries (or peers) one read returns. */
export const MAX_READ_ENTRIES = 1000;
/** Largest byte range one log.bytes returns. */
export const MAX_READ_BYTES = 1024 * 1024;
/** Largest piece of a file one file.chunk carries (before base64). */
export const MAX_FILE_CHUNK_BYTES = 1024 * 1024;
/** The largest UDP payload (IPv4); a datagram kind's "Datagram size" is at most this. */
export const MAX_DATAGRAM_BYTES = 65_507;

const TransferId = v.pipe(v.string(), v.regex(/^f[0-9]{1,9}$/, 'must be a transfer id like "f1"'));
const ReadCount = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_READ_ENTRIES));

declare const RESULT: unique symbol;

/** A command: the schema its payload is parsed with, and (as a type only) what it resolves to. */
export interface Command<S extends v.GenericSchema, R> {
  readonly input: S;
  readonly [RESULT]?: R;
}

/** `command<Result>()(schema)`: the result type is named, the schema's types are inferred. */
const command =
  <R>() =>
  <S extends v.GenericSchema>(input: S): Command<S, R> => ({ input });

/** What a send reports. bytes: per target; seq: the first 'out' entry; targets: how many peers it went to. */
export interface SendResult {
  bytes: number;
  seq: number;
  targets: number;
}

export const commands = {
  /** Open a new session (a tab) of a kind, idle until connect. */
  'session.create': command<SessionSnapshot>()(v.strictObject({ kind: SessionKind })),
  /** Every session main holds, e.g. after the renderer reloads. */
  'session.list': command<SessionSnapshot[]>()(v.strictObject({})),
  /** Connect (or reconnect) a session with a config; resolves when open, or with the error. */
  'session.connect': command<SessionSnapshot>()(v.strictObject({ id: SessionId, config: SessionConfig })),
  /** Close the connection (servers: stop listening), keep the session and its log. */
  'session.disconnect': command<SessionSnapshot>()(
    v.strictObject({
      id: SessionId,
      /** Servers: also close every connected client (else they stay open until they close). */
      closeClients: v.optional(v.boolean(), true),
    }),
  ),
  /** Close the tab: its socket and its log are gone. */
  'session.close': command<null>()(v.strictObject({ id: SessionId })),
  /** Encode the payload in main (the renderer is untrusted) and send it. */
  'session.send': command<SendResult>()(v.strictObject({ id: SessionId, payload: SendPayload, to: v.optional(SendTarget) })),
  /**
   * Send the payload again and again over the open connection (to the same target): the k-th
   * send is due at start + k x intervalMs; times 0 repeats until stopped. It stops on
   * session.stopRepeat, when the connection closes, or at the first failed send (RepeatState says
   * which). Starting one replaces any repeat still running.
   */
  'session.repeat': command<RepeatState>()(
    v.strictObject({
      id: SessionId,
      payload: SendPayload,
      to: v.optional(SendTarget),
      intervalMs: v.pipe(v.number(), v.integer(), v.minValue(1, 'must be 1 to 86400000 ms'), v.maxValue(86_400_000, 'must be 1 to 86400000 ms')),
      times: v.pipe(v.number(), v.integer(), v.minValue(0, 'must be 0 (until stopped) to 1000000000'), v.maxValue(1_000_000_000, 'must be 0 (until stopped) to 1000000000')),
    }),
  ),
  /**
   * Start sending a file of `size` bytes to `to` (as session.send would): streams send it as one
   * stream, with backpressure; datagram kinds split it into datagrams of datagramSize bytes, one
   * every everyMs. The bytes come in file.chunk calls, in order.
   */
  'file.start': command<{ transferId: string }>()(
    v.strictObject({
      id: SessionId,
      name: v.pipe(v.string(), v.maxLength(1024, 'is longer than 1024 characters')),
      size: v.pipe(v.number(), v.integer(), v.minValue(0, 'must not be negative'), v.maxValue(Number.MAX_SAFE_INTEGER)),
      to: v.optional(SendTarget),
      datagramSize: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1, `must be 1 to ${MAX_DATAGRAM_BYTES} bytes`), v.maxValue(MAX_DATAGRAM_BYTES, `must be 1 to ${MAX_DATAGRAM_BYTES} bytes`)), 1024),
      everyMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0, 'must be 0 to 86400000 ms'), v.maxValue(86_400_000, 'must be 0 to 86400000 ms')), 0),
    }),
  ),
  /** The next piece of a file being sent (base64): sent before this answers; `done` after the last byte. */
  'file.chunk': command<{ sent: number; done: boolean }>()(
    v.strictObject({
      transferId: TransferId,
      offset: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER)),
      base64: v.pipe(v.string(), v.maxLength(Math.ceil(MAX_FILE_CHUNK_BYTES / 3) * 4, `holds more than ${MAX_FILE_CHUNK_BYTES} bytes`)),
    }),
  ),
  /** Stop sending a file; answers how many bytes went. */
  'file.cancel': command<{ sent: number }>()(v.strictObject({ transferId: TransferId })),
  /** Stop the session's repeated send (no send starts after this answers). */
  'session.stopRepeat': command<RepeatState | null>()(v.strictObject({ id: SessionId })),
  /** Entries [from, from+count) of a session's log; with maxBytes, each entry's first bytes only. */
  'log.read': command<{ entries: LogEntry[]; total: number }>()(
    v.strictObject({
      id: SessionId,
      from: Seq,
      count: ReadCount,
      maxBytes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_READ_BYTES))),
      /** Only this peer's entries: from/count then index that filtered sequence (as with dir, failedOnly). */
      peerId: v.optional(PeerId),
      /** Only received or only sent entries. */
      dir: v.optional(v.picklist(['in', 'out'])),
      /** Only entries whose checksum failed. */
      failedOnly: v.optional(v.boolean()),
    }),
  ),
  /**
   * Empty the session's log: its memory and spill file are freed; counters keep their totals and
   * entry numbers go on counting (the next entry is `firstSeq`). A save under way is cancelled.
   */
  'log.clear': command<{ cleared: number; firstSeq: number }>()(v.strictObject({ id: SessionId })),
  /**
   * How received bytes become entries (framing, stream kinds only) and the checksum they are
   * verified with; applies from the next byte received. Answers the settings now in force.
   */
  'session.receive': command<ReceiveSettings>()(
    v.strictObject({ id: SessionId, framing: FramingConfig, verify: v.nullable(ChecksumSpec) }),
  ),
  /**
   * Reply rules, tried in order on every frame (or chunk, or datagram) received, the first that
   * matches acting; replaces the rules the session had (hit counts start again). `encoding` is
   * the tab's, for text patterns and replies. A rule that does not compile is refused, naming it.
   */
  'session.rules': command<{ hits: number[] }>()(v.strictObject({ id: SessionId, rules: Rules, encoding: v.picklist(TEXT_ENCODINGS) })),
  /**
   * Run a sequence on the session's connection (a run already under way stops); its progress
   * and outcome come as sequence.progress events. `encoding` is the tab's.
   */
  'sequence.run': command<{ runId: string }>()(v.strictObject({ id: SessionId, steps: SequenceSteps, encoding: v.picklist(TEXT_ENCODINGS) })),
  'sequence.stop': command<null>()(v.strictObject({ id: SessionId, runId: v.pipe(v.string(), v.maxLength(40)) })),
  /**
   * Search the whole log (spilled part included) in the background; progress comes as
   * search.progress events. Starting one cancels the session's previous search.
   */
  'log.search': command<{ searchId: string }>()(v.strictObject({ id: SessionId, query: FindQuery })),
  /** The next (or previous) match after entry `fromSeq` (wrapping around); null: none yet. */
  'log.searchStep': command<SearchHit | null>()(
    v.strictObject({
      id: SessionId,
      searchId: v.pipe(v.string(), v.maxLength(40)),
      fromSeq: v.pipe(v.number(), v.integer(), v.minValue(-1), v.maxValue(Number.MAX_SAFE_INTEGER)),
      direction: v.picklist(['next', 'previous']),
    }),
  ),
  'log.searchCancel': command<null>()(v.strictObject({ id: SessionId, searchId: v.pipe(v.string(), v.maxLength(40)) })),
  /** A byte range of one entry (for the detail view of a large chunk). */
  'log.bytes': command<{ bytes: Uint8Array; size: number }>()(
    v.strictObject({
      id: SessionId,
      seq: Seq,
      offset: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER)),
      length: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_READ_BYTES)),
    }),
  ),
  /**
   * Write the session's log to a file, as the entries stood when the save started (logging goes
   * on meanwhile). Written to a temporary name beside it, then renamed: never a half file.
   * Resolves with the file written, how many entries it holds and its size.
   */
  'log.save': command<{ path: string; entries: number; bytes: number }>()(
    v.strictObject({
      id: SessionId,
      path: AbsoluteFilePath,
      format: v.optional(v.picklist(LOG_SAVE_FORMATS), 'jsonl'),
      /** Replace a file already there (else: EEXIST). */
      overwrite: v.optional(v.boolean(), false),
      /** CSV: the text column in this encoding (the tab's). */
      encoding: v.optional(v.picklist(TEXT_ENCODINGS), 'utf-8'),
    }),
  ),
  /** Peers [from, from+count) of a listening session or UDP socket, in the order they appeared. */
  'peers.read': command<{ peers: PeerInfo[]; counts: PeerCounts }>()(v.strictObject({ id: SessionId, from: Seq, count: ReadCount })),
  /** Close chosen client connections (TCP/TLS/Unix servers). */
  'peers.disconnect': command<{ closed: number }>()(v.strictObject({ id: SessionId, peers: PeerSelection })),
  /** Forget closed peers (UDP: forget all senders). */
  'peers.clear': command<{ removed: number }>()(v.strictObject({ id: SessionId })),
  /** UDP multicast: join or leave a group, optionally on one interface. */
  'udp.membership': command<SessionSnapshot>()(
    v.strictObject({
      id: SessionId,
      action: v.picklist(['join', 'leave']),
      group: Host,
      interface: v.optional(LocalAddress),
    }),
  ),
  /** What this machine can do: the native addon, the kinds available, the socket option names. */
  'system.capabilities': command<Capabilities>()(v.strictObject({})),
  /**
   * Settings: how much of each new tab's log stays in memory, and the folder the rest spills to
   * (left out: the app's default, or web mode's flag). Applies to tabs opened from now on; a folder
   * that is missing or not writable is refused in words. Resolves with what is in force.
   */
  'system.configureLog': command<{ logMemoryMib: number; spillDir: string }>()(
    v.strictObject({ logMemoryMib: v.optional(Int(8, 65_536, 'must be 8 to 65536 MiB')), spillDir: v.optional(AbsoluteFilePath) }),
  ),
  /**
   * Settings > Language: main speaks it too (the desktop menus and dialogs). "system" is the OS's
   * language on the desktop (app.getLocale()), else the first of `preferred` (the browser's
   * navigator.languages) that the app speaks. Resolves with the locale in force.
   */
  'app.setLanguage': command<{ locale: Locale }>()(
    v.strictObject({
      language: v.picklist(LANGUAGES),
      preferred: v.pipe(v.array(v.pipe(v.string(), v.maxLength(64, 'is longer than 64 characters'))), v.maxLength(32, 'has more than 32 languages')),
    }),
  ),
  /** The desktop app's "save file" dialog (web mode has none: UNAVAILABLE); the path chosen, or null when cancelled. */
  'dialog.saveFile': command<{ path: string | null }>()(
    v.strictObject({ title: v.pipe(v.string(), v.maxLength(200, 'is longer than 200 characters')), defaultPath: v.optional(AbsoluteFilePath) }),
  ),
  /** The desktop app's "open file" dialog, or with `folder` a folder (web mode has none: UNAVAILABLE); the path chosen, or null when cancelled. */
  'dialog.openFile': command<{ path: string | null }>()(
    v.strictObject({
      title: v.pipe(v.string(), v.maxLength(200, 'is longer than 200 characters')),
      defaultPath: v.optional(AbsoluteFilePath),
      folder: v.optional(v.boolean(), false),
    }),
  ),
  /** Ping rows [from, from+count) and the summary. */
  'ping.read': command<{ rows: PingRow[]; total: number; summary: PingSummary }>()(
    v.strictObject({ id: SessionId, from: Seq, count: ReadCount }),
  ),
  /** Raw IP: send a payload, with the IPv4 header given field by field when the session includes it. */
  'raw.send': command<SendResult>()(
    v.strictObject({
      id: SessionId,
      payload: SendPayload,
      header: v.optional(IpHeaderFields),
      /** Absent: the session's default host. */
      host: v.optional(Host),
    }),
  ),
  /** Read a socket option of the session's socket (servers: the listener, or one client with peerId). */
  'sockopt.get': command<SocketOptionReading>()(v.strictObject({ id: SessionId, peerId: v.optional(PeerId), option: SocketOptionRef })),
  /** Set a socket option, then read it back. */
  'sockopt.set': command<SocketOptionReading>()(
    v.strictObject({ id: SessionId, peerId: v.optional(PeerId), option: SocketOptionRef, value: SocketOptionValue }),
  ),
  /** The saved library (messages and profiles); an empty one when none was saved or it could not be read. */
  'library.load': command<LibraryLoad>()(v.strictObject({})),
  /** Replace the saved library (written atomically). */
  'library.save': command<WorkspaceSaved>()(v.strictObject({ library: Library })),
  /** Write the saved library to a file (the same format), through a temporary file; EEXIST unless overwrite. */
  'library.export': command<{ path: string; messages: number; profiles: number }>()(
    v.strictObject({ path: AbsoluteFilePath, overwrite: v.optional(v.boolean(), false) }),
  ),
  /** Read a file to import (Wirebench's library, or Packet Sender's JSON export): what it holds, or what is wrong with it. */
  'library.parseImport': command<LibraryImport>()(
    v.strictObject({ text: v.pipe(v.string(), v.maxLength(MAX_LIBRARY_IMPORT_CHARS, 'is larger than 16 MiB')) }),
  ),
  /** The saved workspace (tabs, fields, settings); an empty one when none was saved or it could not be read. */
  'workspace.load': command<WorkspaceLoad>()(v.strictObject({})),
  /** Replace the saved workspace (written atomically; the renderer calls it as things change, debounced). */
  'workspace.save': command<WorkspaceSaved>()(v.strictObject({ workspace: Workspace })),
};

/** Commands the store (src-main/store) answers; the engine answers every other one. */
export const STORE_COMMANDS = ['workspace.load', 'workspace.save', 'library.load', 'library.save', 'library.export', 'library.parseImport'] as const;
export type StoreCommandName = (typeof STORE_COMMANDS)[number];
/** Commands the app's shell answers itself (the desktop's dialogs). */
export const APP_COMMANDS = ['dialog.saveFile', 'dialog.openFile', 'app.setLanguage'] as const;
export type AppCommandName = (typeof APP_COMMANDS)[number];

type Commands = typeof commands;
export type CommandName = keyof Commands;
export const COMMAND_NAMES = Object.keys(commands) as CommandName[];
/** A payload as a caller writes it (optional fields may be left out). */
export type CommandInput<K extends CommandName> = v.InferInput<Commands[K]['input']>;
/** A payload after parsing (defaults filled in): what a handler is given. */
export type CommandParsed<K extends CommandName> = v.InferOutput<Commands[K]['input']>;
export type CommandOutput<K extends CommandName> = Commands[K] extends Command<v.GenericSchema, infer R> ? R : never;
export type CommandOutputs = { [K in CommandName]: CommandOutput<K> };

/** What main implements: one handler per command, given the parsed payload. */
export type CommandHandlers = {
  [K in CommandName]: (input: CommandParsed<K>) => Promise<CommandOutput<K>> | CommandOutput<K>;
};
export type StoreHandlers = Pick<CommandHandlers, StoreCommandName>;
export type EngineHandlers = Omit<CommandHandlers, StoreCommandName | AppCommandName>;

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(commands, name);
}
