// The desktop menus, with the platform's accelerators (CmdOrCtrl: Cmd on macOS, Ctrl elsewhere).
// An item that acts in the window sends it an 'app.action' event; the renderer does the same for
// the same keys in web mode (src-renderer/session/app-actions.ts). Electron objects come in as
// parameters: this file imports only types from electron.
import type { MenuItemConstructorOptions } from 'electron';
import type { AppAction } from './shared/contract.js';

export interface MenuHooks {
  isMac: boolean;
  /** Asks the window to do `action`. */
  act(action: AppAction): void;
  /** Help > About: the app's, Electron's, Node's and Chromium's versions. */
  about(): void;
}

export function menuTemplate({ isMac, act, about }: MenuHooks): MenuItemConstructorOptions[] {
  const item = (label: string, action: AppAction, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    click: () => act(action),
    ...(accelerator ? { accelerator } : {}),
  });
  return [
    ...(isMac ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    {
      label: 'File',
      submenu: [
        item('New connection', 'new-tab', 'CmdOrCtrl+T'),
        item('Close tab', 'close-tab', 'CmdOrCtrl+W'),
        { type: 'separator' },
        item('Save log…', 'save-log', 'CmdOrCtrl+S'),
        { type: 'separator' },
        item('Import library…', 'import-library'),
        item('Export library…', 'export-library'),
        { type: 'separator' },
        item('Settings…', 'settings', 'CmdOrCtrl+,'),
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
        { type: 'separator' },
        item('Find', 'find', 'CmdOrCtrl+F'),
      ],
    },
    {
      label: 'View',
      submenu: [
        item('Hex / Text', 'toggle-view', 'CmdOrCtrl+Shift+H'),
        item('Library', 'library', 'CmdOrCtrl+B'),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        { type: 'separator' },
        { role: 'reload' },
        { role: 'toggleDevTools' },
      ],
    },
    {
      label: 'Session',
      submenu: [
        item('Connect or Listen', 'connect', 'CmdOrCtrl+E'),
        item('Disconnect', 'disconnect', 'CmdOrCtrl+Shift+E'),
        item('Clear log', 'clear-log', 'CmdOrCtrl+Shift+L'),
        { type: 'separator' },
        item('Next tab', 'next-tab', 'Ctrl+Tab'),
        item('Previous tab', 'previous-tab', 'Ctrl+Shift+Tab'),
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: 'About Wirebench', click: about }] },
  ];
}

/** Help > About's text: the versions a bug report needs. */
export function aboutVersions(versions: NodeJS.ProcessVersions): string {
  return `Electron ${versions['electron'] ?? '?'}, Node ${versions.node}, Chromium ${versions['chrome'] ?? '?'}`;
}
