// The whole app as the router serves it: the engine's commands and the stores'. Typed over the
// contract, so a command that neither answers is a compile error here. main.ts (Electron) and
// web/cli.ts (web mode) both serve this.
import type { CommandHandlers } from '../shared/contract.js';
import type { Engine } from '../engine/engine.js';
import type { LibraryStore } from '../store/library-store.js';
import type { WorkspaceStore } from '../store/workspace-store.js';
import type { CommandServer } from './router.js';

export interface AppStores {
  workspace: WorkspaceStore;
  library: LibraryStore;
}

export function appServer(engine: Engine, stores: AppStores): CommandServer {
  const handlers: CommandHandlers = { ...engine.handlers, ...stores.workspace.handlers, ...stores.library.handlers };
  return { handlers, subscribe: (listener) => engine.subscribe(listener) };
}
