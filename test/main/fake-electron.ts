// A hand-made stand-in for the parts of Electron that main.ts, preload.ts and security.ts
// touch; the real binary cannot run here. Tests load it with
// `vi.mock('electron', () => import('./fake-electron.js'))` and read what was recorded.
// Module state is per import: tests that need a fresh app call vi.resetModules() first.
import { EventEmitter } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Electron's cancellable event: listeners call preventDefault(). */
export class FakeEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

export type WindowOpenHandler = (details: { url: string }) => { action: string };

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: WindowOpenHandler | null = null;
  readonly sent: unknown[][] = [];
  private destroyed = false;

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push([channel, ...args]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
  /**
   * Emits will-navigate / will-redirect as Electron 45 does: the URL on the event, and again
   * in the deprecated positional argument. Returns whether a listener prevented it.
   */
  navigate(name: 'will-navigate' | 'will-redirect', url: string): boolean {
    const event = Object.assign(new FakeEvent(), { url, isMainFrame: true });
    this.emit(name, event, url, false, true);
    return event.defaultPrevented;
  }
  /** Emits a cancellable event as Electron does; returns whether a listener prevented it. */
  fire(name: string, ...args: unknown[]): boolean {
    const event = new FakeEvent();
    this.emit(name, event, ...args);
    return event.defaultPrevented;
  }
}

export class FakeApp extends EventEmitter {
  sandboxEnabledBeforeReady: boolean | null = null;
  hasSingleInstanceLock = true;
  quitCount = 0;
  exitCode: number | null = null;
  aboutPanelShown = 0;
  private isReady = false;
  private readonly ready = deferred<void>();
  private readonly exitedDeferred = deferred<number>();
  readonly exited = this.exitedDeferred.promise;
  private readonly quitDeferred = deferred<void>();
  /** Resolves when a quit went through (no will-quit listener held it). */
  readonly quitted = this.quitDeferred.promise;
  hasQuit = false;

  /** Electron's per-user folders; one temporary folder stands in for all of them. */
  getPath(name: string): string {
    return join(tmpdir(), 'wirebench-fake-electron', name);
  }

  enableSandbox(): void {
    this.sandboxEnabledBeforeReady = !this.isReady;
  }
  requestSingleInstanceLock(): boolean {
    return this.hasSingleInstanceLock;
  }
  whenReadyCalls = 0;
  whenReady(): Promise<void> {
    this.whenReadyCalls += 1;
    return this.ready.promise;
  }
  /** What Electron does once it has started. */
  becomeReady(): void {
    this.isReady = true;
    this.emit('ready');
    this.ready.resolve();
  }
  quit(): void {
    this.quitCount += 1;
    // Like Electron: will-quit may be prevented, and then the app keeps running.
    const event = new FakeEvent();
    this.emit('will-quit', event);
    if (event.defaultPrevented) return;
    this.hasQuit = true;
    this.quitDeferred.resolve();
  }
  exit(code: number): void {
    this.exitCode = code;
    this.exitedDeferred.resolve(code);
  }
  aboutPanelOptions: Record<string, unknown> | null = null;
  setAboutPanelOptions(options: Record<string, unknown>): void {
    this.aboutPanelOptions = options;
  }
  showAboutPanel(): void {
    this.aboutPanelShown += 1;
  }
  getVersion(): string {
    return '0.0.0-test';
  }
  /** The OS's language, as Electron reports it; a test sets it before the app starts. */
  locale = 'en-US';
  getLocale(): string {
    return this.locale;
  }
  getPreferredSystemLanguages(): string[] {
    return [this.locale];
  }
  /** Emits a cancellable app event; returns whether a listener prevented it. */
  fire(name: string, ...args: unknown[]): boolean {
    const event = new FakeEvent();
    this.emit(name, event, ...args);
    return event.defaultPrevented;
  }
}

export type PermissionRequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: unknown,
) => void;
export type PermissionCheckHandler = (contents: unknown, permission: string, origin: string, details: unknown) => boolean;
export type HeadersListener = (
  details: { url: string; responseHeaders?: Record<string, string[]> },
  callback: (response: { cancel?: boolean; responseHeaders?: Record<string, string[]> }) => void,
) => void;

export class FakeSession {
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: PermissionCheckHandler | null = null;
  devicePermissionHandler: ((details: unknown) => boolean) | null = null;
  headersReceived: { filter: { urls: string[] }; listener: HeadersListener } | null = null;
  readonly webRequest = {
    onHeadersReceived: (filter: { urls: string[] }, listener: HeadersListener): void => {
      this.headersReceived = { filter, listener };
    },
  };
  /** Schemes handled with protocol.handle, and their handlers. */
  readonly protocolHandlers = new Map<string, (request: Request) => Promise<Response> | Response>();
  readonly protocol = {
    handle: (scheme: string, handler: (request: Request) => Promise<Response> | Response): void => {
      this.protocolHandlers.set(scheme, handler);
    },
  };

  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: ((details: unknown) => boolean) | null): void {
    this.devicePermissionHandler = handler;
  }
}

export class FakeIpcMain {
  readonly handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  handle(channel: string, listener: (event: unknown, ...args: unknown[]) => unknown): void {
    // Electron refuses a second handler on one channel.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

export class FakeIpcRenderer extends EventEmitter {
  readonly invoked: unknown[][] = [];
  reply: unknown = { ok: true, value: [] };
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push([channel, ...args]);
    return Promise.resolve(this.reply);
  }
}

let nextLoadError: Error | null = null;
/** Makes the next BrowserWindow.loadURL reject, as a missing page does. */
export function failNextLoad(error: Error): void {
  nextLoadError = error;
}

const windowLoaded = deferred<FakeBrowserWindow>();
/** Resolves once a window has been asked to load its page (the end of main's startup). */
export const firstWindowLoaded = windowLoaded.promise;

export class FakeBrowserWindow extends EventEmitter {
  static readonly instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  shown = false;

  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    const error = nextLoadError;
    nextLoadError = null;
    windowLoaded.resolve(this);
    return error ? Promise.reject(error) : Promise.resolve();
  }
  loadFile(file: string): Promise<void> {
    return this.loadURL(`file://${file}`);
  }
  show(): void {
    this.shown = true;
  }
  focus(): void {}
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
}

export const app = new FakeApp();
export const session = { defaultSession: new FakeSession() };
/** protocol.registerSchemesAsPrivileged calls (before ready). */
export const privilegedSchemes: unknown[] = [];
export const protocol = {
  registerSchemesAsPrivileged: (schemes: unknown[]): void => void privilegedSchemes.push(...schemes),
};
export const ipcMain = new FakeIpcMain();
export const ipcRenderer = new FakeIpcRenderer();
export const BrowserWindow = FakeBrowserWindow;
export const nativeTheme = { shouldUseDarkColors: true };

export const menuState: { applicationMenu: { template: unknown[] } | null } = { applicationMenu: null };
export const Menu = {
  buildFromTemplate: (template: unknown[]) => ({ template }),
  setApplicationMenu: (menu: { template: unknown[] } | null) => {
    menuState.applicationMenu = menu;
  },
};

export const errorBoxes: { title: string; content: string }[] = [];
export const dialog = {
  showErrorBox: (title: string, content: string) => {
    errorBoxes.push({ title, content });
  },
};

export const exposedInMainWorld: { key: string; api: unknown }[] = [];
export const contextBridge = {
  exposeInMainWorld: (key: string, api: unknown) => {
    exposedInMainWorld.push({ key, api });
  },
};
