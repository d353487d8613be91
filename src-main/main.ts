// Electron entry: one window on the app's own page, the security baseline, IPC wired to the
// router. Everything else lives in the engine, the router and the renderer.
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeTheme,
  protocol,
  session,
  type IpcMainInvokeEvent,
} from 'electron';
import path from 'node:path';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, APP_URL, appFileResponder } from './app-protocol.js';
import { forwardEvents, isTrustedUrl, registerIpc } from './api/ipc.js';
import { appServer, type AppStores } from './api/app-server.js';
import { createRouter, type Router } from './api/router.js';
import { Engine } from './engine/engine.js';
import { LibraryStore } from './store/library-store.js';
import { WorkspaceStore } from './store/workspace-store.js';
import { hardenApp, secureWebPreferences } from './security.js';
import { aboutVersions, menuTemplate } from './app-menu.js';
import { keepServingOnCrash } from './crash-log.js';
import { resolveLocale, type Locale } from './shared/i18n/locale.js';
import { m } from './shared/i18n/paraglide/messages.js';
import { setLocale } from './shared/i18n/paraglide/runtime.js';
import { IPC_EVENT_CHANNEL } from './shared/contract.js';

// This file is bundled to dist/main/main.cjs; the preload sits beside it and the renderer
// build in dist/renderer.
const PRELOAD_PATH = path.join(__dirname, 'preload.cjs');
const RENDERER_DIR = path.join(__dirname, '..', 'renderer');
// The UI's --bg in each color scheme (src-renderer/app.css), so the window does not flash
// before the first paint.
const BACKGROUND_DARK = '#0d1117';
const BACKGROUND_LIGHT = '#ffffff';

let engine: Engine | null = null;
let stores: AppStores | null = null;
let unregisterIpc: (() => void) | null = null;
let mainWindow: BrowserWindow | null = null;
let shuttingDown: Promise<void> | null = null;
let engineDisposed = false;

app.enableSandbox();
// Before ready: app:// is a standard, secure origin (the UI is served from it, not file://).
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  // Sessions belong to the window's tabs, so closing the last window ends the app on every
  // platform, macOS included.
  app.on('window-all-closed', () => void shutdown());
  // Cmd+Q and app.quit() skip window-all-closed: hold the quit until the sockets are closed.
  app.on('will-quit', (event) => {
    if (engineDisposed) return;
    event.preventDefault();
    void shutdown();
  });
  app.whenReady().then(start).catch(failToStart);
}

async function start(): Promise<void> {
  session.defaultSession.protocol.handle(APP_SCHEME, appFileResponder(RENDERER_DIR));
  hardenApp(app, session.defaultSession, APP_URL);
  locale = resolveLocale('system', [app.getLocale(), ...app.getPreferredSystemLanguages()]);
  setLocale(locale, { reload: false });
  Menu.setApplicationMenu(buildMenu());
  keepServingOnCrash(app.getPath('userData'));
  engine = new Engine({ spillDir: path.join(app.getPath('userData'), 'spill') });
  stores = { workspace: new WorkspaceStore(app.getPath('userData')), library: new LibraryStore(app.getPath('userData')) };
  const router = createRouter(
    appServer(engine, stores, {
      saveFile: async ({ title, defaultPath }) => {
        const options = { title, ...(defaultPath ? { defaultPath } : {}) };
        const result = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
        return result.canceled || !result.filePath ? null : result.filePath;
      },
      openFile: async ({ title, defaultPath, folder }) => {
        const options = { title, properties: [folder ? ('openDirectory' as const) : ('openFile' as const)], ...(defaultPath ? { defaultPath } : {}) };
        const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
      systemLanguages: () => [app.getLocale(), ...app.getPreferredSystemLanguages()],
      languageChanged: (next) => {
        if (next === locale) return;
        locale = next;
        Menu.setApplicationMenu(buildMenu());
      },
    }),
  );
  unregisterIpc = registerIpc({ ipcMain, router, isTrustedSender });
  mainWindow = createWindow(router);
  await mainWindow.loadURL(APP_URL);
}

/** Only the app's own page, in the window's top frame, may talk to the engine. */
function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isTrustedUrl(frame.url, APP_URL);
}

function createWindow(router: Router): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? BACKGROUND_DARK : BACKGROUND_LIGHT,
    title: 'Wirebench',
    webPreferences: secureWebPreferences(PRELOAD_PATH),
  });
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    mainWindow = null;
  });
  const contents = window.webContents;
  forwardEvents({
    router,
    send: (channel, name, payload) => {
      if (!contents.isDestroyed()) contents.send(channel, name, payload);
    },
    onGone: (dispose) => contents.once('destroyed', dispose),
  });
  return window;
}

function shutdown(): Promise<void> {
  shuttingDown ??= (async () => {
    unregisterIpc?.();
    try {
      // The last workspace write finishes (it is atomic either way) while the sockets close.
      await Promise.all([engine?.dispose(), stores?.workspace.flushed(), stores?.library.flushed()]);
    } catch (err) {
      console.error('Wirebench: closing the sessions failed:', err);
    }
    engineDisposed = true;
    app.quit();
  })();
  return shuttingDown;
}

function failToStart(err: unknown): void {
  const reason = err instanceof Error ? err.message : String(err);
  const options = { locale: resolveLocale('system', [app.getLocale()]) };
  dialog.showErrorBox(m.boot_failed_title({}, options), `${reason}\n\n${m.boot_failed_hint({}, options)}`);
  app.exit(1);
}

/** Settings > Language as main resolved it; until the window says, the OS's. */
let locale: Locale = 'en';

function buildMenu(): Menu {
  const template = menuTemplate({
    isMac: process.platform === 'darwin',
    locale,
    act: (action) => mainWindow?.webContents.send(IPC_EVENT_CHANNEL, 'app.action', { action }),
    about: () => {
      app.setAboutPanelOptions({ applicationName: 'Wirebench', applicationVersion: app.getVersion(), version: aboutVersions(process.versions) });
      app.showAboutPanel();
    },
  });
  return Menu.buildFromTemplate(template);
}
