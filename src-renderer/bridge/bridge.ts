// The renderer's only door to main. In Electron the closed preload puts the API on
// window.wirebench; in web mode the same shape is built over a WebSocket.
import type { WirebenchApi } from '$shared/contract.js';

export type Bridge = WirebenchApi;

declare global {
  interface Window {
    wirebench?: WirebenchApi;
  }
}

export async function connectBridge(): Promise<Bridge> {
  if (window.wirebench) return window.wirebench;
  const { connectWebSocketBridge } = await import('./bridge-ws.js');
  return connectWebSocketBridge(window.location);
}
