// Reply rules, compiled: which frames a rule matches, what it captured, and the reply text with
// the captures put in. Pure: main runs them on received frames, the renderer checks a rule as it
// is typed with the same code.
import type { Result, Rule, TextEncoding } from '../contract.js';
import { indexOf } from './find-bytes.js';
import { toHex } from './hex.js';
import { compileRegex } from './regex.js';
import { decodeTextFast, encodeText } from './text-encoding.js';

/** What a match captured: $0 the whole match, $1... the numbered groups, ${name} the named ones. */
export interface Captures {
  groups: string[];
  named: Record<string, string>;
}

export interface CompiledRule {
  readonly rule: Rule;
  /**
   * The captures when the frame matches, else null. `text` is the frame decoded in the rule's
   * encoding, asked for only by rules that need it (callers decode once for all their rules).
   */
  match(bytes: Uint8Array, text?: () => string): Captures | null;
}

/** A hex pattern: bytes, and null for each ?? (any byte). */
function parseHexPattern(pattern: string): Result<(number | null)[]> {
  const out: (number | null)[] = [];
  const re = /\S+/g;
  for (let m = re.exec(pattern); m; m = re.exec(pattern)) {
    const token = m[0].replace(/^0x/i, '').replace(/,$/, '');
    if (token.length % 2 === 1) return hexError(pattern, m.index, `"${m[0]}" is not whole bytes`);
    for (let i = 0; i < token.length; i += 2) {
      const pair = token.slice(i, i + 2);
      if (pair === '??') out.push(null);
      else if (/^[0-9a-f]{2}$/i.test(pair)) out.push(parseInt(pair, 16));
      else return hexError(pattern, m.index + i, `"${pair}" is neither a hex byte nor ??`);
    }
  }
  if (out.length === 0) return { ok: false, error: { code: 'INVALID_HEX', message: 'Hex pattern: type at least one byte, e.g. 01 03 ?? ??.' } };
  return { ok: true, value: out };
}

function hexError(pattern: string, at: number, why: string): Result<never> {
  return { ok: false, error: { code: 'INVALID_HEX', message: `Hex pattern: ${why} at position ${[...pattern.slice(0, at)].length + 1}.` } };
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
  const captured = (whole: string): Captures => ({ groups: [whole], named: {} });
  switch (rule.when) {
    case 'regex': {
      const regex = compileRegex(rule.pattern, 'u', 'Pattern');
      if (!regex.ok) return regex;
      const re = regex.value;
      return {
        ok: true,
        value: {
          rule,
          match: (bytes, text) => {
            const m = re.exec(text ? text() : decodeTextFast(bytes, encoding));
            if (!m) return null;
            const named: Record<string, string> = Object.create(null) as Record<string, string>;
            for (const [k, val] of Object.entries(m.groups ?? {})) named[k] = val ?? '';
            return { groups: Array.from(m, (g) => g ?? ''), named };
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
          match: (bytes) => {
            const at = hexMatch(bytes, pattern);
            return at < 0 ? null : captured(toHex(bytes.subarray(at, at + pattern.length)));
          },
        },
      };
    }
    default: {
      const needle = encodeText(rule.pattern, encoding);
      if (!needle.ok) return { ok: false, error: { code: needle.error.code, message: `Pattern: ${needle.error.message.replace(/; nothing was sent\./, '.')}` } };
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
      return { ok: true, value: { rule, match: (bytes) => (found(bytes) ? captured(rule.pattern) : null) } };
    }
  }
}

/**
 * The reply text with captures put in: $0..$9 (numbered groups), ${name} (named groups), $$ for
 * a dollar sign. A group the match does not have is an error naming it and its position.
 */
export function fillCaptures(template: string, captures: Captures): Result<string> {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c !== '$') {
      out += c;
      continue;
    }
    const next = template[i + 1];
    if (next === '$') {
      out += '$';
      i++;
    } else if (next !== undefined && next >= '0' && next <= '9') {
      const k = Number(next);
      if (k >= captures.groups.length) return captureError(`$${k}`, template, i, `the pattern has ${captures.groups.length - 1} numbered groups`);
      out += captures.groups[k];
      i++;
    } else if (next === '{') {
      const end = template.indexOf('}', i + 2);
      const name = end < 0 ? '' : template.slice(i + 2, end);
      if (!Object.hasOwn(captures.named, name)) return captureError(`\${${name}}`, template, i, 'the pattern has no group of that name');
      out += captures.named[name];
      i = end;
    } else {
      out += c;
    }
  }
  return { ok: true, value: out };
}

function captureError(what: string, template: string, at: number, why: string): Result<never> {
  return { ok: false, error: { code: 'INVALID_PAYLOAD', message: `Reply: ${what} at position ${[...template.slice(0, at)].length + 1}: ${why}.` } };
}
