import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES, EVENT_NAMES, apiFunctionName, eventFunctionName, ipcChannel, type Result } from '../../../src-main/shared/contract.js';
import { forwardEvents, isTrustedUrl, registerIpc } from '../../../src-main/api/ipc.js';
import type { Router } from '../../../src-main/api/router.js';
import type { EngineEvent } from '../../../src-main/shared/contract.js';
import { createPreloadApi } from '../../../src-main/preload-api.js';
import { createFakeIpc } from '../../helpers/fake-ipc.js';

const APP_URL = 'file:///opt/wirebench/renderer/index.html';

class RecordingRouter implements Router {
  readonly calls: [string, unknown][] = [];
  readonly listeners = new Set<(event: EngineEvent) => void>();
  async handle(name: string, payload: unknown): Promise<Result<unknown>> {
    this.calls.push([name, payload]);
    return { ok: true, value: { name } };
  }
  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(event: EngineEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

function wire(senderUrl = APP_URL) {
  const ipc = createFakeIpc(senderUrl);
  const router = new RecordingRouter();
  const unregister = registerIpc({ ipcMain: ipc.ipcMain, router, isTrustedSender: (e) => isTrustedUrl(e.senderFrame?.url ?? '', APP_URL) });
  const api = createPreloadApi(ipc.ipcRenderer);
  return { ipc, router, unregister, api };
}

describe('registerIpc', () => {
  it('handles the channel of every contract command, and nothing else', () => {
    const { ipc, unregister } = wire();
    expect(ipc.ipcMain.channels()).toEqual(COMMAND_NAMES.map(ipcChannel).sort());
    unregister();
    expect(ipc.ipcMain.channels()).toEqual([]);
  });

  it('passes the payload of a trusted sender to the router', async () => {
    const { router, api } = wire();
    expect(await api.sessionCreate({ kind: 'tcp-client' })).toEqual({ ok: true, value: { name: 'session.create' } });
    expect(router.calls).toEqual([['session.create', { kind: 'tcp-client' }]]);
  });

  it('refuses other senders with FORBIDDEN before the router sees anything', async () => {
    const { ipc, router, api } = wire();
    for (const url of ['https://evil.example/', 'file:///tmp/other.html', 'about:blank', '']) {
      ipc.senderUrl = url;
      const result = await api.sessionList({});
      expect(result.ok, url).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('FORBIDDEN');
    }
    expect(router.calls).toEqual([]);
  });

  it('treats a sender check that throws as untrusted', async () => {
    const ipc = createFakeIpc();
    const router = new RecordingRouter();
    registerIpc({
      ipcMain: ipc.ipcMain,
      router,
      isTrustedSender: () => {
        throw new Error('frame is gone');
      },
    });
    const result = await createPreloadApi(ipc.ipcRenderer).sessionList({});
    expect(result.ok === false && result.error.code).toBe('FORBIDDEN');
    expect(router.calls).toEqual([]);
  });
});

describe('createPreloadApi', () => {
  it('exposes one named function per command and one onXxx per event, nothing generic', () => {
    const { api } = wire();
    const expected = [...COMMAND_NAMES.map(apiFunctionName), ...EVENT_NAMES.map(eventFunctionName)].sort();
    expect(Object.keys(api).sort()).toEqual(expected);
    for (const key of Object.keys(api)) expect(typeof (api as Record<string, unknown>)[key]).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('turns a rejected invoke (no handler) into an INTERNAL result instead of throwing', async () => {
    const { api, unregister } = wire();
    unregister();
    const result = await api.sessionList({});
    expect(result.ok === false && result.error.code).toBe('INTERNAL');
    expect(result.ok === false && result.error.message).toMatch(/No handler registered/);
  });

  it('delivers each event only to its own subscribers, without the IPC event object, until disposed', async () => {
    const { ipc, router, api } = wire();
    const stop = forwardEvents({ router, send: ipc.send, onGone: ipc.onGone });
    const closed: unknown[][] = [];
    const states: unknown[] = [];
    const disposeClosed = api.onSessionClosed((...args) => closed.push(args));
    api.onSessionState((payload) => states.push(payload));
    router.emit({ name: 'session.closed', payload: { id: 's1' } });
    await Promise.resolve();
    expect(closed).toEqual([[{ id: 's1' }]]);
    expect(states).toEqual([]);

    disposeClosed();
    disposeClosed();
    expect(ipc.ipcRenderer.listenerCount('wirebench:event')).toBe(1);
    router.emit({ name: 'session.closed', payload: { id: 's2' } });
    await Promise.resolve();
    expect(closed).toHaveLength(1);
    stop();
  });
});

describe('forwardEvents', () => {
  it('stops forwarding when the window is gone', () => {
    const ipc = createFakeIpc();
    const router = new RecordingRouter();
    forwardEvents({ router, send: ipc.send, onGone: ipc.onGone });
    expect(router.listeners.size).toBe(1);
    ipc.destroyWindow();
    expect(router.listeners.size).toBe(0);
  });

  it('unsubscribes if sending fails (the window was destroyed before onGone fired)', () => {
    const router = new RecordingRouter();
    const sent: unknown[] = [];
    forwardEvents({
      router,
      send: (...args) => {
        sent.push(args);
        throw new TypeError('Object has been destroyed');
      },
      onGone: () => {},
    });
    router.emit({ name: 'session.closed', payload: { id: 's1' } });
    expect(sent).toEqual([['wirebench:event', 'session.closed', { id: 's1' }]]);
    expect(router.listeners.size).toBe(0);
  });
});

describe('isTrustedUrl', () => {
  it.each([
    ['file:///opt/wirebench/renderer/index.html', APP_URL, true],
    ['file:///opt/wirebench/renderer/index.html#/tab/s1', APP_URL, true],
    ['file:///opt/wirebench/renderer/index.html?x=1', APP_URL, true],
    ['file:///opt/wirebench/renderer/other.html', APP_URL, false],
    ['file:///tmp/index.html', APP_URL, false],
    ['file://evilhost/opt/wirebench/renderer/index.html', APP_URL, false],
    ['http://localhost:5173/', APP_URL, false],
    ['http://localhost:5173/src/main.ts', 'http://localhost:5173/', true],
    ['http://localhost:5174/', 'http://localhost:5173/', false],
    ['https://localhost:5173/', 'http://localhost:5173/', false],
    ['http://localhost.evil.example:5173/', 'http://localhost:5173/', false],
    ['file:///opt/wirebench/renderer/index.html', 'http://localhost:5173/', false],
    ['not a url', APP_URL, false],
    ['', APP_URL, false],
    ['devtools://devtools/bundled/index.html', 'devtools://devtools/bundled/index.html', false],
  ])('%s against %s -> %s', (url, appUrl, trusted) => {
    expect(isTrustedUrl(url, appUrl)).toBe(trusted);
  });
});
