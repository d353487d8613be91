// One tab's traffic log view: how bytes are shown, whether it follows the tail, the window
// of rows held, and the entry opened in the detail view.
import type { LogEntry } from '../../src-main/api/contract.js';
import type { TextEncodingName } from '../../src-main/codec/render.js';
import type { Bridge } from './bridge.js';
import { EntryBytes } from './entry-bytes.svelte.js';
import { LogWindow } from './log-window.svelte.js';

export type ByteView = 'hex' | 'text';

/** Bytes of each entry asked for with a row: more than one line can show. */
export const PREVIEW_BYTES = 256;

export class TrafficViewState {
  // Bound to the controls, so plain reactive fields.
  view = $state<ByteView>('hex');
  encoding = $state<TextEncodingName>('utf-8');
  follow = $state(true);
  /** Where the list was scrolled (virtual px from row 0), restored when the tab is shown again. */
  top = 0;
  #selectedSeq = $state<number | null>(null);
  #selected = $state.raw<LogEntry | null>(null);
  #detail = $state.raw<EntryBytes | null>(null);
  readonly rows: LogWindow;
  readonly #id: string;
  readonly #bridge: Bridge;

  constructor(id: string, bridge: Bridge) {
    this.#id = id;
    this.#bridge = bridge;
    this.rows = new LogWindow((from, count) => bridge.logRead({ id, from, count, maxBytes: PREVIEW_BYTES }));
  }

  get selectedSeq(): number | null {
    return this.#selectedSeq;
  }

  /** The selected entry as listed (its bytes may be only a preview). */
  get selected(): LogEntry | null {
    return this.#selected;
  }

  /** The selected entry's full bytes, fetched page by page. */
  get detail(): EntryBytes | null {
    return this.#detail;
  }

  /** Selects log row `seq`; its detail opens as soon as the row is loaded. */
  select(seq: number): void {
    if (this.#selectedSeq === seq && this.#detail) return;
    this.#selectedSeq = seq;
    this.syncDetail();
  }

  /** Opens the detail for the selected row once its entry is in the window. */
  syncDetail(): void {
    const seq = this.#selectedSeq;
    if (seq === null || this.#detail?.seq === seq) return;
    const entry = this.rows.rowAt(seq);
    if (!entry) return;
    this.#detail?.dispose();
    this.#selected = entry;
    const id = this.#id;
    this.#detail = new EntryBytes(seq, entry.size, (s, offset, length) => this.#bridge.logBytes({ id, seq: s, offset, length }));
  }

  clearSelection(): void {
    this.#detail?.dispose();
    this.#detail = null;
    this.#selected = null;
    this.#selectedSeq = null;
  }

  dispose(): void {
    this.rows.dispose();
    this.#detail?.dispose();
  }
}
