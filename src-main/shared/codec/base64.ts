// Base64 <-> bytes. parseBase64 is the forgiving one for what a user types or pastes;
// bytesToBase64/base64ToBytes are the strict pair of the WebSocket wire format, written as
// table-driven loops because btoa/atob need a binary string, which costs more than the work.
import { m } from '../i18n/paraglide/messages.js';
import type { Result } from '../contract.js';
import { charPosition, quoteChar } from './text-position.js';
import { isWhitespace } from './hex.js';

const STANDARD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const PAD = 0x3d; // '='

const ENCODE = new TextEncoder().encode(STANDARD);

/** Sextet value of each ASCII code in the standard alphabet, or -1. */
const DECODE_STANDARD = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < 64; i++) table[STANDARD.charCodeAt(i)] = i;
  return table;
})();

/** Both alphabets: standard (+/) and URL-safe (-_). */
const DECODE_ANY = (() => {
  const table = Int8Array.from(DECODE_STANDARD);
  table[0x2d] = 62; // '-'
  table[0x5f] = 63; // '_'
  return table;
})();

function base64Error(message: string): Result<Uint8Array> {
  return { ok: false, error: { code: 'INVALID_BASE64', message: m.b64_invalid({ message }) } };
}

/**
 * Parses base64 as people paste it: whitespace anywhere, the standard (+/) or URL-safe (-_)
 * alphabet, padding optional (but when present it must be right). Leftover bits in the last
 * character are ignored, as most decoders do.
 */
export function parseBase64(text: string): Result<Uint8Array> {
  const n = text.length;
  const out = new Uint8Array(Math.ceil((n * 3) / 4));
  let o = 0;
  let acc = 0;
  let sextets = 0; // data characters seen
  let padding = 0;
  let firstPadAt = -1;

  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? DECODE_ANY[c]! : -1;
    if (v >= 0) {
      if (padding > 0) {
        return base64Error(
          m.b64_padding_middle({ at: charPosition(text, firstPadAt) }),
        );
      }
      acc = (acc << 6) | v;
      sextets++;
      if ((sextets & 3) === 0) {
        out[o++] = (acc >> 16) & 0xff;
        out[o++] = (acc >> 8) & 0xff;
        out[o++] = acc & 0xff;
        acc = 0;
      }
    } else if (c === PAD) {
      if (padding === 0) firstPadAt = i;
      padding++;
    } else if (!isWhitespace(c)) {
      return base64Error(m.b64_not_char({ char: quoteChar(text, i), at: charPosition(text, i) }));
    }
  }

  const rest = sextets & 3;
  if (rest === 1) {
    return base64Error(
      m.b64_one_over({ sextets }),
    );
  }
  if (padding > 0) {
    const expected = rest === 0 ? 0 : 4 - rest;
    if (padding !== expected) {
      return base64Error(expected === 0 ? m.b64_padding_none({ padding, sextets }) : m.b64_padding_wanted({ padding, sextets, expected }));
    }
  }
  if (rest === 2) {
    out[o++] = (acc >> 4) & 0xff;
  } else if (rest === 3) {
    out[o++] = (acc >> 10) & 0xff;
    out[o++] = (acc >> 2) & 0xff;
  }
  return { ok: true, value: o === out.length ? out : out.slice(0, o) };
}

/** Standard base64 with padding. */
export function bytesToBase64(bytes: Uint8Array): string {
  const n = bytes.length;
  const buf = new Uint8Array(Math.ceil(n / 3) * 4);
  let o = 0;
  let i = 0;
  for (const whole = n - (n % 3); i < whole; i += 3) {
    const t = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    buf[o++] = ENCODE[t >> 18]!;
    buf[o++] = ENCODE[(t >> 12) & 63]!;
    buf[o++] = ENCODE[(t >> 6) & 63]!;
    buf[o++] = ENCODE[t & 63]!;
  }
  if (n - i === 1) {
    const t = bytes[i]!;
    buf[o] = ENCODE[t >> 2]!;
    buf[o + 1] = ENCODE[(t & 3) << 4]!;
    buf[o + 2] = PAD;
    buf[o + 3] = PAD;
  } else if (n - i === 2) {
    const t = (bytes[i]! << 8) | bytes[i + 1]!;
    buf[o] = ENCODE[t >> 10]!;
    buf[o + 1] = ENCODE[(t >> 4) & 63]!;
    buf[o + 2] = ENCODE[(t & 15) << 2]!;
    buf[o + 3] = PAD;
  }
  return asciiToString(buf);
}

/** Strict standard base64 (padded, no whitespace, no URL-safe characters); throws on anything else. */
export function base64ToBytes(text: string): Uint8Array {
  const n = text.length;
  if (n % 4 !== 0) throw new Error(`Invalid base64: length ${n} is not a multiple of 4.`);
  if (n === 0) return new Uint8Array(0);
  const padding = text.charCodeAt(n - 1) === PAD ? (text.charCodeAt(n - 2) === PAD ? 2 : 1) : 0;
  const out = new Uint8Array((n / 4) * 3 - padding);
  const end = n - 4; // the last quartet may carry padding
  let o = 0;
  for (let i = 0; i < end; i += 4) {
    const t = (sextet(text, i) << 18) | (sextet(text, i + 1) << 12) | (sextet(text, i + 2) << 6) | sextet(text, i + 3);
    out[o++] = t >> 16;
    out[o++] = (t >> 8) & 0xff;
    out[o++] = t & 0xff;
  }
  const a = sextet(text, end);
  const b = sextet(text, end + 1);
  out[o] = (a << 2) | (b >> 4);
  if (padding < 2) {
    const c = sextet(text, end + 2);
    out[o + 1] = ((b & 15) << 4) | (c >> 2);
    if (padding < 1) out[o + 2] = ((c & 3) << 6) | sextet(text, end + 3);
  }
  return out;
}

function sextet(text: string, i: number): number {
  const c = text.charCodeAt(i);
  const v = c < 128 ? DECODE_STANDARD[c]! : -1;
  if (v < 0) throw new Error(`Invalid base64: character ${i + 1} (code ${c}) is not in the standard alphabet.`);
  return v;
}

const decoder = new TextDecoder();

/** One native decode of an all-ASCII buffer: far cheaper than String.fromCharCode in chunks. */
function asciiToString(buf: Uint8Array): string {
  return decoder.decode(buf);
}
