// Where a Find query matches inside one entry's bytes: the byte range the entry detail marks.
// The same rules as the search in main (log-search.ts): text is encoded in the query's encoding
// and found as bytes; ignore-case text and regex run on the decoded text.
import type { FindQuery } from '../contract.js';
import { indexOf } from './find-bytes.js';
import { parseHex } from './hex.js';
import { decodeEach, encodeText } from './text-encoding.js';

export interface ByteRange {
  start: number;
  end: number;
}

/** The first match of `query` in `bytes`, or null (also for a query that does not compile). */
export function findMatch(bytes: Uint8Array, query: FindQuery): ByteRange | null {
  if (query.mode === 'hex' || (query.mode === 'text' && !query.ignoreCase)) {
    const needle = query.mode === 'hex' ? parseHex(query.pattern) : encodeText(query.pattern, query.encoding);
    if (!needle.ok || needle.value.length === 0) return null;
    const at = indexOf(bytes, needle.value, 0);
    return at < 0 ? null : { start: at, end: at + needle.value.length };
  }
  let regex: RegExp;
  try {
    const source = query.mode === 'regex' ? query.pattern : query.pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    regex = new RegExp(source, query.ignoreCase ? 'iu' : 'u');
  } catch {
    return null;
  }
  // The decoded text, and for each of its UTF-16 units the byte it came from.
  let text = '';
  const from: number[] = [];
  decodeEach(
    bytes,
    query.encoding,
    (ch, start) => {
      text += ch;
      for (let k = 0; k < ch.length; k++) from.push(start);
    },
    (b, at) => {
      const escape = `\\x${b.toString(16).toUpperCase().padStart(2, '0')}`;
      text += escape;
      for (let k = 0; k < escape.length; k++) from.push(at);
    },
  );
  const m = regex.exec(text);
  if (!m) return null;
  const start = from[m.index] ?? bytes.length;
  const endUnit = m.index + m[0].length;
  return { start, end: endUnit < from.length ? from[endUnit]! : bytes.length };
}
