// main.ts runs against a fake Electron and a fake engine: the window it opens, the IPC it
// registers (every contract command, nothing else, behind the sender check), the events it
// forwards, and the order of shutdown.
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { COMMAND_NAMES, IPC_EVENT_CHANNEL, ipcChannel } from '../../src-main/shared/contract.js';
import type * as FakeElectronModule from './fake-electron.js';
import type * as FakeEngine from '../helpers/fake-engine.js';

type FakeElectron = typeof FakeElectronModule;
type FakeEngineModule = typeof FakeEngine;

interface Launched {
  electron: FakeElectron;
  engines: FakeEngineModule;
}

/**
 * Loads main.ts afresh, as Electron does on start, with a fresh fake electron and engine
 * (vi.doMock, because a hoisted vi.mock's module survives vi.resetModules); `setup` runs first.
 */
async function launch(setup?: (electron: FakeElectron) => void): Promise<Launched> {
  vi.resetModules();
  const electron = await import('./fake-electron.js');
  const engines = await import('../helpers/fake-engine.js');
  engines.FakeEngine.holdDispose = true;
  vi.doMock('electron', () => electron);
  vi.doMock('../../src-main/engine/engine.js', () => engines);
  setup?.(electron);
  await import('../../src-main/main.js');
  return { electron, engines };
}

async function launchReady() {
  const launched = await launch();
  launched.electron.app.becomeReady();
  const window = await launched.electron.firstWindowLoaded;
  const engine = launched.engines.Engine.instances[0];
  if (!engine) throw new Error('main created no engine');
  engine.seedSession();
  const appUrl = window.loadedUrl ?? '';
  return { ...launched, window, engine, appUrl };
}

function invokeEvent(url: string, options: { subframe?: boolean } = {}) {
  const parent = options.subframe ? { url, parent: null } : null;
  return { senderFrame: { url, parent }, sender: {} };
}

let launched: Awaited<ReturnType<typeof launchReady>>;

describe('before the app is ready', () => {
  it('enables the sandbox for every renderer before ready, and opens nothing yet', async () => {
    const { electron, engines } = await launch();
    expect(electron.app.sandboxEnabledBeforeReady).toBe(true);
    expect(electron.FakeBrowserWindow.instances).toHaveLength(0);
    expect(electron.ipcMain.handlers.size).toBe(0);
    expect(engines.Engine.instances).toHaveLength(0);
  });

  it('quits at once when another instance holds the lock', async () => {
    const { electron } = await launch((e) => {
      e.app.hasSingleInstanceLock = false;
    });
    expect(electron.app.quitCount).toBe(1);
    expect(electron.app.whenReadyCalls).toBe(0);
    expect(electron.app.listenerCount('window-all-closed')).toBe(0);
  });
});

