// The workspace as the renderer keeps it: restored once on start (tabs, their fields, composer
// and View, the selected tab; connected again if the setting says so), then saved through main
// whenever any of it changes, a moment after the last change. Main owns the file.
import { FONT_SIZES, WORKSPACE_VERSION, type InputFormat, type LineEnding, type SavedTab, type Theme, type WireError, type Workspace } from '$shared/contract.js';
import type { Bridge } from '../bridge/bridge.js';
import { resolveLocale, type Language } from '$shared/i18n/locale.js';
import { i18n } from '../i18n/i18n.svelte.js';
import { settle } from '../bridge/settle.js';
import { fileDialogs, type FileDialogs } from '../ui/file-dialogs.js';
import type { SessionTabState } from './session-tab.svelte.js';

/** How long after the last change the workspace is written (typing saves once, not per key). */
export const SAVE_DELAY_MS = 300;

/** What the workspace needs of the sessions manager. */
export interface WorkspaceTabs {
  readonly tabs: readonly SessionTabState[];
  readonly activeId: string | null;
  newTab(kind: SavedTab['kind']): Promise<SessionTabState | null>;
  activate(id: string): void;
}

export class WorkspaceState {
  /** Connect every restored tab on start. */
  reconnectOnStart = $state(false);
  /** Settings: the look, and what a new tab starts with. Applied as they change. */
  theme = $state<Theme>('system');
  /** Settings > Language: "system" follows the OS (resolved in main). */
  language = $state<Language>('system');
  fontSize = $state<number>(FONT_SIZES.default);
  newTabFormat = $state<InputFormat>('text');
  newTabLineEnding = $state<LineEnding>('none');
  /** The Settings panel is shown. */
  settingsOpen = $state(false);
  /** Log memory per new tab (MiB) and spill folder; null: the defaults. Sent to main (applyLog). */
  logMemoryMib = $state<number | null>(null);
  spillDir = $state<string | null>(null);
  #logInForce = $state.raw<{ logMemoryMib: number; spillDir: string } | null>(null);
  #logError = $state.raw<WireError | null>(null);
  #notice = $state<string | null>(null);
  #warning = $state.raw<WireError | null>(null);
  #path = $state<string | null>(null);
  #timer: ReturnType<typeof setTimeout> | null = null;
  #pending: Workspace | null = null;
  #stopWatching: (() => void) | null = null;
  readonly #bridge: Bridge;

  /** "Browse…" for the spill folder (the desktop's dialog; null in web mode). */
  readonly dialogs: FileDialogs | null;

  constructor(bridge: Bridge) {
    this.#bridge = bridge;
    this.dialogs = fileDialogs(bridge);
  }

  /** Something to know about the saved workspace (it was unreadable and kept aside...). */
  get notice(): string | null {
    return this.#notice;
  }

  /** Why changes are not being saved right now; null while they are. */
  get warning(): WireError | null {
    return this.#warning;
  }

  /** The file the workspace is kept in. */
  get path(): string | null {
    return this.#path;
  }

  /** What main uses for tabs opened from now on (after the last applyLog), and why the last one was refused. */
  get logInForce(): { logMemoryMib: number; spillDir: string } | null {
    return this.#logInForce;
  }

  get logError(): WireError | null {
    return this.#logError;
  }

