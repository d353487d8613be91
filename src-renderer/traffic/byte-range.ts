// A part of an entry's bytes seen as bytes of its own (e.g. a packet's payload after its IP
// header), so the hex and text dumps show it from offset 0 while pages still come from main.
import type { EntryBytes } from './entry-bytes.svelte.js';

/** What the dumps need of an entry's bytes. */
export type ByteSource = Pick<EntryBytes, 'size' | 'ensure' | 'slice'>;

/** Bytes [offset, source.size) of `source`, addressed from 0. */
export function bytesAfter(source: ByteSource, offset: number): ByteSource {
  const start = Math.min(Math.max(0, offset), source.size);
  return {
    size: source.size - start,
    ensure: (from, to) => source.ensure(start + from, start + to),
    slice: (from, to) => source.slice(start + from, start + Math.min(to, source.size - start)),
  };
}
