// The slice of a long list held in main that the renderer holds: only the rows in view. The
// list itself (a traffic log, a peer table) lives in main; this asks for a window at a time,
// one request in flight, and if the wanted window moved while a request was out, asks once
// more for the latest one only. So a fast scroll or a flood of events costs a bounded number
// of reads.
import { m } from '../i18n/i18n.svelte.js';
import { tick } from 'svelte';
import type { LogEntry, Result, WireError } from '$shared/contract.js';

/** Reads rows [from, from + count) from main; `R` is the command's output. */
export type ReadRows<R> = (from: number, count: number) => Promise<Result<R>>;
/** Takes the rows and the list's length out of a read's output. */
export type PickRows<R, T> = (value: R) => { rows: T[]; total: number };
export type ReadWindow = ReadRows<{ entries: LogEntry[]; total: number }>;

export interface RowWindowOptions {
  /** Also read an empty window: the list's total is only known from a read (a filtered log). */
  readEmpty?: boolean;
}

interface Span {
  from: number;
  count: number;
}

export class RowWindow<T, R = { rows: T[]; total: number }> {
  #rows = $state.raw<readonly T[]>([]);
  #from = $state(0);
  #total = $state<number | null>(null);
  #error = $state.raw<WireError | null>(null);
  #wanted: Span | null = null;
  #requested: Span | null = null;
  /** The rows held may be out of date: read the wanted window again, once. */
  #stale = false;
  /** Bumped by reset(), so a read that was out for the old list is dropped. */
  #generation = 0;
  #inFlight = false;
  #refreshQueued = false;
  #disposed = false;
  readonly #read: ReadRows<R>;
  readonly #pick: PickRows<R, T>;
  readonly #readEmpty: boolean;

  // `pick` rather than a wrapping read: no extra await between main's answer and the rows.
  constructor(read: ReadRows<R>, pick: PickRows<R, T>, options: RowWindowOptions = {}) {
    this.#read = read;
    this.#pick = pick;
    this.#readEmpty = options.readEmpty ?? false;
  }

  /** The last read's error, if it failed. */
  get error(): WireError | null {
    return this.#error;
  }

  /** The list's length as of the last read; null before the first one. */
  get total(): number | null {
    return this.#total;
  }

  /** The row at position `index` of the list, if it is in the window. */
  rowAt(index: number): T | undefined {
    return this.#rows[index - this.#from];
  }

  /** How many rows are held (never more than one window). */
  get heldCount(): number {
    return this.#rows.length;
  }

  /** The rows held, from position `heldFrom`. */
  get held(): readonly T[] {
    return this.#rows;
  }

  get heldFrom(): number {
    return this.#from;
  }

  /** Asks for rows [from, from + count); a no-op when that is what was last asked for. */
  want(from: number, count: number): void {
    this.#wanted = { from, count };
    void this.#pump();
  }

  /** The list changed in main: read the wanted window again (once, however often this is called). */
  refresh(): void {
    this.#stale = true;
    if (this.#refreshQueued) return;
    this.#refreshQueued = true;
    // After the effects of this change have run: the event that made the list stale often
    // moves the window too (its total changed), and then one read covers both.
    void tick().then(() => {
      this.#refreshQueued = false;
      void this.#pump();
    });
  }

  /** Nothing shows the list now: stop reading on refresh(); the next `want` reads afresh. */
  release(): void {
    this.#wanted = null;
    this.#requested = null;
  }

  /** The list is another one now: drop the rows held and any read still out. */
  reset(): void {
    this.#generation += 1;
    this.#rows = [];
    this.#total = null;
    this.#error = null;
    this.#requested = null;
    this.#stale = false;
    void this.#pump();
  }

  dispose(): void {
    this.#disposed = true;
  }

  async #pump(): Promise<void> {
    while (!this.#inFlight && !this.#disposed) {
      const wanted = this.#wanted;
      if (!wanted || (sameSpan(wanted, this.#requested) && !this.#stale)) return;
      this.#requested = wanted;
      this.#stale = false;
      if (wanted.count === 0 && !this.#readEmpty) {
        this.#rows = [];
        this.#from = wanted.from;
        continue;
      }
      const generation = this.#generation;
      this.#inFlight = true;
      // Inline rather than bridge/settle.ts: the row lands in the same microtask as the read's
      // answer, so a window never shows "Loading…" for a row main has already answered.
      let result: Result<R>;
      try {
        result = await this.#read(wanted.from, wanted.count);
      } catch (err) {
        result = { ok: false, error: { code: 'INTERNAL', message: m.reading_failed({ reason: String(err) }) } };
      } finally {
        this.#inFlight = false;
      }
      if (this.#disposed) return;
      if (generation !== this.#generation) continue;
      if (result.ok) {
        const { rows, total } = this.#pick(result.value);
        this.#rows = rows;
        this.#from = wanted.from;
        this.#total = total;
        this.#error = null;
      } else {
        // Not retried in a loop: the same window is asked for again only after a change.
        this.#error = result.error;
      }
    }
  }
}

/** The traffic log's window: entries by position (by seq, unless the log is filtered). */
export class LogWindow extends RowWindow<LogEntry, { entries: LogEntry[]; total: number }> {
  constructor(read: ReadWindow, options: RowWindowOptions = {}) {
    super(read, ({ entries, total }) => ({ rows: entries, total }), options);
  }
}

function sameSpan(a: Span | null, b: Span | null): boolean {
  return a !== null && b !== null && a.from === b.from && a.count === b.count;
}
