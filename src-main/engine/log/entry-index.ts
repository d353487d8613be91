// A log's entries kept column-wise (one typed array per field) in pages of 65,536 entries, so a
// flood of small frames costs 28 bytes of bookkeeping each, and past a few pages the index
// spills to a file like the bytes do: 16 million entries hold a few pages in memory, not 400 MB.
// Each page counts its entries per peer, direction and failed check, so a filtered read finds
// its place without a list of matching entries.
import type { SpillFile } from './spill-file.js';
import { ChunkMemory } from './chunk-memory.js';
import { CHECK_BAD, DIR_OUT, MASK, matches, Page, PAGE, PAGE_BITS, PAGE_BYTES } from './index-page.js';

export { CHECK_BAD, CHECK_OK, DIR_OUT, entryOf, FLAG_INCOMPLETE, FLAG_OVERSIZED, Page, PAGE, PAGE_BITS, PRECOUNTED } from './index-page.js';

/** Sealed pages kept in memory besides the one being filled; older ones are written out. */
const KEEP_PAGES = 3;
/** Page writes under way at once (the disk is busy with the data's chunks too). */
const WRITES_IN_FLIGHT = 3;
/** Pages waiting to be written past which the log is behind (about 68 MB), and back under which it is not. */
const BEHIND_PAGES = 40;
const RESUME_PAGES = 20;
/** Written pages read back and kept for the next reads. */
const CACHE_PAGES = 8;
const FIRST_CAPACITY = 256;

/** Per page and peer: entries in, out, and in with a failed check. */
const IN = 0;
const OUT = 1;
const BAD = 2;

/** Which entries a read wants: one peer's (any of its labels), one direction, only failed checks. */
export interface EntryFilter {
  peers?: ReadonlySet<number>;
  dir?: 'in' | 'out';
  failedOnly?: boolean;
}

/** Which entries log.read returns: one peer's, one direction's, only failed checks. */
export interface ReadFilter {
  peerId?: string;
  dir?: 'in' | 'out';
  failedOnly?: boolean;
}

/** An entry as a scan sees it: its shown bytes (a view, valid during the visit). */
export type ScanVisit = (seq: number, bytes: Uint8Array, flags: number) => void;

/** Index pages loaded for a read: the columns of any seq asked for. */
export interface IndexView {
  page(seq: number): Page;
  /** Done with the pages (until then none of them is used again for new entries). */
  release(): void;
}

export class EntryIndex {
  #count = 0;
  /** Pages in memory (null: written out and let go). */
  #pages: (Page | null)[] = [new Page(FIRST_CAPACITY)];
  /** Per page: peer index -> [in, out, bad] counts. */
  #tallies: Map<number, Uint32Array>[] = [new Map()];
  #lastPeer = -1;
  #lastTally: Uint32Array | null = null;
  /** Pages written to the file, by page number. */
  #onFile = new Set<number>();
  #writes = new Set<Promise<void>>();
  #inFlight = new Set<number>();
  /** Sealed pages not written yet (past the kept few they count towards pressure). */
  #unwritten = 0;
  #behind = false;
  readonly #onPressure: ((behind: boolean) => void) | undefined;
  #failed = false;
  #cache = new Map<number, Promise<Page>>();
  /** Aligned memory for pages (written with O_DIRECT, around the page cache), and the views that may still read pages. */
  readonly #memory: ChunkMemory | null;
  #viewsOpen = 0;
  /** Slots of pages written while a view was open: free once none is. */
  #toFree: Uint8Array[] = [];
  readonly #file: SpillFile | null;

  constructor(file: SpillFile | null, onPressure?: (behind: boolean) => void) {
    this.#file = file;
    this.#onPressure = onPressure;
    this.#memory = file ? new ChunkMemory(true, PAGE_BYTES, KEEP_PAGES + BEHIND_PAGES + WRITES_IN_FLIGHT + 4) : null;
  }

