// The closed API the Electron preload exposes on window.wirebench: named functions over IPC,
// never a generic invoke(channel) or on(channel). No electron import: preload.ts passes
// ipcRenderer in, and tests pass a fake.
import { IPC_EVENT_CHANNEL, ipcChannel, type EventName, type WirebenchApi } from './shared/contract.js';
import { asResult, createApiClient } from './shared/rpc/client.js';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): void;
  // `any[]` mirrors Electron's own signature so the real ipcRenderer is assignable here.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  removeListener(channel: string, listener: (...args: any[]) => void): void;
}

export function createPreloadApi(ipc: IpcRendererLike): WirebenchApi {
  return createApiClient({
    async call(name, input) {
      try {
        return asResult(await ipc.invoke(ipcChannel(name), input));
      } catch (err) {
        // invoke rejects only when main has no handler or a handler threw: both are bugs.
        const detail = err instanceof Error ? err.message : String(err);
        return { ok: false, error: { code: 'INTERNAL', message: `Internal error: ${detail}` } };
      }
    },
    listen(name: EventName, listener) {
      // The IPC event object is not passed on: it would hand the page a handle on the sender.
      const onEvent = (_event: unknown, eventName: unknown, payload: unknown): void => {
        if (eventName === name) listener(payload);
      };
      ipc.on(IPC_EVENT_CHANNEL, onEvent);
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        ipc.removeListener(IPC_EVENT_CHANNEL, onEvent);
      };
    },
  });
}
