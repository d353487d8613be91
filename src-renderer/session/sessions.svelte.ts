// Every open tab, which one is shown, and the one route of main's events: each goes to the tab
// it concerns, which passes it on to its parts. Nothing else in the renderer subscribes.
import type { SessionKind, SessionSnapshot, WireError } from '$shared/contract.js';
import type { Bridge } from '../bridge/bridge.js';
import { CapabilitiesState } from './capabilities.svelte.js';
import { SessionTabState } from './session-tab.svelte.js';
import { WorkspaceState } from './workspace.svelte.js';
import { LibraryState } from '../library/library.svelte.js';
import { settle } from '../bridge/settle.js';
import { connection } from '../bridge/connection.svelte.js';

export class SessionsManager {
  #tabs = $state.raw<readonly SessionTabState[]>([]);
  #activeId = $state<string | null>(null);
  /** The last error of a tab-level action (open, close, restore), in words. */
  #error = $state.raw<WireError | null>(null);
  #disposers: (() => void)[] = [];
  /** What this machine can do (asked once at start): the Kind chooser disables what it cannot. */
  readonly capabilities = new CapabilitiesState();
  /** The tabs as saved: restored on a fresh start, saved as they change. */
  readonly workspace: WorkspaceState;
  /** Saved messages and profiles. */
  readonly library: LibraryState;
  readonly #bridge: Bridge;

  constructor(bridge: Bridge) {
    this.#bridge = bridge;
    this.workspace = new WorkspaceState(bridge);
    this.library = new LibraryState(bridge);
  }

  get tabs(): readonly SessionTabState[] {
    return this.#tabs;
  }

  get active(): SessionTabState | null {
    return this.#tabs.find((t) => t.id === this.#activeId) ?? null;
  }

  get activeId(): string | null {
    return this.#activeId;
  }

  get error(): WireError | null {
    return this.#error;
  }

  /**
   * Listens to main's events, then shows the tabs of sessions main already holds (the page was
   * reloaded) or, on a fresh start, the saved workspace's; from then on the workspace is saved.
   */
  /** The sessions main holds and the saved workspace are in (the page is ready for input). */
  ready = $state(false);

