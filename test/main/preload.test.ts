// The preload puts exactly one closed API on the page: the contract's named functions, and
// no way to reach an arbitrary channel.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  apiFunctionName,
  COMMAND_NAMES,
  EVENT_NAMES,
  eventFunctionName,
  IPC_EVENT_CHANNEL,
  ipcChannel,
} from '../../src-main/shared/contract.js';
import type * as FakeElectronModule from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

type FakeElectron = typeof FakeElectronModule;

let electron: FakeElectron;
let api: Record<string, unknown>;

beforeAll(async () => {
  electron = (await import('electron')) as unknown as FakeElectron;
  await import('../../src-main/preload.js');
  api = electron.exposedInMainWorld[0]?.api as Record<string, unknown>;
});

describe('preload', () => {
  it('exposes exactly one global, window.wirebench', () => {
    expect(electron.exposedInMainWorld.map((e) => e.key)).toEqual(['wirebench']);
  });

  it("has exactly the contract's function names, all functions", () => {
    const expected = [...COMMAND_NAMES.map(apiFunctionName), ...EVENT_NAMES.map(eventFunctionName)].sort();
    expect(Object.keys(api).sort()).toEqual(expected);
    for (const key of expected) expect(typeof api[key], key).toBe('function');
  });

  it('offers nothing generic: no invoke, send, on, or ipcRenderer itself', () => {
    for (const generic of ['invoke', 'send', 'sendSync', 'on', 'once', 'off', 'ipcRenderer', 'removeListener']) {
      expect(api).not.toHaveProperty(generic);
    }
    const ipc = electron.ipcRenderer;
    const leaked = [ipc, ipc.invoke, ipc.on, ipc.emit, ipc.removeListener];
    for (const value of Object.values(api)) expect(leaked).not.toContain(value);
  });

  it("sends each command on its own channel, through electron's ipcRenderer", async () => {
    const sessionList = api['sessionList'] as (input: object) => Promise<unknown>;
    await expect(sessionList({})).resolves.toEqual({ ok: true, value: [] });
    expect(electron.ipcRenderer.invoked).toEqual([[ipcChannel('session.list'), {}]]);
  });

  it('delivers pushed events to the subscriber until it unsubscribes', () => {
    const onSessionClosed = api['onSessionClosed'] as (listener: (payload: unknown) => void) => () => void;
    const seen: unknown[] = [];
    const unsubscribe = onSessionClosed((payload) => seen.push(payload));
    electron.ipcRenderer.emit(IPC_EVENT_CHANNEL, {}, 'session.closed', { id: 's1' });
    unsubscribe();
    electron.ipcRenderer.emit(IPC_EVENT_CHANNEL, {}, 'session.closed', { id: 's2' });
    expect(seen).toEqual([{ id: 's1' }]);
  });
});
