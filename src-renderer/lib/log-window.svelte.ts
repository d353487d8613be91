// The slice of a session's traffic log the renderer holds: only the rows in view. The log
// itself lives in main; this asks for a window at a time, one request in flight, and if the
// wanted window moved while a request was out, asks once more for the latest one only. So a
// fast scroll or a flood of log.grew events costs a bounded number of reads.
import type { LogEntry, Result, WireError } from '../../src-main/api/contract.js';

export type ReadWindow = (from: number, count: number) => Promise<Result<{ entries: LogEntry[]; total: number }>>;

interface Span {
  from: number;
  count: number;
}

export class LogWindow {
  #rows = $state.raw<readonly LogEntry[]>([]);
  #from = $state(0);
  #error = $state.raw<WireError | null>(null);
  #wanted: Span | null = null;
  #requested: Span | null = null;
  #inFlight = false;
  #disposed = false;
  readonly #read: ReadWindow;

  constructor(read: ReadWindow) {
    this.#read = read;
  }

  /** The last read's error, if it failed. */
  get error(): WireError | null {
    return this.#error;
  }

  /** The loaded entry for log row `index`, if it is in the window. */
  rowAt(index: number): LogEntry | undefined {
    const row = this.#rows[index - this.#from];
    return row && row.seq === index ? row : this.#rows.find((r) => r.seq === index);
  }

  /** How many entries are held (never more than one window). */
  get heldCount(): number {
    return this.#rows.length;
  }

  /** Asks for rows [from, from + count); a no-op when that is what was last asked for. */
  want(from: number, count: number): void {
    this.#wanted = { from, count };
    void this.#pump();
  }

  /** Forgets the loaded window so the next `want` reads again (e.g. after a reconnect). */
  invalidate(): void {
    this.#requested = null;
  }

  dispose(): void {
    this.#disposed = true;
  }

  async #pump(): Promise<void> {
    while (!this.#inFlight && !this.#disposed) {
      const wanted = this.#wanted;
      if (!wanted || sameSpan(wanted, this.#requested)) return;
      this.#requested = wanted;
      if (wanted.count === 0) {
        this.#rows = [];
        this.#from = wanted.from;
        continue;
      }
      this.#inFlight = true;
      let result: Result<{ entries: LogEntry[]; total: number }>;
      try {
        result = await this.#read(wanted.from, wanted.count);
      } catch (err) {
        result = { ok: false, error: { code: 'INTERNAL', message: `Reading the log failed: ${String(err)}` } };
      } finally {
        this.#inFlight = false;
      }
      if (this.#disposed) return;
      if (result.ok) {
        this.#rows = result.value.entries;
        this.#from = wanted.from;
        this.#error = null;
      } else {
        // Not retried in a loop: the same window is asked for again only after invalidate().
        this.#error = result.error;
      }
    }
  }
}

function sameSpan(a: Span | null, b: Span | null): boolean {
  return a !== null && b !== null && a.from === b.from && a.count === b.count;
}
