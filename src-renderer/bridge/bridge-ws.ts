// Web mode: the same WirebenchApi as the Electron preload, over the WebSocket that
// `npm run web` serves at /ws (protocol in src-main/api/ws.ts).
import { m } from '../i18n/i18n.svelte.js';
import { EVENT_NAMES, type EventName, type Result, type WirebenchApi } from '$shared/contract.js';
import { asResult, createApiClient } from '$shared/rpc/client.js';
import { decodeWire, encodeWire } from '$shared/rpc/wire.js';
import { connection } from './connection.svelte.js';

export type PageLocation = Pick<Location, 'protocol' | 'host' | 'search'>;
/** Opens the socket; tests pass one that sets headers a browser would send (Origin). */
export type SocketFactory = (url: string) => WebSocket;

/** After a lost link: the first retry, and the longest wait between retries. */
export const RECONNECT_FIRST_MS = 200;
export const RECONNECT_MAX_MS = 5000;

/** In the language in force when it happens. */
const disconnected = (): Result<never> => ({
  ok: false,
  error: { code: 'DISCONNECTED', message: m.web_lost_connection() },
});

/** ws(s)://host/ws, with the page's token (the cookie set with the page also works without it). */
export function bridgeSocketUrl(location: PageLocation): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const token = new URLSearchParams(location.search).get('token');
  return `${scheme}://${location.host}/ws${token === null ? '' : `?token=${encodeURIComponent(token)}`}`;
}

function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (EVENT_NAMES as string[]).includes(name);
}

/**
 * Resolves once the socket is open; rejects when it cannot be opened (bad token, server gone).
 * A link lost later is reopened by itself (waits doubling to RECONNECT_MAX_MS); calls made
 * meanwhile, and those waiting when it went, get DISCONNECTED.
 */
export function connectWebSocketBridge(
  location: PageLocation,
  createSocket: SocketFactory = (url) => new WebSocket(url),
): Promise<WirebenchApi> {
  const url = bridgeSocketUrl(location);
  let socket: WebSocket;
  let nextId = 1;
  let open = false;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  const dispatch = (name: EventName, payload: unknown): void => {
    for (const listener of [...(listeners.get(name) ?? [])]) {
      try {
        listener(payload);
      } catch (err) {
        // One failing listener must not starve the others; the error still surfaces.
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  };

  const onMessage = (message: MessageEvent): void => {
    if (typeof message.data !== 'string') return;
    const decoded = decodeWire(message.data);
    if (!decoded.ok || typeof decoded.value !== 'object' || decoded.value === null) return;
    const frame = decoded.value as { id?: unknown; result?: unknown; event?: unknown; payload?: unknown };
    if (typeof frame.id === 'number') {
      const resolve = pending.get(frame.id);
      pending.delete(frame.id);
      resolve?.(asResult(frame.result));
    } else if (isEventName(frame.event)) {
      dispatch(frame.event, frame.payload);
    }
  };

  const api = createApiClient({
    call(name, input) {
      if (!open || socket.readyState !== WebSocket.OPEN) return Promise.resolve(disconnected());
      let text: string;
      const id = nextId++;
      try {
        text = encodeWire({ id, name, payload: input });
      } catch {
        return Promise.resolve({ ok: false, error: { code: 'INVALID_PAYLOAD', message: m.web_not_json({ name }) } });
      }
      return new Promise((resolve) => {
        pending.set(id, resolve);
        socket.send(text);
      });
    },
    listen(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      // A wrapper per subscription, so subscribing the same function twice needs two disposals.
      const entry = (payload: unknown): void => listener(payload);
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
  });

  return new Promise((resolve, reject) => {
    let everOpen = false;
    let wait = RECONNECT_FIRST_MS;
    const connect = (): void => {
      socket = createSocket(url);
      socket.addEventListener('message', onMessage);
      socket.addEventListener('open', () => {
        open = true;
        wait = RECONNECT_FIRST_MS;
        if (everOpen) connection.reopenedNow();
        everOpen = true;
        resolve(api);
      });
      socket.addEventListener('close', () => {
        open = false;
        for (const settle of pending.values()) settle(disconnected());
        pending.clear();
        if (!everOpen) {
          reject(new Error(m.web_could_not_connect()));
          return;
        }
        connection.lost();
        setTimeout(connect, wait);
        wait = Math.min(wait * 2, RECONNECT_MAX_MS);
      });
    };
    connect();
  });
}