describe('once ready', () => {
  beforeEach(async () => {
    launched = await launchReady();
  });

  it('opens one secure 1200x800 window, shown when ready to show', () => {
    const { electron, window } = launched;
    expect(electron.FakeBrowserWindow.instances).toHaveLength(1);
    const options = window.options;
    expect(options).toMatchObject({ width: 1200, height: 800, show: false, title: 'Wirebench' });
    expect(options['minWidth']).toBeGreaterThan(0);
    // The dark UI's background (the fake system prefers dark), so nothing flashes white.
    expect(options['backgroundColor']).toBe('#0d1117');
    const prefs = options['webPreferences'] as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
    });
    // The preload bundle sits beside the main bundle.
    const preload = String(prefs['preload']);
    expect(path.isAbsolute(preload)).toBe(true);
    expect(path.basename(preload)).toBe('preload.cjs');
    expect(window.shown).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
  });

  it('loads its UI from app://wirebench/ (a privileged standard scheme it handles), not file://', async () => {
    expect(launched.appUrl).toBe('app://wirebench/index.html');
    expect(launched.electron.privilegedSchemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    const handler = launched.electron.session.defaultSession.protocolHandlers.get('app');
    expect(handler).toBeDefined();
    // The build is not there in this test: the handler answers 404, and never serves a path out of the folder.
    const outside = await handler!(new Request('app://wirebench/..%2f..%2fpackage.json'));
    expect(outside.status).toBe(403);
  });

  it('registers a handler for exactly every contract command, and nothing else', () => {
    const channels = [...launched.electron.ipcMain.handlers.keys()].sort();
    expect(channels).toEqual(COMMAND_NAMES.map(ipcChannel).sort());
  });

  it('serves the app page in the top frame through the router', async () => {
    const { electron, engine, appUrl } = launched;
    const handler = electron.ipcMain.handlers.get(ipcChannel('session.list'));
    const result = await handler?.(invokeEvent(appUrl), {});
    expect(result).toMatchObject({ ok: true, value: [{ id: 's1' }] });
    expect(engine.calls).toEqual(['session.list']);
  });

  it('validates the payload of a trusted sender before the engine sees it', async () => {
    const { electron, engine, appUrl } = launched;
    const handler = electron.ipcMain.handlers.get(ipcChannel('session.create'));
    const result = await handler?.(invokeEvent(appUrl), { kind: 'carrier-pigeon' });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    expect(engine.calls).toEqual([]);
  });

  it.each([
    ['another page', 'https://example.com/', false],
    ['another local file', 'file:///tmp/evil.html', false],
    ['a subframe, even on the app page', 'APP_URL', true],
  ])('refuses %s with a coded error, and the engine is not called', async (_what, url, subframe) => {
    const { electron, engine, appUrl } = launched;
    const senderUrl = url === 'APP_URL' ? appUrl : url;
    for (const name of COMMAND_NAMES) {
      const handler = electron.ipcMain.handlers.get(ipcChannel(name));
      const result = await handler?.(invokeEvent(senderUrl, { subframe }), { kind: 'tcp-client' });
      expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(engine.calls).toEqual([]);
  });

  it('refuses a sender whose frame is gone', async () => {
    const { electron, engine } = launched;
    const handler = electron.ipcMain.handlers.get(ipcChannel('session.list'));
    const result = await handler?.({ senderFrame: null, sender: {} }, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(engine.calls).toEqual([]);
  });

  it('applies the security baseline to the app page and the default session', () => {
    const { electron, appUrl } = launched;
    const contents = new electron.FakeWebContents();
    electron.app.emit('web-contents-created', {}, contents);
    expect(contents.navigate('will-navigate', 'https://example.com/')).toBe(true);
    expect(contents.navigate('will-navigate', appUrl)).toBe(false);
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    const answers: boolean[] = [];
    electron.session.defaultSession.permissionRequestHandler?.(contents, 'media', (granted) => answers.push(granted), {});
    expect(answers).toEqual([false]);
  });

  it('forwards engine events to the window until its webContents is destroyed', () => {
    const { window, engine } = launched;
    engine.emit({ name: 'session.closed', payload: { id: 's1' } });
    expect(window.webContents.sent).toEqual([[IPC_EVENT_CHANNEL, 'session.closed', { id: 's1' }]]);
    expect(engine.listeners.size).toBe(1);
    window.webContents.destroy();
    expect(engine.listeners.size).toBe(0);
    engine.emit({ name: 'session.closed', payload: { id: 's2' } });
    expect(window.webContents.sent).toHaveLength(1);
  });

  it('closes every session before quitting when the last window closes', async () => {
    const { electron, engine } = launched;
    electron.app.emit('window-all-closed');
    expect(engine.disposeCalls).toBe(1);
    // No IPC reaches an engine that is shutting down.
    expect(electron.ipcMain.handlers.size).toBe(0);
    expect(electron.app.hasQuit).toBe(false);
    engine.finishDisposing();
    await electron.app.quitted;
    expect(engine.disposeCalls).toBe(1);
  });

  it('holds a Cmd+Q style quit until the sessions are closed', async () => {
    const { electron, engine } = launched;
    electron.app.quit();
    expect(electron.app.hasQuit).toBe(false);
    expect(engine.disposeCalls).toBe(1);
    engine.finishDisposing();
    await electron.app.quitted;
    expect(electron.app.hasQuit).toBe(true);
  });

  it('sets File, Edit, View, Session and Help menus with the platform accelerators; an item asks the window; About says the versions', () => {
    const { electron, window } = launched;
    const template = electron.menuState.applicationMenu?.template as Record<string, unknown>[];
    const menu = (label: string) => (template.find((item) => item['label'] === label)?.['submenu'] ?? []) as { label?: string; role?: string; accelerator?: string; click?: () => void }[];
    const accel = (label: string) => Object.fromEntries(menu(label).filter((i) => i.label && !i.role).map((i) => [i.label, i.accelerator ?? null]));
    expect(accel('File')).toEqual({ 'New connection': 'CmdOrCtrl+T', 'Close tab': 'CmdOrCtrl+W', 'Save log…': 'CmdOrCtrl+S', 'Import library…': null, 'Export library…': null, 'Settings…': 'CmdOrCtrl+,' });
    expect(accel('Edit')).toEqual({ Find: 'CmdOrCtrl+F' });
    expect(menu('Edit').map((i) => i.role).filter(Boolean)).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);
    expect(accel('View')).toEqual({ 'Hex / Text': 'CmdOrCtrl+Shift+H', Library: 'CmdOrCtrl+B' });
    expect(menu('View').map((i) => i.role)).toEqual(expect.arrayContaining(['zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen']));
    expect(accel('Session')).toEqual({ 'Connect or Listen': 'CmdOrCtrl+E', Disconnect: 'CmdOrCtrl+Shift+E', 'Clear log': 'CmdOrCtrl+Shift+L', 'Next tab': 'Ctrl+Tab', 'Previous tab': 'Ctrl+Shift+Tab' });
    menu('File').find((i) => i.label === 'Close tab')!.click!();
    expect(window.webContents.sent.at(-1)).toEqual(['wirebench:event', 'app.action', { action: 'close-tab' }]);
    const help = template.find((item) => item['role'] === 'help');
    const about = (help?.['submenu'] as { label: string; click(): void }[])[0];
    about?.click();
    expect(electron.app.aboutPanelShown).toBe(1);
    expect(electron.app.aboutPanelOptions).toMatchObject({ applicationName: 'Wirebench', version: expect.stringMatching(/^Electron .*, Node \d+\.\d+\.\d+, Chromium /) });
  });
});

