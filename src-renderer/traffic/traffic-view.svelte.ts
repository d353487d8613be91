// One tab's traffic log view: how bytes are shown, whether it follows the tail, which
// client's traffic it shows, the window of rows held, and the entry opened in the detail view.
import type { LogEntry } from '$shared/contract.js';
import type { TextEncodingName } from '$shared/codec/render.js';
import type { Bridge } from '../bridge/bridge.js';
import { EntryBytes } from './entry-bytes.svelte.js';
import { LogWindow } from '../ui/row-window.svelte.js';

export type ByteView = 'hex' | 'text';

/** Bytes of each entry asked for with a row: more than one line can show. */
export const PREVIEW_BYTES = 256;

/** A peer whose traffic alone the log shows. */
export interface PeerFilter {
  id: string;
  label: string;
}

export class TrafficViewState {
  // Bound to the controls, so plain reactive fields.
  view = $state<ByteView>('hex');
  encoding = $state<TextEncodingName>('utf-8');
  follow = $state(true);
  /** Where the list was scrolled (virtual px from row 0), restored when the tab is shown again. */
  top = 0;
  #selectedIndex = $state<number | null>(null);
  #detailIndex: number | null = null;
  #selected = $state.raw<LogEntry | null>(null);
  #detail = $state.raw<EntryBytes | null>(null);
  #filter = $state.raw<PeerFilter | null>(null);
  /** The window over one client's entries, while the log is filtered. */
  #filtered = $state.raw<LogWindow | null>(null);
  readonly #all: LogWindow;
  readonly #id: string;
  readonly #bridge: Bridge;

  constructor(id: string, bridge: Bridge) {
    this.#id = id;
    this.#bridge = bridge;
    this.#all = new LogWindow((from, count) => bridge.logRead({ id, from, count, maxBytes: PREVIEW_BYTES }));
  }

  /** The rows in view: of the whole log, or of the filtered one. */
  get rows(): LogWindow {
    return this.#filtered ?? this.#all;
  }

  get filter(): PeerFilter | null {
    return this.#filter;
  }

  /** Rows the list has: the log's count, or the filtered total once it is known. */
  count(logCount: number): number {
    return this.#filtered ? (this.#filtered.total ?? 0) : logCount;
  }

  /** Shows only one peer's entries (null: all of them again). Positions change, so the selection goes. */
  setFilter(filter: PeerFilter | null): void {
    if (filter?.id === this.#filter?.id) return;
    this.clearSelection();
    this.#filtered?.dispose();
    this.#filter = filter;
    const id = this.#id;
    const bridge = this.#bridge;
    // The filtered total is only known from a read, so even an empty window is read.
    this.#filtered = filter
      ? new LogWindow((from, count) => bridge.logRead({ id, from, count, maxBytes: PREVIEW_BYTES, peerId: filter.id }), { readEmpty: true })
      : null;
    this.follow = true;
  }

  /** The log was emptied in main: nothing stays selected, and the rows in view are read again. */
  logCleared(): void {
    this.clearSelection();
    this.#all.refresh();
    this.#filtered?.refresh();
    this.follow = true;
  }

  /** The log grew in main: a filtered view learns its new total by reading again. */
  logGrew(): void {
    this.#filtered?.refresh();
  }

  /** The selected row's position in the list as shown. */
  get selectedIndex(): number | null {
    return this.#selectedIndex;
  }

  /** The selected entry as listed (its bytes may be only a preview). */
  get selected(): LogEntry | null {
    return this.#selected;
  }

  /** The selected entry's full bytes, fetched page by page. */
  get detail(): EntryBytes | null {
    return this.#detail;
  }

  /** Selects row `index`; its detail opens as soon as the row is loaded. */
  select(index: number): void {
    if (this.#selectedIndex === index && this.#detail) return;
    this.#selectedIndex = index;
    this.syncDetail();
  }

  /** Opens the detail for the selected row once its entry is in the window. */
  syncDetail(): void {
    const index = this.#selectedIndex;
    if (index === null || (this.#detail && this.#detailIndex === index)) return;
    const entry = this.rows.rowAt(index);
    if (!entry) return;
    this.#detail?.dispose();
    this.#selected = entry;
    this.#detailIndex = index;
    const id = this.#id;
    this.#detail = new EntryBytes(entry.seq, entry.size, (s, offset, length) => this.#bridge.logBytes({ id, seq: s, offset, length }));
  }

  clearSelection(): void {
    this.#detail?.dispose();
    this.#detail = null;
    this.#detailIndex = null;
    this.#selected = null;
    this.#selectedIndex = null;
  }

  dispose(): void {
    this.#all.dispose();
    this.#filtered?.dispose();
    this.#detail?.dispose();
  }
}
