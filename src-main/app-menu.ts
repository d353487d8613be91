// The desktop menus, with the platform's accelerators (CmdOrCtrl: Cmd on macOS, Ctrl elsewhere).
// An item that acts in the window sends it an 'app.action' event; the renderer does the same for
// the same keys in web mode (src-renderer/session/app-actions.ts). Electron objects come in as
// parameters: this file imports only types from electron.
import type { MenuItemConstructorOptions } from 'electron';
import type { AppAction } from './shared/contract.js';
import type { Locale } from './shared/i18n/locale.js';
import { m } from './shared/i18n/paraglide/messages.js';

export interface MenuHooks {
  isMac: boolean;
  /** Settings > Language, as main resolved it. */
  locale: Locale;
  /** Asks the window to do `action`. */
  act(action: AppAction): void;
  /** Help > About: the app's, Electron's, Node's and Chromium's versions. */
  about(): void;
}

export function menuTemplate({ isMac, locale, act, about }: MenuHooks): MenuItemConstructorOptions[] {
  const t = (message: (inputs: Record<string, never>, options: { locale: Locale }) => string): string => message({}, { locale });
  const item = (label: string, action: AppAction, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    click: () => act(action),
    ...(accelerator ? { accelerator } : {}),
  });
  return [
    ...(isMac ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    {
      label: t(m.menu_file),
      submenu: [
        item(t(m.menu_new_connection), 'new-tab', 'CmdOrCtrl+T'),
        item(t(m.menu_close_tab), 'close-tab', 'CmdOrCtrl+W'),
        { type: 'separator' },
        item(t(m.menu_save_log), 'save-log', 'CmdOrCtrl+S'),
        { type: 'separator' },
        item(t(m.menu_import_library), 'import-library'),
        item(t(m.menu_export_library), 'export-library'),
        { type: 'separator' },
        item(t(m.menu_settings), 'settings', 'CmdOrCtrl+,'),
        { type: 'separator' },
        isMac ? { role: 'close', label: t(m.menu_close_window) } : { role: 'quit', label: t(m.menu_quit) },
      ],
    },
    {
      label: t(m.menu_edit),
      submenu: [
        { role: 'undo', label: t(m.menu_undo) },
        { role: 'redo', label: t(m.menu_redo) },
        { type: 'separator' },
        { role: 'cut', label: t(m.menu_cut) },
        { role: 'copy', label: t(m.menu_copy) },
        { role: 'paste', label: t(m.menu_paste) },
        { role: 'selectAll', label: t(m.menu_select_all) },
        { type: 'separator' },
        item(t(m.menu_find), 'find', 'CmdOrCtrl+F'),
      ],
    },
    {
      label: t(m.menu_view),
      submenu: [
        item(t(m.menu_hex_text), 'toggle-view', 'CmdOrCtrl+Shift+H'),
        item(t(m.menu_library), 'library', 'CmdOrCtrl+B'),
        { type: 'separator' },
        { role: 'resetZoom', label: t(m.menu_reset_zoom) },
        { role: 'zoomIn', label: t(m.menu_zoom_in) },
        { role: 'zoomOut', label: t(m.menu_zoom_out) },
        { type: 'separator' },
        { role: 'togglefullscreen', label: t(m.menu_full_screen) },
        { type: 'separator' },
        { role: 'reload', label: t(m.menu_reload) },
        { role: 'toggleDevTools', label: t(m.menu_dev_tools) },
      ],
    },
    {
      label: t(m.menu_session),
      submenu: [
        item(t(m.menu_connect), 'connect', 'CmdOrCtrl+E'),
        item(t(m.menu_disconnect), 'disconnect', 'CmdOrCtrl+Shift+E'),
        item(t(m.menu_clear_log), 'clear-log', 'CmdOrCtrl+Shift+L'),
        { type: 'separator' },
        item(t(m.menu_next_tab), 'next-tab', 'Ctrl+Tab'),
        item(t(m.menu_previous_tab), 'previous-tab', 'Ctrl+Shift+Tab'),
      ],
    },
    { role: 'windowMenu', label: t(m.menu_window) },
    { role: 'help', label: t(m.menu_help), submenu: [{ label: t(m.menu_about), click: about }] },
  ];
}

/** Help > About's text: the versions a bug report needs. */
export function aboutVersions(versions: NodeJS.ProcessVersions): string {
  return `Electron ${versions['electron'] ?? '?'}, Node ${versions.node}, Chromium ${versions['chrome'] ?? '?'}`;
}
