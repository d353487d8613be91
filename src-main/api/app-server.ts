// The whole app as the router serves it: the engine's commands and the stores'. Typed over the
// contract, so a command that neither answers is a compile error here. main.ts (Electron) and
// web/cli.ts (web mode) both serve this.
import type { CommandHandlers } from '../shared/contract.js';
import type { Engine } from '../engine/engine.js';
import type { LibraryStore } from '../store/library-store.js';
import type { WorkspaceStore } from '../store/workspace-store.js';
import type { CommandServer } from './router.js';
import { CodedError } from '../engine/errors.js';
import { resolveLocale, type Locale } from '../shared/i18n/locale.js';
import { setLocale } from '../shared/i18n/paraglide/runtime.js';

export interface AppStores {
  workspace: WorkspaceStore;
  library: LibraryStore;
}

/** The desktop's own dialogs and menus (Electron); web mode has none. */
export interface AppDialogs {
  saveFile(options: { title: string; defaultPath?: string | undefined }): Promise<string | null>;
  openFile(options: { title: string; defaultPath?: string | undefined; folder: boolean }): Promise<string | null>;
  /** The OS's languages, most preferred first (app.getLocale()). */
  systemLanguages?(): string[];
  /** The menus and main's own words follow Settings > Language. */
  languageChanged?(locale: Locale): void;
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
    'app.setLanguage': async ({ language, preferred }) => {
      const locale = resolveLocale(language, dialogs?.systemLanguages?.() ?? preferred);
      // Main's own sentences (errors, notices) from now on.
      setLocale(locale, { reload: false });
      dialogs?.languageChanged?.(locale);
      return { locale };
    },
    'dialog.openFile': async (options) => {
      if (!dialogs) throw new CodedError('UNAVAILABLE', NO_DIALOGS);
      return { path: await dialogs.openFile(options) };
    },
  };
  return { handlers, subscribe: (listener) => engine.subscribe(listener) };
}
