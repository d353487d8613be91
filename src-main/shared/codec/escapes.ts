// Text with backslash escapes -> bytes. Plain characters are encoded (UTF-8 unless told); \xHH is one raw byte,
// so "\xFF" sends 0xFF (not the two UTF-8 bytes of U+00FF), which is what a protocol tester means.
import { m } from '../i18n/paraglide/messages.js';
import type { Result, TextEncoding } from '../contract.js';
import { charAt, charPosition, codePointName, quoteChar } from './text-position.js';
import { encodeText } from './text-encoding.js';

const BACKSLASH = 0x5c;

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  r: 0x0d,
  n: 0x0a,
  t: 0x09,
  '0': 0x00,
  '\\': 0x5c,
  '"': 0x22,
  "'": 0x27,
};



/** A byte buffer that doubles as it fills, so the common all-ASCII text costs one allocation. */
class ByteWriter {
  private buf: Uint8Array;
  length = 0;

  constructor(capacity: number) {
    this.buf = new Uint8Array(Math.max(16, capacity));
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.length + extra));
    grown.set(this.buf.subarray(0, this.length));
    this.buf = grown;
  }

  byte(b: number): void {
    if (this.length === this.buf.length) this.reserve(1);
    this.buf[this.length++] = b;
  }

  codePoint(cp: number, _at?: number): void {
    if (cp < 0x80) return this.byte(cp);
    this.reserve(4);
    const buf = this.buf;
    if (cp < 0x80) {
      buf[this.length++] = cp;
    } else if (cp < 0x800) {
      buf[this.length++] = 0xc0 | (cp >> 6);
      buf[this.length++] = 0x80 | (cp & 0x3f);
    } else if (cp < 0x10000) {
      buf[this.length++] = 0xe0 | (cp >> 12);
      buf[this.length++] = 0x80 | ((cp >> 6) & 0x3f);
      buf[this.length++] = 0x80 | (cp & 0x3f);
    } else {
      buf[this.length++] = 0xf0 | (cp >> 18);
      buf[this.length++] = 0x80 | ((cp >> 12) & 0x3f);
      buf[this.length++] = 0x80 | ((cp >> 6) & 0x3f);
      buf[this.length++] = 0x80 | (cp & 0x3f);
    }
  }

  finish(): Result<Uint8Array> {
    return { ok: true, value: this.length === this.buf.length ? this.buf : this.buf.slice(0, this.length) };
  }
}

/**
 * Characters in another encoding than UTF-8: runs of characters are encoded whole (through
 * text-encoding.ts), raw bytes (\xHH) go between them as they are.
 */
class EncodingWriter {
  readonly #parts: Uint8Array[] = [];
  #run = '';
  /** Where each character of the run was typed (for the position of an unencodable one). */
  #at: number[] = [];
  #error: Result<Uint8Array> | null = null;

  constructor(
    private readonly text: string,
    private readonly encoding: TextEncoding,
  ) {}

  codePoint(cp: number, at = 0): void {
    const ch = String.fromCodePoint(cp);
    this.#run += ch;
    for (let k = 0; k < ch.length; k++) this.#at.push(at);
  }

  byte(b: number): void {
    this.#flush();
    this.#parts.push(Uint8Array.of(b));
  }

