// The WebSocket transport (web mode). Frames are wire JSON (wire.ts):
//   request  { id: number, name: string, payload: unknown }
//   reply    { id: number | null, result: Result }   (id null: the request's id was unreadable)
//   event    { event: EventName, payload }
// One router subscription per connection, gone with the connection.
import type WebSocket from 'ws';
import { MAX_SEND_BYTES, type EventName, type EventPayloads, type Result } from '../shared/contract.js';
import type { Router } from './router.js';
import { m } from '../shared/i18n/paraglide/messages.js';
import { decodeWire, encodeWire } from '../shared/rpc/wire.js';
import type { EngineEvent } from '../shared/contract.js';

/** Largest frame a client may send (ws maxPayload): room for the largest message as hex text. */
export const MAX_FRAME_BYTES = 4 * MAX_SEND_BYTES + 1024 * 1024;
/** Above this many unsent bytes the socket is congested: log.grew is coalesced per session. */
export const CONGESTED_BYTES = 1024 * 1024;
/** A client that leaves this much unread is not reading: it is disconnected rather than buffered for. */
export const MAX_UNREAD_BYTES = 64 * 1024 * 1024;
/** Requests one connection may have waiting for their replies; past it, LIMIT_REACHED at once. */
export const MAX_IN_FLIGHT = 256;
/**
 * Requests one connection may make a second; a quiet second's worth may come at once. Past
 * it, LIMIT_REACHED at once, so a runaway script cannot keep the engine from everyone else.
 */
export const MAX_REQUESTS_PER_SECOND = 2000;

/** The part of a ws WebSocket this transport uses (a ws WebSocket is one). */
export interface ServedSocket {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string, cb: (err?: Error) => void): void;
  close(code?: number, reason?: string): void;
  on(event: 'message', listener: (data: WebSocket.RawData, isBinary: boolean) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  off(event: 'message', listener: (data: WebSocket.RawData, isBinary: boolean) => void): unknown;
  off(event: 'close', listener: () => void): unknown;
  off(event: 'error', listener: (err: Error) => void): unknown;
}

export interface ServeOptions {
  congestedBytes?: number;
  maxUnreadBytes?: number;
  maxInFlight?: number;
  maxRequestsPerSecond?: number;
  /** Milliseconds, for the rate limit (tests pass their own clock). */
  now?: () => number;
}

const OPEN = 1;

interface Request {
  id: number;
  name: string;
  payload: unknown;
}

function invalid(message: string): Result<never> {
  return { ok: false, error: { code: 'INVALID_PAYLOAD', message } };
}

function isRequestId(id: unknown): id is number {
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0;
}

/**
 * The id of a frame that did not decode (nested too deep, a bad $bytes), read from its start as a
 * client writes it ({"id":7,...}), so the caller's promise still settles with the error.
 */
function leadingId(text: string): number | null {
  const found = /^\s*\{\s*"id"\s*:\s*(\d{1,15})\s*[,}]/.exec(text.slice(0, 64));
  const id = found ? Number(found[1]) : NaN;
  return isRequestId(id) ? id : null;
}

/** A frame -> the request in it, or the error to reply with (and the id, when readable). */
function parseRequest(data: WebSocket.RawData, isBinary: boolean): Request | { id: number | null; error: Result<never> } {
  if (isBinary) return { id: null, error: invalid('Binary frames are not accepted: send JSON text.') };
  const text = (Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data)).toString('utf8');
  const decoded = decodeWire(text);
  if (!decoded.ok) return { id: leadingId(text), error: decoded };
  const frame = decoded.value;
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) {
    return { id: null, error: invalid('A request must be an object { id, name, payload }.') };
  }
  const { id, name, payload } = frame as Record<string, unknown>;
  if (!isRequestId(id)) return { id: null, error: invalid('A request needs an "id" that is a whole number >= 0.') };
  if (typeof name !== 'string') return { id, error: invalid('A request needs a "name" that is a string.') };
  return { id, name, payload };
}

