// The closed WirebenchApi, built once over any transport: one named function per command and
// one onXxx per event, nothing generic. The Electron preload and the web-mode bridge both use
// it, so the renderer sees the same shape either way. Pure: the renderer imports it too.
import {
  apiFunctionName,
  COMMAND_NAMES,
  EVENT_NAMES,
  eventFunctionName,
  type CommandName,
  type EventName,
  type Result,
  type WirebenchApi,
} from '../contract.js';

export interface ApiTransport {
  /** Resolves with the router's Result; never rejects (transport failures are coded results). */
  call(name: CommandName, input: unknown): Promise<Result<unknown>>;
  /** Calls listener with each payload of the named event; returns the disposer. */
  listen(name: EventName, listener: (payload: unknown) => void): () => void;
}

export function createApiClient(transport: ApiTransport): WirebenchApi {
  // One named function per command and one onXxx per event, made from the contract's names:
  // a command added to the contract is on the API with nothing to write here.
  const api: Record<string, unknown> = {};
  for (const name of COMMAND_NAMES) {
    api[apiFunctionName(name)] = (input: unknown) => transport.call(name, input);
  }
  for (const name of EVENT_NAMES) {
    api[eventFunctionName(name)] = (listener: (payload: unknown) => void) => transport.listen(name, listener);
  }
  // The router on the other side built each value for its command, so the types hold.
  return Object.freeze(api) as WirebenchApi;
}

/** A reply that is not a Result (a bug on the other side) still reaches the caller as one. */
export function asResult(value: unknown): Result<unknown> {
  if (typeof value === 'object' && value !== null) {
    const r = value as { ok?: unknown; value?: unknown; error?: unknown };
    if (r.ok === true) return { ok: true, value: r.value };
    if (r.ok === false && typeof r.error === 'object' && r.error !== null) {
      const e = r.error as { code?: unknown; message?: unknown };
      if (typeof e.code === 'string' && typeof e.message === 'string') {
        return { ok: false, error: { code: e.code, message: e.message } };
      }
    }
  }
  return { ok: false, error: { code: 'INTERNAL', message: 'Internal error: Wirebench sent a reply that is not a result.' } };
}