  /** Settings: the log memory and spill folder for tabs opened from now on; kept only when main accepts them. */
  async applyLog(logMemoryMib: number | null, spillDir: string | null): Promise<boolean> {
    const input = { ...(logMemoryMib !== null ? { logMemoryMib } : {}), ...(spillDir !== null ? { spillDir } : {}) };
    const result = await settle(() => this.#bridge.systemConfigureLog(input), 'Setting the log memory and spill folder');
    if (!result.ok) {
      this.#logError = result.error;
      return false;
    }
    this.#logError = null;
    this.#logInForce = result.value;
    this.logMemoryMib = logMemoryMib;
    this.spillDir = spillDir;
    return true;
  }

  dismissNotice(): void {
    this.#notice = null;
  }

  /**
   * Reads the saved workspace; with `into` (main held no sessions: a fresh start) its tabs are
   * opened again, idle with their fields filled, or connected when the setting says so.
   */
  async restore(into: WorkspaceTabs | null): Promise<void> {
    const result = await settle(() => this.#bridge.workspaceLoad({}), 'Reading the saved workspace');
    if (!result.ok) {
      this.#warning = result.error;
      return;
    }
    const { workspace, notice, warning, path } = result.value;
    this.#notice = notice;
    this.#warning = warning;
    this.#path = path;
    this.reconnectOnStart = workspace.settings.reconnectOnStart;
    this.theme = workspace.settings.theme;
    this.language = workspace.settings.language;
    this.fontSize = workspace.settings.fontSize;
    this.newTabFormat = workspace.settings.newTab.format;
    this.newTabLineEnding = workspace.settings.newTab.lineEnding;
    this.logMemoryMib = workspace.settings.logMemoryMib;
    this.spillDir = workspace.settings.spillDir;
    if (this.logMemoryMib !== null || this.spillDir !== null) await this.applyLog(this.logMemoryMib, this.spillDir);
    if (!into) return;
    const opened: SessionTabState[] = [];
    for (const saved of workspace.tabs) {
      const tab = await into.newTab(saved.kind);
      if (!tab) continue;
      tab.restore(saved);
      opened.push(tab);
    }
    const selected = opened[Math.min(workspace.selected, opened.length - 1)];
    if (selected) into.activate(selected.id);
    if (workspace.settings.reconnectOnStart) {
      for (const tab of opened) {
        const config = tab.form.validate();
        if (config) void tab.connect(config);
      }
    }
  }

  #languageAsked = 0;

  /**
   * Speaks `language` at once (the renderer resolves it from navigator.languages), then as main
   * resolves it ("System" is the OS's language on the desktop), and has main's menus follow.
   */
  async applyLanguage(language: Language): Promise<void> {
    const asked = ++this.#languageAsked;
    const preferred = typeof navigator === 'undefined' ? [] : [...navigator.languages].slice(0, 32);
    i18n.locale = resolveLocale(language, preferred);
    const result = await settle(() => this.#bridge.appSetLanguage({ language, preferred }), 'Setting the language');
    if (result.ok && asked === this.#languageAsked) i18n.locale = result.value.locale;
  }

  /** Saves the workspace a moment after anything in it changes, until stopped. */
  watch(tabs: WorkspaceTabs): void {
    this.#stopWatching?.();
    let first = true;
    this.#stopWatching = $effect.root(() => {
      $effect(() => {
        // Reading everything saved makes every part of it a dependency of this effect.
        const workspace = this.#snapshot(tabs);
        // The first run is the workspace as restored: nothing to write yet.
        if (first) {
          first = false;
          return;
        }
        this.#schedule(workspace);
      });
    });
    addEventListener('pagehide', this.#flushOnHide);
  }

  /** Writes what is waiting now (the page is going away). */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const workspace = this.#pending;
    this.#pending = null;
    if (workspace) void this.#save(workspace);
  }

  dispose(): void {
    this.#stopWatching?.();
    this.#stopWatching = null;
    removeEventListener('pagehide', this.#flushOnHide);
    if (this.#timer) clearTimeout(this.#timer);
  }

  readonly #flushOnHide = (): void => this.flush();

  #snapshot(tabs: WorkspaceTabs): Workspace {
    const list = tabs.tabs;
    const selected = Math.max(0, list.findIndex((t) => t.id === tabs.activeId));
    return {
      version: WORKSPACE_VERSION,
      tabs: list.map((t) => t.toSaved()),
      selected,
      settings: {
        reconnectOnStart: this.reconnectOnStart,
        language: this.language,
        theme: this.theme,
        fontSize: this.fontSize,
        newTab: { format: this.newTabFormat, lineEnding: this.newTabLineEnding },
        logMemoryMib: this.logMemoryMib,
        spillDir: this.spillDir,
      },
    };
  }

  #schedule(workspace: Workspace): void {
    this.#pending = workspace;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.flush(), SAVE_DELAY_MS);
  }

  async #save(workspace: Workspace): Promise<void> {
    const result = await settle(() => this.#bridge.workspaceSave({ workspace }), 'Saving the workspace');
    this.#warning = result.ok ? result.value.warning : result.error;
  }
}
