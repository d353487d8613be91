// "Find" in a tab's log: the query as typed, the search main runs over the whole log (progress
// pushed as search.progress), and the match Next/Previous landed on.
import { formatNumber } from '../session/format.js';
import { m } from '../i18n/i18n.svelte.js';
import type { FindMode, FindQuery, SearchHit, SearchProgress, TextEncoding, WireError } from '$shared/contract.js';
import type { Bridge } from '../bridge/bridge.js';
import { settle } from '../bridge/settle.js';

export class FindState {
  open = $state(false);
  mode = $state<FindMode>('text');
  pattern = $state('');
  ignoreCase = $state(false);
  #searchId = $state<string | null>(null);
  /** The query the running (or last) search was started with. */
  #query = $state.raw<FindQuery | null>(null);
  #progress = $state.raw<SearchProgress | null>(null);
  #hit = $state.raw<SearchHit | null>(null);
  #error = $state.raw<WireError | null>(null);
  /** Set when a step found nothing (yet). */
  #none = $state(false);
  readonly #id: string;
  readonly #bridge: Bridge;
  readonly #encoding: () => TextEncoding;

  constructor(id: string, bridge: Bridge, encoding: () => TextEncoding) {
    this.#id = id;
    this.#bridge = bridge;
    this.#encoding = encoding;
  }

  get progress(): SearchProgress | null {
    return this.#progress;
  }

  get hit(): SearchHit | null {
    return this.#hit;
  }

  get error(): WireError | null {
    return this.#error;
  }

  /** The query of the search whose matches are shown (what the detail highlights). */
  get query(): FindQuery | null {
    return this.#query;
  }

  get running(): boolean {
    return this.#searchId !== null && !(this.#progress?.done ?? false);
  }

  /** "Match k of n", "No match", or how far a search has got. */
  get status(): string {
    const p = this.#progress;
    if (this.#error || !p) return '';
    const n = formatNumber(p.matches);
    if (this.#hit) return `${m.find_match_k_of_n({ k: formatNumber(this.#hit.index + 1), n })}${p.done ? '' : '…'}`;
    if (p.done && p.matches === 0) return p.cancelled ? m.find_cancelled_no_match() : m.find_no_match();
    if (p.done) return `${m.find_matches({ count: p.matches, n })}${p.cancelled ? ` ${m.find_cancelled_suffix()}` : ''}`;
    return this.#none ? m.find_no_match_yet({ n }) : m.find_so_far({ n });
  }

  #current(): FindQuery {
    return { mode: this.mode, pattern: this.pattern, encoding: this.#encoding(), ignoreCase: this.ignoreCase };
  }

  #same(a: FindQuery | null, b: FindQuery): boolean {
    return a !== null && a.mode === b.mode && a.pattern === b.pattern && a.encoding === b.encoding && a.ignoreCase === b.ignoreCase;
  }

  /** Starts a search for the query as typed, unless the last one was for the same query. */
  async search(): Promise<boolean> {
    const query = this.#current();
    if (this.#searchId && this.#same(this.#query, query)) return true;
    if (query.pattern === '') {
      this.#error = { code: 'INVALID_PAYLOAD', message: m.find_type_something() };
      return false;
    }
    const result = await settle(() => this.#bridge.logSearch({ id: this.#id, query }), 'Searching');
    if (!result.ok) {
      this.#error = result.error;
      this.#searchId = null;
      this.#progress = null;
      return false;
    }
    this.#error = null;
    this.#hit = null;
    this.#none = false;
    this.#query = query;
    this.#searchId = result.value.searchId;
    this.#progress = { id: this.#id, searchId: result.value.searchId, scanned: 0, total: 0, matches: 0, done: false, cancelled: false };
    return true;
  }

  /** The match after (or before) entry `fromSeq`; resolves with it, or null when there is none yet. */
  async step(direction: 'next' | 'previous', fromSeq: number): Promise<SearchHit | null> {
    if (!(await this.search())) return null;
    const searchId = this.#searchId!;
    // A search just started may not have found anything yet: wait for its first match or its end.
    await this.#firstResult(searchId);
    const result = await settle(() => this.#bridge.logSearchStep({ id: this.#id, searchId, fromSeq, direction }), 'Finding the next match');
    if (!result.ok) {
      this.#error = result.error;
      return null;
    }
    this.#hit = result.value;
    this.#none = result.value === null;
    return result.value;
  }

  #firstResult(searchId: string): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        const p = this.#progress;
        if (this.#searchId !== searchId || !p || p.done || p.matches > 0) resolve();
        else this.#waiters.push(check);
      };
      check();
    });
  }

  #waiters: (() => void)[] = [];

  /** main's search.progress for this tab. */
  onProgress(progress: SearchProgress): void {
    if (progress.searchId !== this.#searchId) return;
    this.#progress = progress;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }

  async cancel(): Promise<void> {
    const searchId = this.#searchId;
    if (!searchId) return;
    await settle(() => this.#bridge.logSearchCancel({ id: this.#id, searchId }), 'Cancelling the search');
  }

  /** The log was cleared: its search is over. */
  reset(): void {
    this.#searchId = null;
    this.#progress = null;
    this.#hit = null;
    this.#query = null;
    this.#error = null;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }
}