  async start(): Promise<void> {
    const bridge = this.#bridge;
    this.#disposers.push(
      bridge.onSessionState((snapshot) => this.#tab(snapshot.id)?.applyState(snapshot)),
      bridge.onLogGrew((growth) => this.#tab(growth.id)?.applyGrowth(growth)),
      bridge.onSessionClosed(({ id }) => this.#remove(id)),
      bridge.onSearchProgress((progress) => this.#tab(progress.id)?.find.onProgress(progress)),
      bridge.onSequenceProgress((progress) => {
        const tab = this.#tab(progress.id);
        tab?.sequence.onProgress(progress);
        // An Expect marks the entry it matched, perhaps one already shown.
        tab?.traffic.marksChanged();
      }),
    );
    // Web mode's link came back: what happened meanwhile is read afresh.
    this.#disposers.push(connection.onReopen(() => void this.resync()));
    void this.capabilities.load(bridge);
    void this.library.load();
    const result = await this.#adopt();
    if (!result) return;
    await this.workspace.restore(result.length === 0 ? this : null);
    this.workspace.watch(this);
    this.ready = true;
  }

  /** After web mode's link was lost and came back (events were missed): main's sessions afresh. */
  async resync(): Promise<void> {
    await this.#adopt();
  }

  /**
   * The sessions main holds (on start: those a reloaded page left; after a lost link: what
   * changed meanwhile). Each tab takes main's word on its session, tabs whose session main no
   * longer holds go, sessions new to the page get a tab. Null when main could not be asked.
   */
  async #adopt(): Promise<SessionSnapshot[] | null> {
    const result = await this.#call(() => this.#bridge.sessionList({}));
    if (!result) return null;
    const held = result.map((s) => s.id);
    for (const tab of this.#tabs.filter((t) => !held.includes(t.id))) this.#remove(tab.id);
    for (const snapshot of result) {
      const tab = this.#tab(snapshot.id);
      if (tab) tab.applyState(snapshot);
      else this.#add(this.#newState(snapshot));
    }
    if (this.#activeId === null) this.#activeId = this.#tabs[0]?.id ?? null;
    return result;
  }

  /** Opens a new tab (a new idle session in main) and shows it. */
  async newTab(kind: SessionKind = 'tcp-client'): Promise<SessionTabState | null> {
    const snapshot = await this.#call(() => this.#bridge.sessionCreate({ kind }));
    if (!snapshot) return null;
    let tab = this.#tab(snapshot.id);
    if (!tab) {
      tab = this.#add(this.#newState(snapshot));
      // Settings: what a new tab's composer starts with (a restored tab then takes its own).
      tab.composer.format = this.workspace.newTabFormat;
      tab.composer.lineEnding = this.workspace.newTabLineEnding;
    }
    this.#activeId = tab.id;
    return tab;
  }

  /**
   * Gives a tab a session of another kind, in the same place: main fixes a session's kind, so a
   * new session is created (the old one stays if that fails), takes the tab's place and its form
   * values, and the old session (idle or closed, with its log) is closed.
   */
  async changeKind(old: SessionTabState, kind: SessionKind): Promise<SessionTabState | null> {
    const snapshot = await this.#call(() => this.#bridge.sessionCreate({ kind }));
    if (!snapshot) return null;
    const index = this.#tabs.indexOf(old);
    const tab = this.#newState(snapshot);
    tab.form.copyFrom(old.form, kind);
    if (index < 0) {
      // The old tab went meanwhile (closed by main): the new session is a tab of its own.
      this.#add(tab);
    } else {
      this.#tabs = this.#tabs.map((t) => (t === old ? tab : t));
      old.dispose();
    }
    if (this.#activeId === old.id || index < 0) this.#activeId = tab.id;
    const closed = await settle(() => this.#bridge.sessionClose({ id: old.id }), 'Closing the previous session');
    if (!closed.ok && closed.error.code !== 'NO_SUCH_SESSION') this.#error = closed.error;
    return tab;
  }

  activate(id: string): void {
    if (this.#tab(id)) this.#activeId = id;
  }

  /** Closes the tab's session in main (its socket and log go too), then the tab. */
  async closeTab(id: string): Promise<void> {
    const result = await settle(() => this.#bridge.sessionClose({ id }), 'Closing the tab');
    // NO_SUCH_SESSION: main has already forgotten it, so the tab has nothing left to show.
    if (result.ok || result.error.code === 'NO_SUCH_SESSION') {
      this.#error = null;
      this.#remove(id);
    } else {
      this.#error = result.error;
    }
  }

  dismissError(): void {
    this.#error = null;
  }

  dispose(): void {
    this.workspace.dispose();
    for (const dispose of this.#disposers.splice(0)) dispose();
    for (const tab of this.#tabs) tab.dispose();
    this.#tabs = [];
  }

  #tab(id: string): SessionTabState | undefined {
    return this.#tabs.find((t) => t.id === id);
  }

  #newState(snapshot: SessionSnapshot): SessionTabState {
    return new SessionTabState(snapshot, this.#bridge, (tab, kind) => this.changeKind(tab, kind));
  }

  #add(tab: SessionTabState): SessionTabState {
    this.#tabs = [...this.#tabs, tab];
    return tab;
  }

  #remove(id: string): void {
    const index = this.#tabs.findIndex((t) => t.id === id);
    if (index < 0) return;
    this.#tabs[index]?.dispose();
    const tabs = this.#tabs.filter((t) => t.id !== id);
    this.#tabs = tabs;
    if (this.#activeId === id) this.#activeId = (tabs[index] ?? tabs[index - 1])?.id ?? null;
  }

  async #call<T>(run: () => Promise<{ ok: true; value: T } | { ok: false; error: WireError }>): Promise<T | null> {
    const result = await settle(run, 'The request');
    if (result.ok) {
      this.#error = null;
      return result.value;
    }
    this.#error = result.error;
    return null;
  }
}