describe('a bug nobody caught', () => {
  it('is logged to the user-data folder instead of ending the app (one pair of handlers however often main starts)', async () => {
    const counts: number[] = [];
    for (let i = 0; i < 2; i++) {
      const { electron } = await launch();
      electron.app.becomeReady();
      await electron.firstWindowLoaded;
      counts.push(process.listeners('uncaughtException').length);
    }
    expect(counts[1]).toBe(counts[0]);
    const handler = process.listeners('uncaughtException').at(-1)!;
    handler(new Error('thrown by a test'), 'uncaughtException');
    const log = await readFile(path.join(tmpdir(), 'wirebench-fake-electron', 'userData', 'wirebench-errors.log'), 'utf8');
    expect(log).toContain('uncaught exception: Error: thrown by a test');
  });
});

describe('the menus follow Settings > Language', () => {
  const labels = (electron: FakeElectron) => (electron.menuState.applicationMenu?.template as { label?: string }[]).map((i) => i.label);

  it('start in the OS language, and switch when the window sets one; "System" is the OS language, not the browser\'s', async () => {
    const { electron } = await launch((e) => (e.app.locale = 'zh-CN'));
    electron.app.becomeReady();
    const window = await electron.firstWindowLoaded;
    expect(labels(electron)).toEqual(['文件', '编辑', '视图', '会话', '窗口', '帮助']);
    const handler = electron.ipcMain.handlers.get(ipcChannel('app.setLanguage'));
    const send = (payload: unknown) => handler?.(invokeEvent(window.loadedUrl ?? ''), payload);
    expect(await send({ language: 'en', preferred: ['zh-CN'] })).toEqual({ ok: true, value: { locale: 'en' } });
    expect(labels(electron)).toEqual(['File', 'Edit', 'View', 'Session', 'Window', 'Help']);
    const template = electron.menuState.applicationMenu?.template as { label: string; submenu: { label?: string; role?: string }[] }[];
    expect(template[1]?.submenu.find((i) => i.role === 'copy')?.label).toBe('Copy');
    expect(await send({ language: 'system', preferred: ['en-US'] })).toEqual({ ok: true, value: { locale: 'zh-CN' } });
    expect(labels(electron)[0]).toBe('文件');
    expect(await send({ language: 'fr', preferred: [] })).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
  });
});

describe('when the page cannot be loaded', () => {
  it('says so in an error box and exits with status 1', async () => {
    const { electron } = await launch((e) => e.failNextLoad(new Error('ERR_FILE_NOT_FOUND (-6) loading index.html')));
    electron.app.becomeReady();
    expect(await electron.app.exited).toBe(1);
    expect(electron.errorBoxes).toHaveLength(1);
    expect(electron.errorBoxes[0]?.content).toContain('ERR_FILE_NOT_FOUND');
    expect(electron.errorBoxes[0]?.content).toContain('npm run build');
  });
});
