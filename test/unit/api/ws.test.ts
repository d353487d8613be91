// serveWebSocket over a scripted socket: what a real ws cannot be made to do on cue
// (congestion, a client that never reads) is set here by hand.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../../src-main/shared/contract.js';
import type { Router } from '../../../src-main/api/router.js';
import { decodeWire, encodeWire } from '../../../src-main/shared/rpc/wire.js';
import { serveWebSocket, type ServedSocket } from '../../../src-main/api/ws.js';
import type { EngineEvent } from '../../../src-main/shared/contract.js';

class ScriptedSocket extends EventEmitter implements ServedSocket {
  readyState = 1;
  bufferedAmount = 0;
  readonly frames: unknown[] = [];
  readonly closedWith: [number | undefined, string | undefined][] = [];
  #writeCallbacks: ((err?: Error) => void)[] = [];

  send(data: string, cb: (err?: Error) => void): void {
    const decoded = decodeWire(data);
    if (!decoded.ok) throw new Error('the transport sent text that is not wire JSON');
    this.frames.push(decoded.value);
    this.#writeCallbacks.push(cb);
  }
  close(code?: number, reason?: string): void {
    this.closedWith.push([code, reason]);
  }
  /** The kernel took everything: buffer empty, every write callback runs. */
  drain(): void {
    this.bufferedAmount = 0;
    const callbacks = this.#writeCallbacks;
    this.#writeCallbacks = [];
    for (const cb of callbacks) cb();
  }
  receive(frame: unknown): void {
    this.emit('message', Buffer.from(typeof frame === 'string' ? frame : encodeWire(frame)), false);
  }
}

