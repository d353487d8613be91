// The whole app as the router serves it: the engine's commands and the stores'. Typed over the
// contract, so a command that neither answers is a compile error here. main.ts (Electron) and
// web/cli.ts (web mode) both serve this.
import type { CommandHandlers } from '../shared/contract.js';
import type { Engine } from '../engine/engine.js';
import type { LibraryStore } from '../store/library-store.js';
import type { WorkspaceStore } from '../store/workspace-store.js';
import type { CommandServer } from './router.js';
import { CodedError } from '../engine/errors.js';

export interface AppStores {
  workspace: WorkspaceStore;
  library: LibraryStore;
}

/** The desktop's own dialogs (Electron); web mode has none. */
export interface AppDialogs {
  saveFile(options: { title: string; defaultPath?: string | undefined }): Promise<string | null>;
  openFile(options: { title: string; defaultPath?: string | undefined; folder: boolean }): Promise<string | null>;
}

const NO_DIALOGS = 'There is no file dialog in web mode: type the full path of the file.';

export function appServer(engine: Engine, stores: AppStores, dialogs?: AppDialogs): CommandServer {
  const handlers: CommandHandlers = {
    ...engine.handlers,
    ...stores.workspace.handlers,
    ...stores.library.handlers,
    'dialog.saveFile': async (options) => {
      if (!dialogs) throw new CodedError('UNAVAILABLE', NO_DIALOGS);
      return { path: await dialogs.saveFile(options) };
    },
    'dialog.openFile': async (options) => {
      if (!dialogs) throw new CodedError('UNAVAILABLE', NO_DIALOGS);
      return { path: await dialogs.openFile(options) };
    },
  };
  return { handlers, subscribe: (listener) => engine.subscribe(listener) };
}