  /** A page for the next 65,536 entries: in the slab when there is room (every column of an entry is written as it is added, so a used slot needs no clearing). */
  #newPage(): Page {
    const slot = this.#memory?.take() ?? null;
    if (!slot) return new Page(PAGE);
    const page = new Page(PAGE, slot.buffer, slot.byteOffset);
    page.slot = slot;
    return page;
  }

  #freeSlots(): void {
    if (this.#viewsOpen > 0) return;
    for (const slot of this.#toFree) this.#memory!.give(slot);
    this.#toFree = [];
  }

  get count(): number {
    return this.#count;
  }

  add(ts: number, flags: number, trail: number, peer: number, size: number, chunk: number, at: number, mark = 0): void {
    const seq = this.#count;
    const n = seq >>> PAGE_BITS;
    const i = seq & MASK;
    let page = this.#pages[n]!;
    if (i >= page.capacity) page = this.#pages[n] = page.grown(Math.min(PAGE, page.capacity * 2));
    page.ts[i] = ts;
    page.flags[i] = flags;
    page.trail[i] = trail;
    page.peer[i] = peer;
    page.size[i] = size;
    page.chunk[i] = chunk;
    page.at[i] = at;
    page.mark[i] = mark;
    let tally = this.#lastTally;
    if (peer !== this.#lastPeer || i === 0 || !tally) {
      const tallies = this.#tallies[n]!;
      tally = tallies.get(peer) ?? null;
      if (!tally) tallies.set(peer, (tally = new Uint32Array(3)));
      this.#lastPeer = peer;
      this.#lastTally = tally;
    }
    if (flags & DIR_OUT) tally[OUT]!++;
    else {
      tally[IN]!++;
      if (flags & CHECK_BAD) tally[BAD]!++;
    }
    this.#count = seq + 1;
    if (i === PAGE - 1) this.#sealed();
  }

  /**
   * `count` entries lying back to back in one chunk, from `from` to ends[count - 1] (entry j ends
   * at ends[j]), all with the same time, peer, delimiter, flags (received, or DIR_OUT) and mark:
   * a flood of frames (or of answers) is indexed a page at a time.
   */
  addRun(ts: number, trail: number, peer: number, chunk: number, from: number, ends: Uint32Array, count: number, flags = 0, mark = 0): void {
    let j = 0;
    let prev = from;
    while (j < count) {
      const seq = this.#count;
      const n = seq >>> PAGE_BITS;
      let i = seq & MASK;
      const take = Math.min(PAGE - i, count - j);
      let page = this.#pages[n]!;
      if (i + take > page.capacity) page = this.#pages[n] = page.grown(Math.min(PAGE, Math.max(page.capacity * 2, i + take)));
      // What the run's entries share is filled in one go; sizes and offsets one by one.
      page.ts.fill(ts, i, i + take);
      page.flags.fill(flags, i, i + take);
      page.mark.fill(mark, i, i + take);
      page.trail.fill(trail, i, i + take);
      page.peer.fill(peer, i, i + take);
      page.chunk.fill(chunk, i, i + take);
      const { size: S, at: A } = page;
      for (const last = j + take; j < last; j++, i++) {
        const end = ends[j]!;
        S[i] = end - prev;
        A[i] = prev;
        prev = end;
      }
      const tallies = this.#tallies[n]!;
      let tally = tallies.get(peer);
      if (!tally) tallies.set(peer, (tally = new Uint32Array(3)));
      if (flags & DIR_OUT) tally[OUT]! += take;
      else tally[IN]! += take;
      this.#count = seq + take;
      if (i === PAGE) this.#sealed();
    }
  }

  /**
   * Marks entry `seq` as made or matched by a rule or sequence step (MARK_STEP). Only an entry
   * whose page is still in memory and not being written can be marked (a recent one: the last
   * 196,608 entries at least); false otherwise.
   */
  mark(seq: number, mark: number): boolean {
    const n = seq >>> PAGE_BITS;
    const page = this.#pages[n];
    if (seq >= this.#count || !page || this.#inFlight.has(n) || this.#onFile.has(n)) return false;
    page.mark[seq & MASK] = mark;
    return true;
  }

  /** Page n is full: the next one starts; pages beyond the kept few go to the file. */
  #sealed(): void {
    this.#pages.push(this.#newPage());
    this.#tallies.push(new Map());
    this.#lastTally = null;
    if (this.#file && this.#pages.length - 1 > KEEP_PAGES) {
      this.#unwritten++;
      this.#checkPressure();
    }
    this.#writeOld();
  }

  #writeOld(): void {
    if (!this.#file || this.#failed) return;
    const last = this.#pages.length - 1;
    while (this.#writes.size < WRITES_IN_FLIGHT) {
      const n = this.#pages.findIndex((p, k) => p !== null && k < last - KEEP_PAGES && !this.#onFile.has(k) && !this.#inFlight.has(k));
      if (n < 0) break;
      const page = this.#pages[n]!;
      this.#inFlight.add(n);
      const write: Promise<void> = this.#file.write(page.bytes(), n * PAGE_BYTES, page.slot !== null).then(
        () => {
          this.#writes.delete(write);
          this.#inFlight.delete(n);
          this.#onFile.add(n);
          // No garbage per 65,536 entries of a flood: the page's memory is a later one's, once no read may hold it.
          if (page.slot) {
            this.#toFree.push(page.slot);
            this.#freeSlots();
          }
          this.#pages[n] = null;
          this.#unwritten--;
          this.#checkPressure();
          this.#writeOld();
        },
        () => {
          // Pages stay in memory: every entry stays readable.
          this.#writes.delete(write);
          this.#failed = true;
          this.#checkPressure();
        },
      );
      this.#writes.add(write);
    }
  }

  /** Too many pages wait to be written: the log says it is behind (its reading pauses) until they are. */
  #checkPressure(): void {
    const behind = !this.#failed && (this.#behind ? this.#unwritten > RESUME_PAGES : this.#unwritten > BEHIND_PAGES);
    if (behind === this.#behind) return;
    this.#behind = behind;
    this.#onPressure?.(behind);
  }

  /** Resolves when no page write is under way. */
  async flushed(): Promise<void> {
    while (this.#writes.size > 0) await Promise.all(this.#writes);
  }

  /** Pages whose columns are in memory now (the rest are in the file). */
  get pagesInMemory(): number {
    return this.#pages.filter((p) => p !== null).length;
  }

  /** Page n, from memory or the file. */
  #page(n: number): Page | Promise<Page> {
    const page = this.#pages[n];
    if (page) return page;
    let cached = this.#cache.get(n);
    if (cached) {
      this.#cache.delete(n);
      this.#cache.set(n, cached);
      return cached;
    }
    cached = this.#file!.read(n * PAGE_BYTES, PAGE_BYTES).then((bytes) => new Page(PAGE, bytes.byteOffset === 0 ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer));
    this.#cache.set(n, cached);
    cached.catch(() => this.#cache.delete(n));
    if (this.#cache.size > CACHE_PAGES) this.#cache.delete(this.#cache.keys().next().value!);
    return cached;
  }

  /** The pages of `seqs` (any order), loaded. */
  async view(seqs: Iterable<number>): Promise<IndexView> {
    const loaded = new Map<number, Page>();
    const waits: Promise<void>[] = [];
    for (const seq of seqs) {
      const n = seq >>> PAGE_BITS;
      if (loaded.has(n)) continue;
      const p = this.#page(n);
      if (p instanceof Page) loaded.set(n, p);
      else {
        loaded.set(n, null as unknown as Page);
        waits.push(p.then((page) => void loaded.set(n, page)));
      }
    }
    this.#viewsOpen++;
    let open = true;
    try {
      await Promise.all(waits);
    } catch (err) {
      this.#viewsOpen--;
      throw err;
    }
    return {
      page: (seq) => loaded.get(seq >>> PAGE_BITS)!,
      release: () => {
        if (open) this.#viewsOpen--;
        open = false;
        this.#freeSlots();
      },
    };
  }


  get pageCount(): number {
    return this.#pages.length;
  }

  /** How many entries of page n match the filter (counted on arrival, no page is read). */
  tally(n: number, filter: EntryFilter): number {
    let total = 0;
    for (const [peer, t] of this.#tallies[n]!) {
      if (filter.peers && !filter.peers.has(peer)) continue;
      if (filter.failedOnly) total += filter.dir === 'out' ? 0 : t[BAD]!;
      else if (filter.dir === 'in') total += t[IN]!;
      else if (filter.dir === 'out') total += t[OUT]!;
      else total += t[IN]! + t[OUT]!;
    }
    return total;
  }

  /**
   * Entries matching `filter`, as seqs: positions [from, from + count) of the filtered sequence,
   * and how many match in all. Pages with no match are skipped by their tallies.
   */
  async select(filter: EntryFilter, from: number, count: number): Promise<{ seqs: number[]; total: number }> {
    if (!filter.peers && !filter.dir && !filter.failedOnly) {
      const seqs: number[] = [];
      for (let i = from; i < Math.min(this.#count, from + count); i++) seqs.push(i);
      return { seqs, total: this.#count };
    }
    const tallies = this.#tallies.map((_, n) => this.tally(n, filter));
    const total = tallies.reduce((a, b) => a + b, 0);
    const seqs: number[] = [];
    let skip = from;
    this.#viewsOpen++;
    try {
      for (let n = 0; n < tallies.length && seqs.length < count; n++) {
        if (skip >= tallies[n]!) {
          skip -= tallies[n]!;
          continue;
        }
        const page = await this.#page(n);
        const end = Math.min(this.#count - n * PAGE, PAGE);
        for (let i = 0; i < end && seqs.length < count; i++) {
          if (!matches(page, i, filter)) continue;
          if (skip > 0) skip--;
          else seqs.push(n * PAGE + i);
        }
      }
    } finally {
      this.#viewsOpen--;
      this.#freeSlots();
    }
    return { seqs, total };
  }

  /** Nothing more is written; pages read back are let go. */
  dispose(): void {
    this.#failed = true;
    this.#cache.clear();
    this.#memory?.dispose();
  }
}
