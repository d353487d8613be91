// Reading many entries' bytes at once, wherever they are: in the log's memory, or in its spill
// file, where entries that follow each other come back in one read.

import { m } from '../../shared/i18n/paraglide/messages.js';
import { CodedError } from '../errors.js';
import type { ChunkStore } from './chunk-store.js';
import type { EntryIndex, IndexView } from './entry-index.js';

/** The most one read from the spill file fetches for a run of adjacent entries. */
const MAX_RUN_BYTES = 4 * 1024 * 1024;

/** Where an entry's bytes are, as the log knows it. */
export interface EntryBytesSource {
  size(seq: number): number;
  /** Where the entry's bytes start in the spill file; -1 while they are in memory. */
  filePos(seq: number): number;
  /** A copy of the first `want` bytes of an entry in memory. */
  fromMemory(seq: number, want: number): Uint8Array;
  fromFile(position: number, length: number): Promise<Uint8Array>;
}

/**
 * The bytes of each seq (with maxBytes, a prefix), each its own copy: chunk memory is used
 * again once written, and a transport that clones a view clones its whole buffer. A scan that
 * uses the bytes at once passes copy = false and gets views. Entries in
 * memory are taken synchronously, before any await, so a write finishing meanwhile cannot hide
 * them; adjacent spilled entries come back in one read.
 */
export async function fetchEntryBytes(seqs: number[], maxBytes: number | undefined, src: EntryBytesSource, copy = true): Promise<Uint8Array[]> {
  const out: Uint8Array[] = new Array<Uint8Array>(seqs.length);
  const reads: Promise<void>[] = [];
  const wanted = (seq: number): number => {
    const size = src.size(seq);
    return maxBytes !== undefined && maxBytes < size ? Math.max(0, maxBytes) : size;
  };
  let i = 0;
  while (i < seqs.length) {
    const seq = seqs[i]!;
    const want = wanted(seq);
    const position = want === 0 ? -1 : src.filePos(seq);
    if (position < 0) {
      out[i] = want === 0 ? new Uint8Array(0) : src.fromMemory(seq, want);
      i++;
      continue;
    }
    const first = i;
    const wants = [want];
    let length = want;
    let next = position + src.size(seq);
    i++;
    // Extend the run while the previous entry was wanted whole and the next one follows it.
    while (i < seqs.length && wants[wants.length - 1] === src.size(seqs[i - 1]!) && length < MAX_RUN_BYTES) {
      const s = seqs[i]!;
      const want2 = wanted(s);
      if (want2 === 0 || src.filePos(s) !== next) break;
      wants.push(want2);
      length += want2;
      next += src.size(s);
      i++;
    }
    reads.push(
      src.fromFile(position, length).then((run) => {
        let at = 0;
        wants.forEach((w, k) => {
          // Copies when the run holds several entries, so no entry pins the others' bytes.
          out[first + k] = wants.length === 1 ? run : copy ? run.slice(at, at + w) : run.subarray(at, at + w);
          at += w;
        });
      }),
    );
  }
  await Promise.all(reads);
  return out;
}

/** Bytes [offset, offset + length) of entry `entrySeq` of a log (numbered from firstSeq), clipped to its size. */
export async function readEntryBytes(e: EntryIndex, store: ChunkStore, firstSeq: number, entrySeq: number, offset: number, length: number): Promise<{ bytes: Uint8Array; size: number }> {
  const seq = entrySeq - firstSeq;
  const count = e.count;
  if (Number.isInteger(entrySeq) && seq < 0 && entrySeq >= 0) {
    throw new CodedError('NO_SUCH_ENTRY', m.e_log_entry_was_cleared_the_log({ entrySeq, firstSeq }));
  }
  if (!Number.isInteger(seq) || seq < 0 || seq >= count) {
    throw new CodedError('NO_SUCH_ENTRY', m.e_there_is_no_log_entry_the({ entrySeq, count }));
  }
  const view = await e.view([seq]);
  const page = view.page(seq);
  const i = seq & 0xffff;
  // The page's values are read now, before any await: then it may be let go.
  const [size, at, chunkId] = [page.size[i]!, page.at[i]!, page.chunk[i]!];
  const position = store.filePos(chunkId, at);
  view.release();
  const start = Math.min(Math.max(0, offset), size);
  const end = Math.min(size, start + Math.max(0, length));
  if (end === start) return { bytes: new Uint8Array(0), size };
  if (position < 0) return { bytes: store.chunk(chunkId).mem!.slice(at + start, at + end), size };
  return { bytes: await store.spill!.read(position + start, end - start), size };
}

/** The bytes of each seq of a log whose index pages `view` holds (see fetchEntryBytes). */
export function fetchViewBytes(store: ChunkStore, view: IndexView, seqs: number[], maxBytes?: number, copy = true): Promise<Uint8Array[]> {
  return fetchEntryBytes(
    seqs,
    maxBytes,
    {
      size: (seq) => view.page(seq).size[seq & 0xffff]!,
      filePos: (seq) => store.filePos(view.page(seq).chunk[seq & 0xffff]!, view.page(seq).at[seq & 0xffff]!),
      fromMemory: (seq, want) => {
        const page = view.page(seq);
        const at = page.at[seq & 0xffff]!;
        const mem = store.chunk(page.chunk[seq & 0xffff]!).mem!;
        return copy ? mem.slice(at, at + want) : mem.subarray(at, at + want);
      },
      fromFile: (position, length) => store.spill!.read(position, length),
    },
    copy,
  );
}
