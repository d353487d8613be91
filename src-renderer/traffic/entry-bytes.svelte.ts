// The bytes of the one entry shown in the detail view, fetched from main in fixed pages as
// the view needs them, with a bounded cache, so a 20 MiB chunk costs a few pages of memory.
import type { Result, WireError } from '$shared/contract.js';
import { settle } from '../bridge/settle.js';

export type ReadBytes = (seq: number, offset: number, length: number) => Promise<Result<{ bytes: Uint8Array; size: number }>>;

/** Bytes per log.bytes request. */
export const PAGE_BYTES = 64 * 1024;
/** Pages kept at once; the ones farthest from the last request go first. */
export const MAX_CACHED_PAGES = 32;

export class EntryBytes {
  readonly seq: number;
  readonly size: number;
  // Plain collections on purpose: ensure() runs inside effects and must not subscribe to
  // what it writes; #version is the one signal that pages arrived.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #pages = new Map<number, Uint8Array>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #pending = new Set<number>();
  /** Bumped whenever #pages changes, so readers re-run. */
  #version = $state(0);
  #error = $state.raw<WireError | null>(null);
  #disposed = false;
  readonly #read: ReadBytes;

  constructor(seq: number, size: number, read: ReadBytes) {
    this.seq = seq;
    this.size = size;
    this.#read = read;
  }

  get error(): WireError | null {
    return this.#error;
  }

  /** Asks main for whatever pages of [start, end) are not held yet. */
  ensure(start: number, end: number): void {
    if (this.size === 0 || end <= start) return;
    const { first, last } = this.#pageSpan(start, end);
    for (let page = first; page <= last; page++) {
      if (this.#pages.has(page) || this.#pending.has(page)) continue;
      void this.#load(page, first);
    }
  }

  /** Bytes [start, end) if every page of it is held, else null (ask with ensure()). */
  slice(start: number, end: number): Uint8Array | null {
    void this.#version; // a dependency: re-run when pages arrive
    end = Math.min(end, this.size);
    if (end <= start) return new Uint8Array(0);
    const { first, last } = this.#pageSpan(start, end);
    const out = new Uint8Array(end - start);
    for (let page = first; page <= last; page++) {
      const bytes = this.#pages.get(page);
      if (!bytes) return null;
      const pageStart = page * PAGE_BYTES;
      const from = Math.max(start, pageStart);
      const to = Math.min(end, pageStart + bytes.length);
      if (to > from) out.set(bytes.subarray(from - pageStart, to - pageStart), from - start);
    }
    return out;
  }

  dispose(): void {
    this.#disposed = true;
  }

  #pageSpan(start: number, end: number): { first: number; last: number } {
    const first = Math.floor(Math.max(0, start) / PAGE_BYTES);
    const last = Math.floor(Math.max(start, Math.min(end, this.size) - 1) / PAGE_BYTES);
    return { first, last };
  }

  async #load(page: number, near: number): Promise<void> {
    this.#pending.add(page);
    const offset = page * PAGE_BYTES;
    const length = Math.min(PAGE_BYTES, this.size - offset);
    const result = await settle(() => this.#read(this.seq, offset, length), 'Reading the entry');
    this.#pending.delete(page);
    if (this.#disposed) return;
    if (!result.ok) {
      this.#error = result.error;
      return;
    }
    this.#pages.set(page, result.value.bytes);
    this.#evictFarFrom(near);
    this.#error = null;
    this.#version += 1;
  }

  #evictFarFrom(near: number): void {
    while (this.#pages.size > MAX_CACHED_PAGES) {
      let farthest = near;
      for (const page of this.#pages.keys()) {
        if (Math.abs(page - near) > Math.abs(farthest - near)) farthest = page;
      }
      this.#pages.delete(farthest);
    }
  }
}
