// Find in a log: a background scan of every entry (spilled part included) that lists the entries
// matching text in an encoding, hex bytes, or a regular expression. It yields to the event loop
// between batches, reports progress at most every 100 ms, and can be cancelled; Next/Previous
// step through the matches found so far.
import { m } from '../../shared/i18n/paraglide/messages.js';
import type { FindQuery, SearchHit, SearchProgress } from '../../shared/contract.js';
import { compileFind } from '../../shared/codec/find-match.js';
import { decodeTextFast } from '../../shared/codec/text-encoding.js';
import { CodedError } from '../errors.js';
import type { TrafficLog } from './traffic-log.js';

const PROGRESS_MS = 100;
/** Past this many matches a search stops collecting (and says so by ending early). */
export const MAX_MATCHES = 10_000_000;

type Matcher = (bytes: Uint8Array) => boolean;

/** The test an entry's bytes pass, or a coded error in words (INVALID_HEX, INVALID_REGEX...). */
export function compileQuery(query: FindQuery): Matcher {
  const compiled = compileFind(query);
  if (!compiled.ok) throw new CodedError(compiled.error.code, compiled.error.message);
  if ('needle' in compiled.value) return bytesMatcher(compiled.value.needle);
  const regex = compiled.value.regex;
  return (bytes) => regex.test(decodeTextFast(bytes, query.encoding));
}

function bytesMatcher(needle: Uint8Array): Matcher {
  const n = Buffer.from(needle);
  return (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(n) >= 0;
}

class Search {
  matches = new Uint32Array(64);
  count = 0;
  scanned = 0;
  done = false;
  cancelled = false;

  constructor(
    readonly searchId: string,
    readonly total: number,
    readonly first: number,
  ) {}

  add(seq: number): void {
    if (this.count === this.matches.length) {
      const grown = new Uint32Array(this.matches.length * 2);
      grown.set(this.matches);
      this.matches = grown;
    }
    this.matches[this.count++] = seq - this.first;
  }

  /** The first match index whose seq is greater than `seq` (count when none). */
  after(seq: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.matches[mid]! + this.first > seq) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** The searches of every session: one at a time per session. */
export class LogSearches {
  readonly #bySession = new Map<string, Search>();
  #next = 1;

  constructor(private readonly emit: (progress: SearchProgress) => void) {}

  start(id: string, log: TrafficLog, query: FindQuery): { searchId: string } {
    const matcher = compileQuery(query);
    this.cancel(id);
    const search = new Search(`f${this.#next++}`, log.count, log.firstSeq);
    this.#bySession.set(id, search);
    void this.#run(id, log, search, matcher);
    return { searchId: search.searchId };
  }

  async #run(id: string, log: TrafficLog, search: Search, matcher: Matcher): Promise<void> {
    let reported = performance.now();
    const stop = (): boolean => search.cancelled || search.count >= MAX_MATCHES;
    try {
      await log.scan(
        0,
        search.total,
        (seq, bytes) => {
          search.scanned++;
          if (matcher(bytes)) search.add(seq);
          if ((search.scanned & 1023) === 0 && performance.now() - reported >= PROGRESS_MS) {
            reported = performance.now();
            this.#report(id, search);
          }
        },
        stop,
      );
    } catch {
      // The log was cleared or closed under the search: it ends with what it found.
      search.cancelled = true;
    }
    search.done = true;
    this.#report(id, search);
  }

  #report(id: string, s: Search): void {
    this.emit({ id, searchId: s.searchId, scanned: s.scanned, total: s.total, matches: s.count, done: s.done, cancelled: s.cancelled });
  }

  step(id: string, searchId: string, fromSeq: number, direction: 'next' | 'previous'): SearchHit | null {
    const search = this.#search(id, searchId);
    if (search.count === 0) return null;
    let index: number;
    if (direction === 'next') {
      index = search.after(fromSeq);
      if (index >= search.count) index = 0;
    } else {
      index = search.after(fromSeq - 1) - 1;
      if (index < 0) index = search.count - 1;
    }
    return { index, seq: search.matches[index]! + search.first, matches: search.count };
  }

  cancel(id: string, searchId?: string): void {
    const search = this.#bySession.get(id);
    if (!search || (searchId !== undefined && search.searchId !== searchId)) return;
    search.cancelled = true;
    if (searchId === undefined) this.#bySession.delete(id);
  }

  #search(id: string, searchId: string): Search {
    const search = this.#bySession.get(id);
    if (!search || search.searchId !== searchId) {
      throw new CodedError('NO_SUCH_SEARCH', m.e_that_search_is_over_the_log());
    }
    return search;
  }
}