  #flush(): void {
    if (this.#run === '' || this.#error) return;
    const encoded = encodeText(this.#run, this.encoding);
    if (!encoded.ok) {
      const index = /position (\d+)/.exec(encoded.error.message);
      const i = index ? charIndex(this.#run, Number(index[1])) : 0;
      const message = encoded.error.message.replace(/position \d+/, `position ${charPosition(this.text, this.#at[i] ?? 0)}`);
      this.#error = { ok: false, error: { code: encoded.error.code, message } };
    } else {
      this.#parts.push(encoded.value);
    }
    this.#run = '';
    this.#at = [];
  }

  finish(): Result<Uint8Array> {
    this.#flush();
    if (this.#error) return this.#error;
    const out = new Uint8Array(this.#parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of this.#parts) {
      out.set(p, at);
      at += p.length;
    }
    return { ok: true, value: out };
  }
}

/** The UTF-16 index of the character at 1-based `position` (surrogate pairs count once). */
function charIndex(text: string, position: number): number {
  let i = 0;
  for (let p = 1; p < position && i < text.length; p++) i += (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
  return i;
}

function escapeError(message: string): Result<Uint8Array> {
  return { ok: false, error: { code: 'INVALID_ESCAPE', message } };
}

function isHexDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** How many hex digits follow `from`, looking at no more than `max`. */
function hexRun(text: string, from: number, max: number): number {
  let k = 0;
  while (k < max && from + k < text.length && isHexDigit(text.charCodeAt(from + k))) k++;
  return k;
}

/** The code unit of a complete \uHHHH at `at`, or -1. */
function unicodeEscapeAt(text: string, at: number): number {
  if (text.charCodeAt(at) !== BACKSLASH || text.charCodeAt(at + 1) !== 0x75) return -1;
  if (hexRun(text, at + 2, 4) !== 4) return -1;
  return parseInt(text.slice(at + 2, at + 6), 16);
}

/**
 * Encodes text as UTF-8 bytes, turning escapes into bytes: \r \n \t \0 \\ \" \' \xHH (one raw
 * byte) and \uHHHH (a code point, UTF-8 encoded; a surrogate pair may be written as two
 * \u escapes, as in JSON). Anything else after a backslash is an error naming its position.
 */
export function parseEscapedText(text: string, encoding: TextEncoding = 'utf-8'): Result<Uint8Array> {
  const n = text.length;
  const out = encoding === 'utf-8' ? new ByteWriter(n + 16) : new EncodingWriter(text, encoding);
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 0x80 && c !== BACKSLASH) {
      out.codePoint(c, i);
      i++;
      continue;
    }
    if (c !== BACKSLASH) {
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = text.charCodeAt(i + 1);
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          out.codePoint(0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00), i);
          i += 2;
          continue;
        }
        // Only reachable from pasted or programmatic strings: nothing can be typed this way.
        return {
          ok: false,
          error: {
            code: 'INVALID_PAYLOAD',
            message: m.esc_half_surrogate({ at: charPosition(text, i), name: codePointName(c) }),
          },
        };
      }
      out.codePoint(c, i);
      i++;
      continue;
    }

    // Only error messages need the position, and finding it scans from the start: keep it lazy.
    const at = i;
    const position = (): number => charPosition(text, at);
    if (i + 1 >= n) {
      return escapeError(m.esc_trailing_backslash({ at: position() }));
    }
    const kind = text[i + 1]!;
    const simple = SIMPLE_ESCAPES[kind];
    if (simple !== undefined) {
      out.codePoint(simple, i);
      i += 2;
    } else if (kind === 'x') {
      const digits = hexRun(text, i + 2, 2);
      if (digits < 2) {
        return escapeError(m.esc_x_digits({ sequence: text.slice(i, i + 2 + digits), at: position() }));
      }
      out.byte(parseInt(text.slice(i + 2, i + 4), 16));
      i += 4;
    } else if (kind === 'u') {
      const digits = hexRun(text, i + 2, 4);
      const sequence = text.slice(i, i + 2 + digits);
      if (digits < 4) {
        return escapeError(m.esc_u_digits({ sequence, at: position() }));
      }
      const unit = parseInt(text.slice(i + 2, i + 6), 16);
      if (unit >= 0xd800 && unit <= 0xdbff) {
        const low = unicodeEscapeAt(text, i + 6);
        if (low >= 0xdc00 && low <= 0xdfff) {
          out.codePoint(0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00), i);
          i += 12;
          continue;
        }
      }
      if (unit >= 0xd800 && unit <= 0xdfff) {
        return escapeError(m.esc_lone_surrogate({ sequence, at: position(), name: codePointName(unit) }));
      }
      out.codePoint(unit, i);
      i += 6;
    } else {
      const shown = quoteChar(text, i + 1);
      const sequence = shown.startsWith('"') ? `"\\${charAt(text, i + 1)}"` : m.esc_backslash_followed_by({ shown });
      return escapeError(m.esc_invalid({ sequence, at: position() }));
    }
  }
  return out.finish();
}
