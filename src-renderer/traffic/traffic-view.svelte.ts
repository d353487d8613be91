// One tab's traffic log view: how bytes are shown, whether it follows the tail, which
// client's traffic it shows, the window of rows held, and the entry opened in the detail view.
import { formatNumber } from '../session/format.js';
import { m } from '../i18n/i18n.svelte.js';
import type { LogEntry, Result, TextEncoding } from '$shared/contract.js';
import { copyAs, type CopyFormat } from '$shared/codec/copy-as.js';
import { settle } from '../bridge/settle.js';
import type { Bridge } from '../bridge/bridge.js';
import { EntryBytes } from './entry-bytes.svelte.js';
import { LogWindow } from '../ui/row-window.svelte.js';

export type ByteView = 'hex' | 'text';
/** The Time column: the clock, since the log's first entry, or since the row before. */
export type TimeMode = 'clock' | 'start' | 'delta';
export type DirFilter = 'all' | 'in' | 'out';

/** Bytes of each entry asked for with a row: more than one line can show. */
export const PREVIEW_BYTES = 256;

/** The most bytes "Copy as" puts on the clipboard at once. */
export const MAX_COPY_BYTES = 16 * 1024 * 1024;
/** The most entries "Copy as" takes at once (one read). */
export const MAX_COPY_ENTRIES = 1000;

/** A peer whose traffic alone the log shows. */
export interface PeerFilter {
  id: string;
  label: string;
}

export class TrafficViewState {
  // Bound to the controls, so plain reactive fields.
  view = $state<ByteView>('hex');
  encoding = $state<TextEncoding>('utf-8');
  time = $state<TimeMode>('clock');
  follow = $state(true);
  #dir = $state<DirFilter>('all');
  #failedOnly = $state(false);
  /** The log's first entry's time ("Since start"), once read. */
  #startTs = $state<number | null>(null);
  /** Shift+click: the other end of a range of selected rows. */
  #anchor = $state<number | null>(null);
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

  /**
   * The selected rows' bytes (whole, delimiters included: what was on the wire) as text in
   * `format`, or why they cannot be copied.
   */
  async copyText(format: CopyFormat): Promise<Result<{ text: string; entries: number }>> {
    const range = this.range;
    if (!range) return { ok: false, error: { code: 'NO_SUCH_ENTRY', message: m.copy_select_entry() } };
    const count = range.to - range.from + 1;
    if (count > MAX_COPY_ENTRIES) {
      return { ok: false, error: { code: 'INVALID_PAYLOAD', message: m.copy_too_many({ count: formatNumber(count), max: formatNumber(MAX_COPY_ENTRIES) }) } };
    }
    let bytes = 0;
    for (let i = range.from; i <= range.to; i++) bytes += this.rows.rowAt(i)?.size ?? 0;
    if (bytes > MAX_COPY_BYTES) {
      return { ok: false, error: { code: 'INVALID_PAYLOAD', message: m.copy_too_big({ bytes: formatNumber(bytes) }) } };
    }
    const read = await settle(() => this.#bridge.logRead({ id: this.#id, from: range.from, count, ...this.#filterFields() }), 'Reading the entries');
    if (!read.ok) return read;
    const entries = read.value.entries;
    return { ok: true, value: { text: copyAs(entries.map((e) => e.bytes), format, this.encoding), entries: entries.length } };
  }

  #filterFields(): { peerId?: string; dir?: 'in' | 'out'; failedOnly?: boolean } {
    const peerId = this.#filter?.id;
    const dir = this.#dir === 'all' ? undefined : this.#dir;
    return { ...(peerId && { peerId }), ...(dir && { dir }), ...(this.#failedOnly && { failedOnly: true }) };
  }

  /** Rows the list has: the log's count, or the filtered total once it is known. */
  count(logCount: number): number {
    return this.#filtered ? (this.#filtered.total ?? 0) : logCount;
  }

  /** Shows only one peer's entries (null: all of them again). Positions change, so the selection goes. */
  setFilter(filter: PeerFilter | null): void {
    if (filter?.id === this.#filter?.id) return;
    this.#filter = filter;
    this.#refilter();
  }

  /** "Show": all entries, only received or only sent. */
  get dir(): DirFilter {
    return this.#dir;
  }

  set dir(dir: DirFilter) {
    if (dir === this.#dir) return;
    this.#dir = dir;
    this.#refilter();
  }

  /** "Only failed checks". */
  get failedOnly(): boolean {
    return this.#failedOnly;
  }

  set failedOnly(on: boolean) {
    if (on === this.#failedOnly) return;
    this.#failedOnly = on;
    this.#refilter();
  }

  /** True while some filter hides entries (rows are then not entry numbers). */
  get filtered(): boolean {
    return this.#filtered !== null;
  }

  /** Every filter off. */
  clearFilters(): void {
    this.#filter = null;
    this.#dir = 'all';
    this.#failedOnly = false;
    this.#refilter();
  }

  #refilter(): void {
    this.clearSelection();
    this.#filtered?.dispose();
    const id = this.#id;
    const bridge = this.#bridge;
    const filter = this.#filterFields();
    // The filtered total is only known from a read, so even an empty window is read.
    this.#filtered =
      Object.keys(filter).length > 0
        ? new LogWindow((from, count) => bridge.logRead({ id, from, count, maxBytes: PREVIEW_BYTES, ...filter }), { readEmpty: true })
        : null;
    this.follow = true;
  }

  /** "Since start": the first entry's time, read once (null until read, or with no entries). */
  get startTs(): number | null {
    return this.#startTs;
  }

  async loadStart(): Promise<void> {
    if (this.#startTs !== null) return;
    const result = await this.#bridge.logRead({ id: this.#id, from: 0, count: 1, maxBytes: 0 }).catch(() => null);
    if (result?.ok && result.value.entries[0]) this.#startTs = result.value.entries[0].ts;
  }

  /** Selected rows [from, to] (one row, or a Shift+click range). */
  get range(): { from: number; to: number } | null {
    const i = this.#selectedIndex;
    if (i === null) return null;
    const a = this.#anchor ?? i;
    return { from: Math.min(a, i), to: Math.max(a, i) };
  }

  /** Shift+click: rows from the selected one to `index` are selected. */
  selectRange(index: number): void {
    this.#anchor ??= this.#selectedIndex ?? index;
    this.select(index, true);
  }

  isSelected(index: number): boolean {
    const r = this.range;
    return r !== null && index >= r.from && index <= r.to;
  }

  /** The log was emptied in main: nothing stays selected, and the rows in view are read again. */
  logCleared(): void {
    this.clearSelection();
    this.#startTs = null;
    this.#all.refresh();
    this.#filtered?.refresh();
    this.follow = true;
  }

  /** Entries in main were marked (a sequence step matched them): the rows in view are read again. */
  marksChanged(): void {
    this.#all.refresh();
    this.#filtered?.refresh();
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
  select(index: number, keepRange = false): void {
    if (!keepRange) this.#anchor = null;
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
    this.#anchor = null;
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
