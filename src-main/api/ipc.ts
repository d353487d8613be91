// The one checked IPC entry point: every contract command gets a handler that checks the
// sender before the router sees the payload, and nothing else is registered. No electron
// import: main.ts passes the real ipcMain, tests pass a fake.
import { COMMAND_NAMES, IPC_EVENT_CHANNEL, ipcChannel, type Result } from '../shared/contract.js';
import type { Router } from './router.js';

/** The part of Electron's IpcMainInvokeEvent we look at. */
export interface IpcMainInvokeEventLike {
  readonly senderFrame: { readonly url: string } | null;
}

/** The part of Electron's ipcMain we use. */
export interface IpcMainLike<E extends IpcMainInvokeEventLike = IpcMainInvokeEventLike> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface RegisterIpcOptions<E extends IpcMainInvokeEventLike> {
  ipcMain: IpcMainLike<E>;
  router: Router;
  /** e.g. the sender frame's URL is the app page (see isTrustedUrl). */
  isTrustedSender(event: E): boolean;
}

const FORBIDDEN: Result<never> = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'This page is not allowed to use Wirebench: only the app window may.' },
};

/** Registers a handler per command; returns the disposer that removes them all. */
export function registerIpc<E extends IpcMainInvokeEventLike>(options: RegisterIpcOptions<E>): () => void {
  const { ipcMain, router, isTrustedSender } = options;
  const trusted = (event: E): boolean => {
    try {
      return isTrustedSender(event) === true;
    } catch {
      return false;
    }
  };
  for (const name of COMMAND_NAMES) {
    // Only the first argument is the payload; anything else a page passes is ignored.
    ipcMain.handle(ipcChannel(name), async (event, payload) => (trusted(event) ? router.handle(name, payload) : FORBIDDEN));
  }
  return () => {
    for (const name of COMMAND_NAMES) ipcMain.removeHandler(ipcChannel(name));
  };
}

export interface ForwardEventsOptions {
  router: Router;
  /** webContents.send, bound to the one window the events are for. */
  send(channel: string, name: string, payload: unknown): void;
  /** Called once with the disposer, to run when the window (webContents) is gone. */
  onGone(dispose: () => void): void;
}

/** Pushes every router event to one window until it is gone; returns the disposer too. */
export function forwardEvents(options: ForwardEventsOptions): () => void {
  const { router, send, onGone } = options;
  let unsubscribe: (() => void) | null = null;
  const dispose = (): void => {
    unsubscribe?.();
    unsubscribe = null;
  };
  unsubscribe = router.subscribe((event) => {
    try {
      send(IPC_EVENT_CHANNEL, event.name, event.payload);
    } catch {
      // send throws once the webContents is destroyed: that window is gone.
      dispose();
    }
  });
  onGone(dispose);
  return dispose;
}

/**
 * Whether a sender frame's URL is the app page: the same file as a file:// appUrl (query and
 * hash aside), or the exact origin of an http(s) appUrl (the dev server).
 */
export function isTrustedUrl(url: string, appUrl: string): boolean {
  let sender: URL;
  let app: URL;
  try {
    sender = new URL(url);
    app = new URL(appUrl);
  } catch {
    return false;
  }
  if (app.protocol === 'file:') {
    return sender.protocol === 'file:' && sender.host === app.host && sender.pathname === app.pathname;
  }
  if (app.protocol === 'http:' || app.protocol === 'https:') {
    return sender.origin === app.origin;
  }
  // The desktop app's own scheme (app://wirebench/): a non-special URL has no origin, so scheme and host.
  if (app.protocol === 'app:') {
    return sender.protocol === 'app:' && sender.host === app.host;
  }
  return false;
}
