// An in-process stand-in for Electron's ipcMain / ipcRenderer / webContents, close enough to
// prove the IPC transport: every argument and result is deep-copied with structuredClone (as
// Electron's IPC does), handlers are one per channel, and pushes arrive asynchronously, in order.
import type { IpcMainInvokeEventLike, IpcMainLike } from '../../src-main/api/ipc.js';
import type { IpcRendererLike } from '../../src-main/preload-api.js';

type Handler = (event: IpcMainInvokeEventLike, ...args: unknown[]) => Promise<unknown>;
type RendererListener = (event: unknown, ...args: unknown[]) => void;

export interface FakeIpc {
  ipcMain: IpcMainLike & { channels(): string[] };
  ipcRenderer: IpcRendererLike & { listenerCount(channel: string): number };
  /** webContents.send of the one window. */
  send(channel: string, ...args: unknown[]): void;
  /** The window's 'destroyed': runs what forwardEvents registered through onGone. */
  destroyWindow(): void;
  onGone(dispose: () => void): void;
  /** The URL of the frame that sends invokes (the app page unless a test navigates it). */
  senderUrl: string;
}

export function createFakeIpc(senderUrl = 'file:///opt/wirebench/renderer/index.html'): FakeIpc {
  const handlers = new Map<string, Handler>();
  const listeners = new Map<string, Set<RendererListener>>();
  const goneCallbacks: (() => void)[] = [];
  let destroyed = false;

  const fake: FakeIpc = {
    senderUrl,
    ipcMain: {
      handle(channel, listener) {
        // Electron throws on a second handler for a channel; so does this.
        if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        handlers.set(channel, listener as Handler);
      },
      removeHandler(channel) {
        handlers.delete(channel);
      },
      channels: () => [...handlers.keys()].sort(),
    },
    ipcRenderer: {
      async invoke(channel, ...args) {
        const handler = handlers.get(channel);
        if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
        const event: IpcMainInvokeEventLike = { senderFrame: { url: fake.senderUrl } };
        return structuredClone(await handler(event, ...structuredClone(args)));
      },
      on(channel, listener) {
        let set = listeners.get(channel);
        if (!set) listeners.set(channel, (set = new Set()));
        set.add(listener);
      },
      removeListener(channel, listener) {
        listeners.get(channel)?.delete(listener as RendererListener);
      },
      listenerCount: (channel) => listeners.get(channel)?.size ?? 0,
    },
    send(channel, ...args) {
      if (destroyed) throw new TypeError('Object has been destroyed');
      const copied = structuredClone(args);
      queueMicrotask(() => {
        for (const listener of [...(listeners.get(channel) ?? [])]) listener({ sender: 'ipcRenderer' }, ...copied);
      });
    },
    onGone(dispose) {
      goneCallbacks.push(dispose);
    },
    destroyWindow() {
      destroyed = true;
      for (const dispose of goneCallbacks.splice(0)) dispose();
    },
  };
  return fake;
}