class ScriptedRouter implements Router {
  readonly listeners = new Set<(event: EngineEvent) => void>();
  readonly calls: [string, unknown][] = [];
  async handle(name: string, payload: unknown): Promise<Result<unknown>> {
    this.calls.push([name, payload]);
    return { ok: true, value: { echoed: payload } };
  }
  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(event: EngineEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

const STATS = { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 };
const grew = (id: string, logCount: number): EngineEvent => ({ name: 'log.grew', payload: { id, logCount, logFirst: 0, stats: STATS, peers: null, peersVersion: 0, ping: null, repeat: null } });
/** Router replies are promise callbacks: let every pending one run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function setup(): { socket: ScriptedSocket; router: ScriptedRouter; dispose: () => void } {
  const socket = new ScriptedSocket();
  const router = new ScriptedRouter();
  const dispose = serveWebSocket(socket, router, { congestedBytes: 1000, maxUnreadBytes: 10_000 });
  return { socket, router, dispose };
}

describe('serveWebSocket', () => {
  it('answers a request with its id and the router result, bytes intact both ways', async () => {
    const { socket, router } = setup();
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    socket.receive({ id: 41, name: 'log.bytes', payload: { raw: bytes } });
    await settle();
    expect(router.calls).toEqual([['log.bytes', { raw: bytes }]]);
    expect((router.calls[0]![1] as { raw: unknown }).raw).toBeInstanceOf(Uint8Array);
    expect(socket.frames).toEqual([{ id: 41, result: { ok: true, value: { echoed: { raw: bytes } } } }]);
  });

  it.each([
    ['not JSON', 'hello', null, /not valid JSON/],
    ['an array', [1, 2], null, /must be an object/],
    ['no id', { name: 'session.list', payload: {} }, null, /"id"/],
    ['a string id', { id: '1', name: 'session.list', payload: {} }, null, /"id"/],
    ['a negative id', { id: -1, name: 'session.list', payload: {} }, null, /"id"/],
    ['no name', { id: 5, payload: {} }, 5, /"name"/],
    // Frames that do not decode still answer the caller's id when it leads the frame, so its call settles.
    ['bad base64 bytes', '{"id":6,"name":"x","payload":{"$bytes":"!!!!"}}', 6, /not valid base64/],
    ['nesting too deep to read', `{"id":8,"name":"x","payload":${'['.repeat(20_000)}${']'.repeat(20_000)}}`, 8, /./],
  ])('replies INVALID_PAYLOAD to %s, and the router never sees it', async (_what, frame, id, message) => {
    const { socket, router } = setup();
    socket.receive(frame);
    await settle();
    expect(router.calls).toEqual([]);
    expect(socket.frames).toHaveLength(1);
    expect(socket.frames[0]).toMatchObject({ id, result: { ok: false, error: { code: 'INVALID_PAYLOAD' } } });
    expect((socket.frames[0] as { result: { error: { message: string } } }).result.error.message).toMatch(message);
  });

  it('answers LIMIT_REACHED at once past the requests in flight, and serves again as replies go out', async () => {
    const socket = new ScriptedSocket();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const router = new ScriptedRouter();
    router.handle = async (name, payload) => {
      router.calls.push([name, payload]);
      await gate;
      return { ok: true, value: null };
    };
    serveWebSocket(socket, router, { maxInFlight: 3 });
    for (let id = 1; id <= 5; id++) socket.receive({ id, name: 'session.list', payload: {} });
    await settle();
    expect(router.calls).toHaveLength(3);
    expect(socket.frames).toEqual([4, 5].map((id) => ({ id, result: { ok: false, error: { code: 'LIMIT_REACHED', message: expect.stringContaining('3 requests are already waiting') } } })));
    release();
    await settle();
    await settle();
    socket.receive({ id: 6, name: 'session.list', payload: {} });
    await settle();
    expect(router.calls).toHaveLength(4);
    expect(socket.frames.slice(2).map((f) => (f as { id: number }).id).sort()).toEqual([1, 2, 3, 6]);
  });

  it('answers LIMIT_REACHED past the request rate, a burst included, and serves again as the second passes', async () => {
    const socket = new ScriptedSocket();
    const router = new ScriptedRouter();
    let clock = 0;
    serveWebSocket(socket, router, { maxRequestsPerSecond: 10, now: () => clock });
    for (let id = 1; id <= 12; id++) socket.receive({ id, name: 'session.list', payload: {} });
    await settle();
    expect(router.calls).toHaveLength(10);
    const limited = { ok: false, error: { code: 'LIMIT_REACHED', message: 'More than 10 requests a second on this connection: slow down and send this again.' } };
    expect(socket.frames.filter((f) => (f as { result: Result<unknown> }).result.ok === false)).toEqual([11, 12].map((id) => ({ id, result: limited })));
    // A tenth of a second gives one more; a whole second the full burst, and no more.
    clock = 100;
    socket.receive({ id: 13, name: 'session.list', payload: {} });
    socket.receive({ id: 14, name: 'session.list', payload: {} });
    clock = 5000;
    for (let id = 15; id <= 26; id++) socket.receive({ id, name: 'session.list', payload: {} });
    await settle();
    expect(router.calls).toHaveLength(21);
    const refused = socket.frames.filter((f) => (f as { result: Result<unknown> }).result.ok === false).map((f) => (f as { id: number }).id);
    expect(refused).toEqual([11, 12, 14, 25, 26]);
  });

  it('replies INVALID_PAYLOAD to a binary frame', async () => {
    const { socket, router } = setup();
    socket.emit('message', Buffer.from('{"id":1,"name":"session.list","payload":{}}'), true);
    await settle();
    expect(router.calls).toEqual([]);
    expect(socket.frames).toEqual([
      { id: null, result: { ok: false, error: { code: 'INVALID_PAYLOAD', message: 'Binary frames are not accepted: send JSON text.' } } },
    ]);
  });

  it('pushes every router event as { event, payload }', () => {
    const { socket, router } = setup();
    router.emit({ name: 'session.closed', payload: { id: 's3' } });
    router.emit(grew('s1', 4));
    expect(socket.frames).toEqual([
      { event: 'session.closed', payload: { id: 's3' } },
      { event: 'log.grew', payload: { id: 's1', logCount: 4, logFirst: 0, stats: STATS, peers: null, peersVersion: 0, ping: null, repeat: null } },
    ]);
  });

  it('while congested keeps only the latest log.grew per session, and never holds back replies or state', async () => {
    const { socket, router } = setup();
    socket.bufferedAmount = 5000;
    router.emit(grew('s1', 1));
    router.emit(grew('s2', 1));
    router.emit(grew('s1', 2));
    router.emit({ name: 'session.closed', payload: { id: 's9' } });
    router.emit(grew('s1', 3));
    socket.receive({ id: 1, name: 'session.list', payload: {} });
    await settle();
    expect(socket.frames).toEqual([
      { event: 'session.closed', payload: { id: 's9' } },
      { id: 1, result: { ok: true, value: { echoed: {} } } },
    ]);

    socket.drain();
    expect(socket.frames.slice(2)).toEqual([
      { event: 'log.grew', payload: { id: 's1', logCount: 3, logFirst: 0, stats: STATS, peers: null, peersVersion: 0, ping: null, repeat: null } },
      { event: 'log.grew', payload: { id: 's2', logCount: 1, logFirst: 0, stats: STATS, peers: null, peersVersion: 0, ping: null, repeat: null } },
    ]);
    // Uncongested again: growth goes straight out.
    router.emit(grew('s2', 2));
    expect(socket.frames.at(-1)).toEqual({ event: 'log.grew', payload: { id: 's2', logCount: 2, logFirst: 0, stats: STATS, peers: null, peersVersion: 0, ping: null, repeat: null } });
  });

  it('drops held growth of a session that closed while congested', () => {
    const { socket, router } = setup();
    socket.bufferedAmount = 5000;
    router.emit(grew('s1', 7));
    router.emit({ name: 'session.closed', payload: { id: 's1' } });
    socket.drain();
    expect(socket.frames).toEqual([{ event: 'session.closed', payload: { id: 's1' } }]);
  });

  it('disconnects a client that leaves too much unread instead of buffering without end', async () => {
    const { socket } = setup();
    socket.bufferedAmount = 20_000;
    socket.receive({ id: 1, name: 'session.list', payload: {} });
    await settle();
    expect(socket.frames).toEqual([]);
    expect(socket.closedWith).toEqual([[1008, 'Too many unread replies: the client is not reading.']]);
  });

  it('unsubscribes from the router when the socket closes, and sends nothing after', async () => {
    const { socket, router } = setup();
    socket.receive({ id: 1, name: 'session.list', payload: {} });
    expect(router.listeners.size).toBe(1);
    socket.emit('close');
    expect(router.listeners.size).toBe(0);
    await settle();
    socket.receive({ id: 2, name: 'session.list', payload: {} });
    await settle();
    expect(socket.frames).toEqual([]);
    expect(router.calls).toHaveLength(1);
  });

  it('returns a disposer that stops serving', () => {
    const { socket, router, dispose } = setup();
    dispose();
    expect(router.listeners.size).toBe(0);
    expect(socket.listenerCount('message')).toBe(0);
    expect(socket.listenerCount('close')).toBe(0);
  });
});
