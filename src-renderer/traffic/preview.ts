// The one-line preview of a log entry in the chosen view.
import type { LogEntry, TextEncoding } from '$shared/contract.js';
import { previewHex, previewText } from '$shared/codec/render.js';
import { formatTime } from '../session/format.js';
import type { ByteView, TimeMode } from './traffic-view.svelte.js';

/** Bytes shown as hex in a row; more would not fit on one line anyway. */
const HEX_PREVIEW_BYTES = 48;
/** Characters shown as text in a row. */
const TEXT_PREVIEW_CHARS = 160;
const ELLIPSIS = '…';

export function entryPreview(entry: LogEntry, view: ByteView, encoding: TextEncoding): string {
  if (entry.size === 0) return '(empty)';
  // A delimiter the framing hides ("Keep delimiter" off) is left out.
  const size = entry.size - (entry.trail ?? 0);
  const bytes = entry.bytes.length > size ? entry.bytes.subarray(0, size) : entry.bytes;
  if (size === 0) return '(empty line)';
  const text = view === 'hex' ? previewHex(bytes, HEX_PREVIEW_BYTES) : previewText(bytes, encoding, TEXT_PREVIEW_CHARS);
  // The row holds only the entry's first bytes: say so when the preview itself could not tell.
  const cut = bytes.length < size && !text.endsWith(ELLIPSIS);
  return cut ? `${text} ${ELLIPSIS}` : text;
}

/** The Time column: the clock, seconds since the first entry, or milliseconds since the row before (µs shown). */
export function entryTime(ts: number, mode: TimeMode, start: number | null, previous: number | null): string {
  if (mode === 'clock') return formatTime(ts);
  const since = mode === 'start' ? start : previous;
  if (since === null) return '…';
  const ms = ts - since;
  return mode === 'start' ? `+${(ms / 1000).toFixed(6)} s` : `+${ms.toFixed(3)} ms`;
}
