// The window's actions, as the desktop menus and the keyboard shortcuts ask for them: one place
// that says what "Close tab" or "Connect" does, whichever way it was asked.
import { tick } from 'svelte';
import { KINDS, type AppAction } from '$shared/contract.js';
import type { SessionsManager } from './sessions.svelte.js';

/** The action a key combination asks for (Ctrl on Windows and Linux, Cmd on macOS; Ctrl+Tab both), or null. */
export function shortcutAction(event: KeyboardEvent): AppAction | null {
  const mod = event.ctrlKey || event.metaKey;
  if (event.key === 'Tab' && event.ctrlKey && !event.altKey) return event.shiftKey ? 'previous-tab' : 'next-tab';
  if (!mod || event.altKey) return null;
  const key = event.key.toLowerCase();
  if (event.shiftKey) return key === 'l' ? 'clear-log' : key === 'e' ? 'disconnect' : key === 'h' ? 'toggle-view' : null;
  switch (key) {
    case 'e':
      return 'connect';
    case 't':
      return 'new-tab';
    case 'w':
      return 'close-tab';
    case 's':
      return 'save-log';
    case 'b':
      return 'library';
    case ',':
      return 'settings';
    default:
      return null;
  }
}

const focus = async (id: string): Promise<void> => {
  await tick();
  document.getElementById(id)?.focus();
};

/** Does `action` in the window; false when it does not apply now (no tab, say). */
export async function runAction(sessions: SessionsManager, action: AppAction): Promise<boolean> {
  const tab = sessions.active;
  switch (action) {
    case 'new-tab': {
      const created = await sessions.newTab();
      if (created) await focus(`${created.id}-host`);
      return created !== null;
    }
    case 'library':
      sessions.library.open = !sessions.library.open;
      return true;
    case 'settings':
      sessions.workspace.settingsOpen = true;
      await focus('settings-language');
      return true;
    case 'import-library':
    case 'export-library':
      sessions.library.open = true;
      await focus(action === 'import-library' ? 'library-import' : 'library-export');
      return true;
    case 'next-tab':
    case 'previous-tab': {
      const tabs = sessions.tabs;
      if (tabs.length === 0) return false;
      const at = tabs.findIndex((t) => t.id === sessions.activeId);
      const next = tabs[(at + (action === 'next-tab' ? 1 : tabs.length - 1)) % tabs.length]!;
      sessions.activate(next.id);
      return true;
    }
    default:
      break;
  }
  if (!tab) return false;
  switch (action) {
    case 'close-tab':
      await sessions.closeTab(tab.id);
      return true;
    case 'save-log':
      tab.saveLog.open = true;
      await focus(`${tab.id}-save-log-path`);
      return true;
    case 'find':
      tab.find.open = true;
      return true;
    case 'toggle-view':
      tab.traffic.view = tab.traffic.view === 'hex' ? 'text' : 'hex';
      return true;
    case 'clear-log':
      await tab.clearLog();
      return true;
    case 'connect': {
      if (tab.connectionAction !== 'connect' || !tab.canConnect) return false;
      const config = tab.form.validate();
      if (config) await tab.connect(config);
      return config !== null;
    }
    case 'disconnect':
      if (!tab.canDisconnect) return false;
      await tab.disconnect(KINDS[tab.form.kind].role === 'listener' ? tab.form.closeClients : undefined);
      return true;
    default:
      return false;
  }
}
