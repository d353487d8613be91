// One suite, run over both transports (Electron IPC, faked with structuredClone as Electron
// copies; and the real web-mode server with the renderer's WebSocket bridge), each against the
// real Engine and a small fake one, talking to a real TCP echo server on loopback. Whatever
// the renderer can observe must be the same over either transport.
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result, SessionSnapshot, WirebenchApi } from '../../../src-main/shared/contract.js';
import { forwardEvents, isTrustedUrl, registerIpc } from '../../../src-main/api/ipc.js';
import { createRouter, type CommandServer, type Router } from '../../../src-main/api/router.js';
import { Engine } from '../../../src-main/engine/engine.js';
import { createPreloadApi } from '../../../src-main/preload-api.js';
import { startWebServer } from '../../../src-main/web/server.js';
import { connectWebSocketBridge } from '../../../src-renderer/bridge/bridge-ws.js';
import { connection } from '../../../src-renderer/bridge/connection.svelte.js';
import { createFakeIpc } from '../../helpers/fake-ipc.js';
import { Teardown, freePort, startEchoServer, waitForValue, type TestServer } from '../../helpers/net.js';
import { FakeEngine } from '../../helpers/fake-engine.js';

interface Transport {
  api: WirebenchApi;
  close(): Promise<void>;
}
type TransportFactory = (router: Router, teardown: Teardown) => Promise<Transport>;

const APP_URL = 'file:///opt/wirebench/renderer/index.html';

const ipcTransport: TransportFactory = async (router) => {
  const ipc = createFakeIpc(APP_URL);
  const unregister = registerIpc({
    ipcMain: ipc.ipcMain,
    router,
    isTrustedSender: (event) => isTrustedUrl(event.senderFrame?.url ?? '', APP_URL),
  });
  forwardEvents({ router, send: ipc.send, onGone: ipc.onGone });
  return {
    api: createPreloadApi(ipc.ipcRenderer),
    close: async () => {
      ipc.destroyWindow();
      unregister();
    },
  };
};

// Node's WebSocket (undici) takes headers, which a browser sets by itself (Origin).
type NodeWebSocket = new (url: string, init: { headers: Record<string, string> }) => WebSocket;

/** Starts web mode on port 0 and opens the bridge as the page at `url` would. */
async function openWebMode(router: Router, teardown: Teardown): Promise<{ api: WirebenchApi; socket: WebSocket; close(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'wirebench-conformance-'));
  teardown.add(() => rm(dir, { recursive: true, force: true }));
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>Wirebench</title>');
  const server = await startWebServer({ rendererDir: dir, router });
  teardown.add(() => server.close());
  const page = new URL(server.url);
  let socket: WebSocket | null = null;
  const api = await connectWebSocketBridge(page, (url) => {
    socket = new (WebSocket as unknown as NodeWebSocket)(url, { headers: { origin: page.origin } });
    return socket;
  });
  return { api, socket: socket!, close: () => server.close() };
}

const webSocketTransport: TransportFactory = async (router, teardown) => {
  const { api, socket, close } = await openWebMode(router, teardown);
  return {
    api,
    close: async () => {
      socket.close();
      await close();
    },
  };
};

const TRANSPORTS: [string, TransportFactory][] = [
  ['IPC', ipcTransport],
  ['WebSocket', webSocketTransport],
];
const ENGINES: [string, () => CommandServer & { dispose(): Promise<void> }][] = [
  ['real Engine', () => new Engine()],
  ['fake engine', () => new FakeEngine()],
];

