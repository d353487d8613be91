// Where a Find query matches inside one entry's bytes: the byte range the entry detail marks.
// The same rules as the search in main (log-search.ts): text is encoded in the query's encoding
// and found as bytes; ignore-case text and regex run on the decoded text.
import { m } from '../i18n/paraglide/messages.js';
import type { FindQuery, Result } from '../contract.js';
import { indexOf } from './find-bytes.js';
import { parseHex } from './hex.js';
import { compileRegex, escapeRegex } from './regex.js';
import { decodeEach, encodeText } from './text-encoding.js';

/** What a query looks for: bytes (hex, or text in its encoding), or a regex over the decoded text. */
export type CompiledFind = { needle: Uint8Array } | { regex: RegExp };

/** A query ready to look for, or what is wrong with it in words (the messages start "Find:"). */
export function compileFind(query: FindQuery): Result<CompiledFind> {
  if (query.mode === 'hex') {
    const needle = parseHex(query.pattern);
    if (!needle.ok) return { ok: false, error: { code: needle.error.code, message: `${m.menu_find()}: ${needle.error.message.replace(m.nothing_was_sent_clause(), '')}` } };
    if (needle.value.length === 0) return { ok: false, error: { code: 'INVALID_HEX', message: m.find_one_byte() } };
    return { ok: true, value: { needle: needle.value } };
  }
  if (query.mode === 'text' && !query.ignoreCase) {
    const needle = encodeText(query.pattern, query.encoding);
    if (!needle.ok) return { ok: false, error: { code: needle.error.code, message: `${m.menu_find()}: ${needle.error.message.replace(m.nothing_was_sent_clause(), '')}` } };
    return { ok: true, value: { needle: needle.value } };
  }
  const source = query.mode === 'regex' ? query.pattern : escapeRegex(query.pattern);
  const regex = compileRegex(source, query.ignoreCase ? 'iu' : 'u', m.menu_find());
  return regex.ok ? { ok: true, value: { regex: regex.value } } : regex;
}

export interface ByteRange {
  start: number;
  end: number;
}

/** The first match of `query` in `bytes`, or null (also for a query that does not compile). */
export function findMatch(bytes: Uint8Array, query: FindQuery): ByteRange | null {
  const compiled = compileFind(query);
  if (!compiled.ok) return null;
  if ('needle' in compiled.value) {
    const needle = compiled.value.needle;
    const at = indexOf(bytes, needle, 0);
    return at < 0 ? null : { start: at, end: at + needle.length };
  }
  const regex = compiled.value.regex;
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
