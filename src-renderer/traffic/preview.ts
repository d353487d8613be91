// The one-line preview of a log entry in the chosen view.
import type { LogEntry } from '$shared/contract.js';
import { previewHex, previewText, type TextEncodingName } from '$shared/codec/render.js';
import type { ByteView } from './traffic-view.svelte.js';

/** Bytes shown as hex in a row; more would not fit on one line anyway. */
const HEX_PREVIEW_BYTES = 48;
/** Characters shown as text in a row. */
const TEXT_PREVIEW_CHARS = 160;
const ELLIPSIS = '…';

export function entryPreview(entry: LogEntry, view: ByteView, encoding: TextEncodingName): string {
  if (entry.size === 0) return '(empty)';
  const text = view === 'hex' ? previewHex(entry.bytes, HEX_PREVIEW_BYTES) : previewText(entry.bytes, encoding, TEXT_PREVIEW_CHARS);
  // The row holds only the entry's first bytes: say so when the preview itself could not tell.
  const cut = entry.bytes.length < entry.size && !text.endsWith(ELLIPSIS);
  return cut ? `${text} ${ELLIPSIS}` : text;
}
