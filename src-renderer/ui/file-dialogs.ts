// The desktop app's native file dialogs, for "Browse…" beside a path field; none in web mode
// (there the path is typed, and files whose bytes the page reads use the browser's chooser).
import { isDesktop, type Bridge } from '../bridge/bridge.js';
import { settle } from '../bridge/settle.js';
import type { Result } from '$shared/contract.js';

export interface FileDialogs {
  /** A file to read (CA, certificate, key): its path, or null when cancelled. */
  open(title: string): Promise<string | null>;
  /** A folder (the spill folder): its path, or null when cancelled. */
  folder(title: string): Promise<string | null>;
  /** A file to write (a saved log, an export, TLS keys): its path, or null when cancelled. */
  save(title: string): Promise<string | null>;
}

export function fileDialogs(bridge: Bridge): FileDialogs | null {
  if (!isDesktop()) return null;
  const path = async (ask: () => Promise<Result<{ path: string | null }>>): Promise<string | null> => {
    const result = await settle(ask, 'Choosing a file');
    return result.ok ? result.value.path : null;
  };
  return {
    open: (title) => path(() => bridge.dialogOpenFile({ title })),
    folder: (title) => path(() => bridge.dialogOpenFile({ title, folder: true })),
    save: (title) => path(() => bridge.dialogSaveFile({ title })),
  };
}
