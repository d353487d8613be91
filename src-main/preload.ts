// The renderer's only door to main: one global of named functions, nothing generic.
// Sandboxed, so this is bundled (dist/main/preload.cjs) and may require only 'electron'.
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi } from './preload-api.js';

contextBridge.exposeInMainWorld('wirebench', createPreloadApi(ipcRenderer));
