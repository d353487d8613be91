// The closed WirebenchApi, built once over any transport: one named function per command and
// one onXxx per event, nothing generic. The Electron preload and the web-mode bridge both use
// it, so the renderer sees the same shape either way. Pure: the renderer imports it too.
import type {
  CommandInput,
  CommandName,
  CommandOutput,
  EventName,
  EventPayloads,
  Result,
  WirebenchApi,
} from '../contract.js';

export interface ApiTransport {
  /** Resolves with the router's Result; never rejects (transport failures are coded results). */
  call(name: CommandName, input: unknown): Promise<Result<unknown>>;
  /** Calls listener with each payload of the named event; returns the disposer. */
  listen(name: EventName, listener: (payload: unknown) => void): () => void;
}

export function createApiClient(transport: ApiTransport): WirebenchApi {
  // The router on the other side built the value for this command, so its type is known here.
  const call = <K extends CommandName>(name: K, input: CommandInput<K>): Promise<Result<CommandOutput<K>>> =>
    transport.call(name, input) as Promise<Result<CommandOutput<K>>>;
  const listen =
    <E extends EventName>(name: E) =>
    (listener: (payload: EventPayloads[E]) => void): (() => void) =>
      transport.listen(name, listener as (payload: unknown) => void);

  // `satisfies` makes a command or event added to (or removed from) the contract a compile error here.
  const api = {
    sessionCreate: (input) => call('session.create', input),
    sessionList: (input) => call('session.list', input),
    sessionConnect: (input) => call('session.connect', input),
    sessionDisconnect: (input) => call('session.disconnect', input),
    sessionClose: (input) => call('session.close', input),
    sessionSend: (input) => call('session.send', input),
    logRead: (input) => call('log.read', input),
    logBytes: (input) => call('log.bytes', input),
    logSave: (input) => call('log.save', input),
    peersRead: (input) => call('peers.read', input),
    peersDisconnect: (input) => call('peers.disconnect', input),
    peersClear: (input) => call('peers.clear', input),
    udpMembership: (input) => call('udp.membership', input),
    systemCapabilities: (input) => call('system.capabilities', input),
    pingRead: (input) => call('ping.read', input),
    rawSend: (input) => call('raw.send', input),
    sockoptGet: (input) => call('sockopt.get', input),
    sockoptSet: (input) => call('sockopt.set', input),
    onSessionState: listen('session.state'),
    onLogGrew: listen('log.grew'),
    onSessionClosed: listen('session.closed'),
  } satisfies WirebenchApi;
  return Object.freeze(api);
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
