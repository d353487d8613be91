// What the router needs from the engine. The engine knows no transport and no window:
// a test or a CLI can drive it directly through this interface.
import type {
  Capabilities,
  CommandOutputs,
  IpHeaderFields,
  LogSaveFormat,
  SocketOptionRef,
  SocketOptionValue,
  PeerSelection,
  SendTarget,
  EventName,
  EventPayloads,
  SessionConfigInput,
  SessionKind,
  SessionSnapshot,
} from '../shared/contract.js';

export type EngineEvent = { [E in EventName]: { name: E; payload: EventPayloads[E] } }[EventName];

export interface LogSaveOptions {
  path: string;
  /** Default 'jsonl'. */
  format?: LogSaveFormat;
  /** Default false: an existing file is left alone (EEXIST). */
  overwrite?: boolean;
}

/** Methods throw CodedError (or an OS error with a `code`) on failure; the router turns that into data. */
export interface EngineApi {
  create(kind: SessionKind): SessionSnapshot;
  list(): SessionSnapshot[];
  /**
   * Resolves once open; rejects with the failure (the session's state also says it). The config
   * is parsed again here (defaults filled in), so tests and tools can pass a partial one.
   */
  connect(id: string, config: SessionConfigInput): Promise<SessionSnapshot>;
  /** Servers: stop listening; closeClients also closes every connected client. */
  disconnect(id: string, options?: { closeClients?: boolean }): Promise<SessionSnapshot>;
  close(id: string): Promise<void>;
  /** Without `to`: the session's one peer (clients) or its default destination (UDP). */
  send(id: string, bytes: Uint8Array, to?: SendTarget): Promise<CommandOutputs['session.send']>;
  read(id: string, from: number, count: number, maxBytes?: number, peerId?: string): Promise<CommandOutputs['log.read']>;
  readBytes(id: string, seq: number, offset: number, length: number): Promise<CommandOutputs['log.bytes']>;
  /**
   * Writes the log's entries as they stand now to `path` (absolute), through a temporary file
   * beside it. Rejects with EEXIST when a file is there and overwrite is not set.
   */
  saveLog(id: string, options: LogSaveOptions): Promise<CommandOutputs['log.save']>;
  readPeers(id: string, from: number, count: number): Promise<CommandOutputs['peers.read']>;
  disconnectPeers(id: string, peers: PeerSelection): Promise<CommandOutputs['peers.disconnect']>;
  clearPeers(id: string): Promise<CommandOutputs['peers.clear']>;
  membership(id: string, action: 'join' | 'leave', group: string, iface?: string): Promise<SessionSnapshot>;
  /** What this machine can do: native addon, kinds, socket option names. */
  capabilities(): Promise<Capabilities>;
  readPing(id: string, from: number, count: number): Promise<CommandOutputs['ping.read']>;
  /** Raw IP sessions: send bytes, behind an IPv4 header built from `header` when the session includes it. */
  rawSend(id: string, bytes: Uint8Array, header?: IpHeaderFields, host?: string): Promise<CommandOutputs['raw.send']>;
  /** Socket options of the session's socket, or of one client's (peerId). */
  getOption(id: string, option: SocketOptionRef, peerId?: string): Promise<CommandOutputs['sockopt.get']>;
  setOption(id: string, option: SocketOptionRef, value: SocketOptionValue, peerId?: string): Promise<CommandOutputs['sockopt.set']>;
  /** All events of all sessions; returns the disposer. */
  subscribe(listener: (event: EngineEvent) => void): () => void;
  /** Close every session (app quit). */
  dispose(): Promise<void>;
}
