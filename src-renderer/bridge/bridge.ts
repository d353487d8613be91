// The renderer's only door to main. In Electron the closed preload puts the API on
// window.wirebench; in web mode the same shape is built over a WebSocket.
import type { WirebenchApi } from '$shared/contract.js';

export type Bridge = WirebenchApi;

declare global {
  interface Window {
    wirebench?: WirebenchApi;
  }
}

/** In the desktop app (the preload's API), where main has its own dialogs; not in web mode. */
export function isDesktop(): boolean {
  return typeof window !== 'undefined' && window.wirebench !== undefined;
}

export async function connectBridge(): Promise<Bridge> {
  if (window.wirebench) return window.wirebench;
  const { connectWebSocketBridge } = await import('./bridge-ws.js');
  return connectWebSocketBridge(window.location);
}
