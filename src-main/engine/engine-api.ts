// What the router needs from the engine. The engine knows no transport and no window:
// a test or a CLI can drive it directly through this interface.
import type {
  CommandOutputs,
  EventName,
  EventPayloads,
  SessionConfig,
  SessionKind,
  SessionSnapshot,
} from '../api/contract.js';

export type EngineEvent = { [E in EventName]: { name: E; payload: EventPayloads[E] } }[EventName];

/** Methods throw CodedError (or an OS error with a `code`) on failure; the router turns that into data. */
export interface EngineApi {
  create(kind: SessionKind): SessionSnapshot;
  list(): SessionSnapshot[];
  /** Resolves once open; rejects with the failure (the session's state also says it). */
  connect(id: string, config: SessionConfig): Promise<SessionSnapshot>;
  disconnect(id: string): Promise<SessionSnapshot>;
  close(id: string): Promise<void>;
  send(id: string, bytes: Uint8Array): Promise<CommandOutputs['session.send']>;
  read(id: string, from: number, count: number, maxBytes?: number): Promise<CommandOutputs['log.read']>;
  readBytes(id: string, seq: number, offset: number, length: number): Promise<CommandOutputs['log.bytes']>;
  /** All events of all sessions; returns the disposer. */
  subscribe(listener: (event: EngineEvent) => void): () => void;
  /** Close every session (app quit). */
  dispose(): Promise<void>;
}
