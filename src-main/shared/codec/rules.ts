// Reply rules, compiled: which frames a rule matches, what it captured, and the reply text with
// the captures put in. Pure: main runs them on received frames, the renderer checks a rule as it
// is typed with the same code.
import { m } from '../i18n/paraglide/messages.js';
import type { Result, Rule, TextEncoding } from '../contract.js';
import { indexOf } from './find-bytes.js';
import { toHex } from './hex.js';
import { compileRegex, requiredAsciiPrefix } from './regex.js';
import { decodeTextFast, encodeText } from './text-encoding.js';

/**
 * What a match captured, as a regular expression's match has it (a regex rule's is that match,
 * nothing copied): [0] the whole match, [1]... the numbered groups (undefined: a group that took
 * no part), `groups` the named ones.
 */
export interface Captures extends ArrayLike<string | undefined> {
  readonly groups?: Readonly<Record<string, string | undefined>> | undefined;
}

export interface CompiledRule {
  readonly rule: Rule;
  /** Bytes every frame it matches contains (a 256-bit set, see byteSet), or null: frames without them are passed over untried. */
  readonly needs: Uint32Array | null;
  /**
   * The captures when the frame matches, else null. `text` is the frame decoded in the rule's
   * encoding, asked for only by rules that need it (callers decode once for all their rules).
   */
  match(bytes: Uint8Array, text?: () => string): Captures | null;
}

/** Encodings in which an ASCII character of decoded text always comes from its ASCII byte. */
const ASCII_TEXT: ReadonlySet<TextEncoding> = new Set<TextEncoding>(['utf-8', 'ascii', 'latin1', 'gb18030', 'big5', 'shift_jis', 'euc-jp', 'euc-kr', 'windows-1250', 'windows-1251', 'windows-1252', 'koi8-r', 'iso-8859-2', 'iso-8859-5', 'iso-8859-15', 'cp437']);

/** The set of byte values in `bytes` (256 bits), or null for none. */
export function byteSet(bytes: ArrayLike<number | null>, into = new Uint32Array(8)): Uint32Array | null {
  into.fill(0);
  let any = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === null || b === undefined) continue;
    into[b >>> 5]! |= 1 << (b & 31);
    any = true;
  }
  return any ? into : null;
}

/** Every byte of `needs` is in `has`. */
export function covers(has: Uint32Array, needs: Uint32Array): boolean {
  for (let k = 0; k < 8; k++) if ((has[k]! & needs[k]!) !== needs[k]) return false;
  return true;
}

/** A hex pattern: bytes, and null for each ?? (any byte). */
function parseHexPattern(pattern: string): Result<(number | null)[]> {
  const out: (number | null)[] = [];
  const re = /\S+/g;
  for (let match = re.exec(pattern); match; match = re.exec(pattern)) {
    const token = match[0].replace(/^0x/i, '').replace(/,$/, '');
    if (token.length % 2 === 1) return hexError(pattern, match.index, m.hexpat_not_whole({ token: match[0] }));
    for (let i = 0; i < token.length; i += 2) {
      const pair = token.slice(i, i + 2);
      if (pair === '??') out.push(null);
      else if (/^[0-9a-f]{2}$/i.test(pair)) out.push(parseInt(pair, 16));
      else return hexError(pattern, match.index + i, m.hexpat_not_byte({ pair }));
    }
  }
  if (out.length === 0) return { ok: false, error: { code: 'INVALID_HEX', message: m.hexpat_empty() } };
  return { ok: true, value: out };
}

function hexError(pattern: string, at: number, why: string): Result<never> {
  return { ok: false, error: { code: 'INVALID_HEX', message: m.hexpat_error({ why, at: [...pattern.slice(0, at)].length + 1 }) } };
}

/** Where a hex pattern (with wildcards) first matches in `bytes`, or -1. */
function hexMatch(bytes: Uint8Array, pattern: (number | null)[]): number {
  const n = pattern.length;
  for (let i = 0; i + n <= bytes.length; i++) {
    let k = 0;
    while (k < n && (pattern[k] === null || pattern[k] === bytes[i + k])) k++;
    if (k === n) return i;
  }
  return -1;
}

function same(a: Uint8Array, b: Uint8Array, at: number): boolean {
  if (at < 0 || at + b.length > a.length) return false;
  for (let i = 0; i < b.length; i++) if (a[at + i] !== b[i]) return false;
  return true;
}

/** A rule ready to match frames, or its pattern's error in words (with the position). */
export function compileRule(rule: Rule, encoding: TextEncoding): Result<CompiledRule> {
  const captured = (whole: string): Captures => [whole];
  switch (rule.when) {
    case 'regex': {
      const regex = compileRegex(rule.pattern, 'u', m.pattern());
      if (!regex.ok) return regex;
      const re = regex.value;
      const prefix = requiredAsciiPrefix(rule.pattern);
      const needs = prefix && ASCII_TEXT.has(encoding) ? byteSet(Array.from(prefix, (c) => c.charCodeAt(0))) : null;
      return {
        ok: true,
        value: {
          rule,
          needs,
          match: (bytes, text) => {
            const m = re.exec(text ? text() : decodeTextFast(bytes, encoding));
            // The match itself: nothing is copied for a rule that may not use it.
            return m;
          },
        },
      };
    }
    case 'hex': {
      const parsed = parseHexPattern(rule.pattern);
      if (!parsed.ok) return parsed;
      const pattern = parsed.value;
      return {
        ok: true,
        value: {
          rule,
          needs: byteSet(pattern),
          match: (bytes) => {
            const at = hexMatch(bytes, pattern);
            return at < 0 ? null : captured(toHex(bytes.subarray(at, at + pattern.length)));
          },
        },
      };
    }
    default: {
      const needle = encodeText(rule.pattern, encoding);
      if (!needle.ok) return { ok: false, error: { code: needle.error.code, message: `${m.pattern()}: ${needle.error.message.replace(m.nothing_was_sent_clause(), '')}` } };
      const n = needle.value;
      const found = (bytes: Uint8Array): boolean => {
        switch (rule.when) {
          case 'equals':
            return bytes.length === n.length && same(bytes, n, 0);
          case 'starts-with':
            return same(bytes, n, 0);
          case 'ends-with':
            return same(bytes, n, bytes.length - n.length);
          default:
            return n.length === 0 || indexOf(bytes, n, 0) >= 0;
        }
      };
      return { ok: true, value: { rule, needs: byteSet(n), match: (bytes) => (found(bytes) ? captured(rule.pattern) : null) } };
    }
  }
}