const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);
const ALL_BYTES_HEX = [...ALL_BYTES].map((b) => b.toString(16).padStart(2, '0')).join(' ');
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function valueOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function errorCode(result: Result<unknown>): string | null {
  return result.ok ? null : result.error.code;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

function conformanceSuite(transportName: string, makeTransport: TransportFactory, engineName: string, makeEngine: () => CommandServer & { dispose(): Promise<void> }): void {
  describe(`${transportName} transport, ${engineName}`, () => {
    const teardown = new Teardown();
    let api: WirebenchApi;
    let echo: TestServer;

    beforeEach(async () => {
      const engine = makeEngine();
      teardown.add(() => engine.dispose());
      echo = await startEchoServer(teardown);
      const transport = await makeTransport(createRouter(engine), teardown);
      teardown.add(() => transport.close());
      api = transport.api;
    });

    afterEach(() => teardown.run());

    async function openSession(): Promise<SessionSnapshot> {
      const created = valueOf(await api.sessionCreate({ kind: 'tcp-client' }));
      return valueOf(await api.sessionConnect({ id: created.id, config: { kind: 'tcp-client', host: '127.0.0.1', port: echo.port } }));
    }

    /** Sends and waits until the echo of everything sent so far is back. */
    async function sendAndAwaitEcho(id: string, payload: Parameters<WirebenchApi['sessionSend']>[0]['payload'], bytesInAfter: number) {
      const echoed = waitForValue(api.onLogGrew, (g) => g.id === id && g.stats.bytesIn >= bytesInAfter);
      const sent = valueOf(await api.sessionSend({ id, payload }));
      await echoed;
      return sent;
    }

    it('creates and lists sessions', async () => {
      const created = valueOf(await api.sessionCreate({ kind: 'tcp-client' }));
      expect(created).toMatchObject({ id: expect.stringMatching(/^s[0-9]+$/), kind: 'tcp-client', status: 'idle', logCount: 0 });
      const second = valueOf(await api.sessionCreate({ kind: 'tcp-client' }));
      expect(second.id).not.toBe(created.id);
      const listed = valueOf(await api.sessionList({}));
      expect(listed.map((s) => s.id)).toEqual([created.id, second.id]);
      expect(listed[0]).toEqual(created);
    });

    it('connects to a real echo server and reports the state change as an event', async () => {
      const created = valueOf(await api.sessionCreate({ kind: 'tcp-client' }));
      const opened = waitForValue(api.onSessionState, (s) => s.id === created.id && s.status === 'open');
      const connected = valueOf(
        await api.sessionConnect({ id: created.id, config: { kind: 'tcp-client', host: '127.0.0.1', port: echo.port } }),
      );
      expect(connected.status).toBe('open');
      expect((await opened).config).toMatchObject({ kind: 'tcp-client', host: '127.0.0.1', port: echo.port, timeoutMs: 10_000 });
      await echo.nextConnection();
    });

    it('reports a refused connection as ECONNREFUSED', async () => {
      const created = valueOf(await api.sessionCreate({ kind: 'tcp-client' }));
      const port = await freePort();
      const result = await api.sessionConnect({ id: created.id, config: { kind: 'tcp-client', host: '127.0.0.1', port } });
      expect(errorCode(result)).toBe('ECONNREFUSED');
    });

    it('sends text and hex, and log.read returns the exact bytes both ways, all 256 values included', async () => {
      const { id } = await openSession();
      const text = utf8('héllo\r\n');
      const sentText = await sendAndAwaitEcho(id, { format: 'text', text: 'héllo', lineEnding: 'crlf' }, text.byteLength);
      expect(sentText.bytes).toBe(text.byteLength);
      const sentHex = await sendAndAwaitEcho(id, { format: 'hex', text: ALL_BYTES_HEX }, text.byteLength + 256);
      expect(sentHex.bytes).toBe(256);

      const { entries, total } = valueOf(await api.logRead({ id, from: 0, count: 1000 }));
      expect(total).toBe(entries.length);
      for (const entry of entries) {
        expect(entry.bytes).toBeInstanceOf(Uint8Array);
        expect(entry.bytes.byteLength).toBe(entry.size);
      }
      const out = entries.filter((e) => e.dir === 'out');
      expect(out.map((e) => e.seq)).toEqual([sentText.seq, sentHex.seq]);
      expect([...out[0]!.bytes]).toEqual([...text]);
      expect([...out[1]!.bytes]).toEqual([...ALL_BYTES]);
      // TCP may cut the echo anywhere; together the chunks must be exactly what was sent.
      const echoed = concat(entries.filter((e) => e.dir === 'in').map((e) => e.bytes));
      expect([...echoed]).toEqual([...text, ...ALL_BYTES]);
    });

    it('log.read with maxBytes and log.bytes return a part of an entry, with its full size', async () => {
      const { id } = await openSession();
      const { seq } = await sendAndAwaitEcho(id, { format: 'hex', text: ALL_BYTES_HEX }, 256);
      const preview = valueOf(await api.logRead({ id, from: seq, count: 1, maxBytes: 4 }));
      expect(preview.entries).toHaveLength(1);
      expect(preview.entries[0]!.size).toBe(256);
      expect([...preview.entries[0]!.bytes]).toEqual([0, 1, 2, 3]);

      const part = valueOf(await api.logBytes({ id, seq, offset: 250, length: 100 }));
      expect(part.size).toBe(256);
      expect(part.bytes).toBeInstanceOf(Uint8Array);
      expect([...part.bytes]).toEqual([250, 251, 252, 253, 254, 255]);
      expect(errorCode(await api.logBytes({ id, seq: 9999, offset: 0, length: 1 }))).toBe('NO_SUCH_ENTRY');
    });

    it('pushes events to the listeners of that event, and a disposed listener hears nothing more', async () => {
      const { id } = await openSession();
      const heardAfterDispose: unknown[] = [];
      const dispose = api.onLogGrew((g) => heardAfterDispose.push(g));
      dispose();
      const stateHeard: unknown[] = [];
      const disposeState = api.onSessionState((s) => stateHeard.push(s));
      disposeState();
      const closedHeard: unknown[] = [];
      teardown.add(api.onSessionClosed((e) => closedHeard.push(e)));

      // The listeners still subscribed hear these, so a disposed one that leaked would too.
      await sendAndAwaitEcho(id, { format: 'text', text: 'abc' }, 3);
      const disconnected = waitForValue(api.onSessionState, (s) => s.id === id && s.status !== 'open');
      valueOf(await api.sessionDisconnect({ id }));
      await disconnected;
      expect(heardAfterDispose).toEqual([]);
      expect(stateHeard).toEqual([]);
      // Each listener hears its own event only; no session was closed here.
      expect(closedHeard).toEqual([]);
    });

    it('answers malformed payloads with INVALID_PAYLOAD, saying where', async () => {
      const { id } = await openSession();
      const badPort = await api.sessionConnect({ id, config: { kind: 'tcp-client', host: '127.0.0.1', port: 70000 } });
      expect(errorCode(badPort)).toBe('INVALID_PAYLOAD');
      expect(badPort.ok === false && badPort.error.message).toMatch(/config\.port/);
      expect(errorCode(await api.sessionCreate({ kind: 'carrier-pigeon' } as never))).toBe('INVALID_PAYLOAD');
      expect(errorCode(await api.sessionList({ extra: true } as never))).toBe('INVALID_PAYLOAD');
      expect(errorCode(await api.logRead({ id, from: -1, count: 1 }))).toBe('INVALID_PAYLOAD');
      expect(errorCode(await api.logRead({ id, from: 0, count: 1_000_000 }))).toBe('INVALID_PAYLOAD');
      expect(errorCode(await api.sessionSend({ id, payload: { format: 'text', text: new Uint8Array([1]) } } as never))).toBe('INVALID_PAYLOAD');
      expect(errorCode(await api.sessionSend(null as never))).toBe('INVALID_PAYLOAD');
      // A payload the codec refuses comes back with the codec's code, across the transport.
      expect(errorCode(await api.sessionSend({ id, payload: { format: 'hex', text: 'zz' } }))).toBe('INVALID_HEX');
    });

    it('answers an unknown session with NO_SUCH_SESSION', async () => {
      const config = { kind: 'tcp-client', host: '127.0.0.1', port: echo.port } as const;
      for (const result of [
        await api.sessionConnect({ id: 's999', config }),
        await api.sessionSend({ id: 's999', payload: { format: 'text', text: 'x' } }),
        await api.logRead({ id: 's999', from: 0, count: 1 }),
        await api.logBytes({ id: 's999', seq: 0, offset: 0, length: 1 }),
        await api.sessionClose({ id: 's999' }),
      ]) {
        expect(errorCode(result)).toBe('NO_SUCH_SESSION');
        expect(result.ok === false && result.error.message).toMatch(/s999/);
      }
    });

    it('closes a session: its socket ends, an event says so, and it is gone from the list', async () => {
      const { id } = await openSession();
      const peer = await echo.nextConnection();
      const peerClosed = once(peer, 'close');
      const closedEvent = waitForValue(api.onSessionClosed, (e) => e.id === id);
      expect(await api.sessionClose({ id })).toEqual({ ok: true, value: null });
      await closedEvent;
      await peerClosed;
      expect(valueOf(await api.sessionList({}))).toEqual([]);
      expect(errorCode(await api.sessionSend({ id, payload: { format: 'text', text: 'x' } }))).toBe('NO_SUCH_SESSION');
    });
  });
}

for (const [transportName, makeTransport] of TRANSPORTS) {
  for (const [engineName, makeEngine] of ENGINES) conformanceSuite(transportName, makeTransport, engineName, makeEngine);
}

describe('WebSocket bridge only', () => {
  const teardown = new Teardown();
  afterEach(() => teardown.run());

  it('resolves pending and later calls with DISCONNECTED when the server goes away', async () => {
    let received!: () => void;
    const requestArrived = new Promise<void>((resolve) => (received = resolve));
    const stuck: Router = {
      handle: () => {
        received();
        return new Promise<never>(() => {});
      },
      subscribe: () => () => {},
    };
    const { api, close } = await openWebMode(stuck, teardown);
    const pending = api.sessionList({});
    await requestArrived;
    await close();
    const disconnected = {
      ok: false,
      error: { code: 'DISCONNECTED', message: 'Lost the connection to Wirebench (web mode); reconnecting. Try again in a moment.' },
    };
    expect(await pending).toEqual(disconnected);
    expect(await api.sessionCreate({ kind: 'tcp-client' })).toEqual(disconnected);
  });

  it('reopens a lost link by itself: the page hears of it, and calls work again', async () => {
    const engine = new Engine();
    teardown.add(() => engine.dispose());
    const { api, socket } = await openWebMode(createRouter(engine), teardown);
    expect(await api.sessionCreate({ kind: 'udp' })).toMatchObject({ ok: true, value: { id: 's1' } });
    const reopened = connection.reopened;
    const heard = new Promise<void>((resolve) => {
      const stop = connection.onReopen(() => {
        stop();
        resolve();
      });
    });
    socket.close();
    await once(socket, 'close');
    expect(connection.state).toBe('reconnecting');
    expect(await api.sessionList({})).toMatchObject({ ok: false, error: { code: 'DISCONNECTED' } });
    await heard;
    expect(connection).toMatchObject({ state: 'open', reopened: reopened + 1 });
    expect(await api.sessionList({})).toMatchObject({ ok: true, value: [{ id: 's1', kind: 'udp' }] });
  });

  it('settles a call whose frame the server cannot decode (nested too deep, bad $bytes) with a coded error', async () => {
    const engine = new Engine();
    teardown.add(() => engine.dispose());
    const { api } = await openWebMode(createRouter(engine), teardown);
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i++) deep = [deep];
    const tooDeep = await api.sessionCreate({ kind: deep } as never);
    expect(tooDeep).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    const badBytes = await api.sessionCreate({ kind: { $bytes: '@@not base64@@' } } as never);
    expect(badBytes).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD', message: expect.stringContaining('base64') } });
    // The connection goes on serving.
    expect(await api.sessionList({})).toEqual({ ok: true, value: [] });
  });

  it('fails to connect with a clear message when the token is wrong', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'wirebench-conformance-'));
    teardown.add(() => rm(dir, { recursive: true, force: true }));
    const server = await startWebServer({ rendererDir: dir, router: { handle: async () => ({ ok: true, value: null }), subscribe: () => () => {} } });
    teardown.add(() => server.close());
    const page = { protocol: 'http:', host: `127.0.0.1:${server.port}`, search: '?token=wrong' };
    await expect(
      connectWebSocketBridge(page, (url) => new (WebSocket as unknown as NodeWebSocket)(url, { headers: { origin: `http://127.0.0.1:${server.port}` } })),
    ).rejects.toThrow(/Could not connect to Wirebench \(web mode\).*exact URL it printed/);
  });
});