/** Serves router over one connection; returns the disposer (also run when the socket closes). */
export function serveWebSocket(ws: ServedSocket, router: Router, options: ServeOptions = {}): () => void {
  const congestedBytes = options.congestedBytes ?? CONGESTED_BYTES;
  const maxUnreadBytes = options.maxUnreadBytes ?? MAX_UNREAD_BYTES;
  const maxInFlight = options.maxInFlight ?? MAX_IN_FLIGHT;
  const perSecond = options.maxRequestsPerSecond ?? MAX_REQUESTS_PER_SECOND;
  const now = options.now ?? (() => performance.now());
  let served = true;
  let inFlight = 0;
  // A token bucket: one token a request, refilled at perSecond, holding at most perSecond.
  let tokens = perSecond;
  let refilledAt = now();
  const takeToken = (): boolean => {
    const at = now();
    tokens = Math.min(perSecond, tokens + ((at - refilledAt) * perSecond) / 1000);
    refilledAt = at;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
  // log.grew carries the latest counts, not data: while congested only the newest per session matters.
  const pendingGrowth = new Map<string, EventPayloads['log.grew']>();

  const congested = (): boolean => ws.bufferedAmount > congestedBytes;

  const write = (frame: unknown): void => {
    if (!served || ws.readyState !== OPEN) return;
    if (ws.bufferedAmount > maxUnreadBytes) {
      ws.close(1008, 'Too many unread replies: the client is not reading.');
      return;
    }
    let text: string;
    try {
      text = encodeWire(frame);
    } catch {
      return;
    }
    // Every completed write is a chance to send what congestion held back.
    ws.send(text, (err) => {
      if (!err) flushGrowth();
    });
  };

  const sendEvent = <E extends EventName>(event: E, payload: EventPayloads[E]): void => write({ event, payload });

  function flushGrowth(): void {
    if (pendingGrowth.size === 0 || congested()) return;
    const held = [...pendingGrowth.values()];
    pendingGrowth.clear();
    for (const payload of held) sendEvent('log.grew', payload);
  }

  const onEvent = (event: EngineEvent): void => {
    if (!served) return;
    if (event.name === 'log.grew') {
      if (congested() || pendingGrowth.size > 0) {
        pendingGrowth.set(event.payload.id, event.payload);
        flushGrowth();
        return;
      }
    } else if (event.name === 'session.closed') {
      pendingGrowth.delete(event.payload.id);
    }
    write({ event: event.name, payload: event.payload });
  };

  const onMessage = (data: WebSocket.RawData, isBinary: boolean): void => {
    const request = parseRequest(data, isBinary);
    if ('error' in request) {
      write({ id: request.id, result: request.error });
      return;
    }
    if (!takeToken()) {
      const message = m.limit_rate({ max: perSecond });
      write({ id: request.id, result: { ok: false, error: { code: 'LIMIT_REACHED', message } } });
      return;
    }
    if (inFlight >= maxInFlight) {
      const message = m.limit_in_flight({ max: maxInFlight });
      write({ id: request.id, result: { ok: false, error: { code: 'LIMIT_REACHED', message } } });
      return;
    }
    inFlight++;
    void router
      .handle(request.name, request.payload)
      .then(
        (result) => write({ id: request.id, result }),
        // The router never rejects; this keeps a bug there from leaving a caller waiting forever.
        (err: unknown) => write({ id: request.id, result: { ok: false, error: { code: 'INTERNAL', message: `Internal error: ${String(err)}` } } }),
      )
      .finally(() => inFlight--);
  };

  const unsubscribe = router.subscribe(onEvent);

  const dispose = (): void => {
    if (!served) return;
    served = false;
    unsubscribe();
    pendingGrowth.clear();
    ws.off('message', onMessage);
    ws.off('close', dispose);
    ws.off('error', onError);
  };
  // ws emits close after error; the listener only keeps an error from being unhandled.
  const onError = (): void => {};

  ws.on('message', onMessage);
  ws.on('close', dispose);
  ws.on('error', onError);
  return dispose;
}
