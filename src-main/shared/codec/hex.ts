// Hex text <-> bytes. parseHex accepts what people paste from dumps, C arrays and protocol specs
// ("48 65", "0x48,0x65", "48:65", "DEADBEEF", "0xdead"); a byte never spans a separator, so
// "4 8" is an error rather than a silent 0x48.
import { m } from '../i18n/paraglide/messages.js';
import type { Result } from '../contract.js';
import { charPosition, quoteChar } from './text-position.js';

/** Nibble value of each ASCII code, or -1. */
const NIBBLE = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < 10; i++) table[0x30 + i] = i;
  for (let i = 0; i < 6; i++) {
    table[0x41 + i] = 10 + i;
    table[0x61 + i] = 10 + i;
  }
  return table;
})();

/** "00".."FF": one lookup per byte instead of toString(16) + padStart + toUpperCase. */
export const HEX_PAIRS: readonly string[] = Array.from({ length: 256 }, (_, b) =>
  b.toString(16).toUpperCase().padStart(2, '0'),
);

/** The same pairs as ASCII codes, for writing hex straight into a byte buffer. */
const HEX_DIGIT_CODES = new TextEncoder().encode('0123456789ABCDEF');

const GROUP_QUOTE_MAX = 16;

/** Whitespace as JavaScript's \s knows it (pasted text often carries no-break spaces). */
export function isWhitespace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

function isSeparator(c: number): boolean {
  // , : - ;
  return c === 0x2c || c === 0x3a || c === 0x2d || c === 0x3b || isWhitespace(c);
}

function hexError(message: string): Result<Uint8Array> {
  return { ok: false, error: { code: 'INVALID_HEX', message: m.hex_invalid({ message }) } };
}

function quoteGroup(text: string, start: number, end: number): string {
  const group = text.slice(start, end);
  return group.length <= GROUP_QUOTE_MAX ? `"${group}"` : `"${group.slice(0, GROUP_QUOTE_MAX)}…"`;
}

/**
 * Parses tolerant hex text into bytes. Digit groups are separated by whitespace , : - or ;
 * and may each start with 0x or 0X; every group needs an even number of digits.
 * Empty (or separator-only) text gives empty bytes.
 */
export function parseHex(text: string): Result<Uint8Array> {
  const n = text.length;
  // Every byte takes at least two characters, so this never overflows.
  const out = new Uint8Array(n >>> 1);
  let o = 0;
  let groupStart = -1; // index of the group's first character (its 0x, if any), -1 between groups
  let digitsStart = -1; // index of the group's first digit
  let pending = -1; // high nibble waiting for its partner
  let pendingAt = 0;

  const endGroup = (): Result<Uint8Array> | null => {
    if (groupStart < 0) return null;
    if (digitsStart < 0) {
      return hexError(m.hex_no_digits_after({ prefix: text.slice(groupStart, groupStart + 2), at: charPosition(text, groupStart) }));
    }
    if (pending >= 0) {
      const count = pendingAt - digitsStart + 1;
      return hexError(m.hex_odd_digits({ count, group: quoteGroup(text, groupStart, pendingAt + 1), digit: text[pendingAt] ?? '', at: charPosition(text, pendingAt) }));
    }
    groupStart = -1;
    digitsStart = -1;
    return null;
  };

  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? NIBBLE[c]! : -1;
    if (v >= 0) {
      if (groupStart < 0) {
        groupStart = i;
        const next = text.charCodeAt(i + 1);
        if (c === 0x30 && (next === 0x78 || next === 0x58)) {
          i++; // skip the x of the 0x prefix
          continue;
        }
      }
      if (digitsStart < 0) digitsStart = i;
      if (pending < 0) {
        pending = v;
        pendingAt = i;
      } else {
        out[o++] = (pending << 4) | v;
        pending = -1;
      }
    } else if (isSeparator(c)) {
      const failure = endGroup();
      if (failure) return failure;
    } else {
      return hexError(m.hex_not_digit({ char: quoteChar(text, i), at: charPosition(text, i) }));
    }
  }
  const failure = endGroup();
  if (failure) return failure;
  // A copy, so a mostly-separators input does not pin a buffer twice the size of its bytes.
  return { ok: true, value: o === out.length ? out : out.slice(0, o) };
}

/** Bytes as uppercase hex pairs joined by `separator` ("48 65 6C"). */
export function toHex(bytes: Uint8Array, separator = ' '): string {
  const n = bytes.length;
  if (n === 0) return '';
  if (n <= 64) {
    let s = HEX_PAIRS[bytes[0]!]!;
    for (let i = 1; i < n; i++) s += separator + HEX_PAIRS[bytes[i]!]!;
    return s;
  }
  // Large inputs: write UTF-8 into one buffer and decode once, which beats joining millions
  // of little strings by a wide margin.
  const sep = new TextEncoder().encode(separator);
  const stride = 2 + sep.length;
  const buf = new Uint8Array(n * stride - sep.length);
  let o = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      for (let k = 0; k < sep.length; k++) buf[o++] = sep[k]!;
    }
    const b = bytes[i]!;
    buf[o++] = HEX_DIGIT_CODES[b >>> 4]!;
    buf[o++] = HEX_DIGIT_CODES[b & 15]!;
  }
  return new TextDecoder().decode(buf);
}
