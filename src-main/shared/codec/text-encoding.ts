// Text in the encoding a device speaks (GBK, Shift_JIS, UTF-16, EBCDIC...) <-> bytes, through
// iconv-lite's tables. Decoding never loses a byte: a byte that starts no character of the
// encoding is reported as such (the views show it as \xHH). Encoding refuses, with the position,
// a character the encoding cannot express, where iconv-lite alone would silently write "?".
import { m } from '../i18n/paraglide/messages.js';
import iconv from 'iconv-lite';
import type { Result, TextEncoding } from '../contract.js';
import { IBM037_CHARS } from './ebcdic-037.js';
import { charPosition, codePointName } from './text-position.js';

export const ENCODING_LABELS: Readonly<Record<TextEncoding, string>> = {
  'utf-8': 'UTF-8',
  ascii: 'ASCII',
  latin1: 'Latin-1 (ISO-8859-1)',
  'utf-16le': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
  gb18030: 'GB18030 (GBK)',
  big5: 'Big5',
  shift_jis: 'Shift_JIS',
  'euc-jp': 'EUC-JP',
  'euc-kr': 'EUC-KR',
  'windows-1250': 'Windows-1250',
  'windows-1251': 'Windows-1251',
  'windows-1252': 'Windows-1252',
  'koi8-r': 'KOI8-R',
  'iso-8859-2': 'ISO-8859-2',
  'iso-8859-5': 'ISO-8859-5',
  'iso-8859-15': 'ISO-8859-15',
  cp437: 'CP437 (DOS)',
  ibm037: 'EBCDIC (IBM037)',
};

/** The longest byte sequence one character takes (UTF-16: a surrogate pair). */
const MAX_CHAR_BYTES: Readonly<Partial<Record<TextEncoding, number>>> = {
  'utf-8': 4,
  'utf-16le': 4,
  'utf-16be': 4,
  gb18030: 4,
  big5: 2,
  shift_jis: 2,
  'euc-jp': 3,
  'euc-kr': 2,
};

const REPLACEMENT = '\uFFFD';
/** What a decoder yields for bytes it cannot decode: U+FFFD, or (UTF-16) a lone surrogate. */
const UNDECODED = /\uFFFD|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const DECODE_OPTIONS = { stripBOM: false } as const;

let registered = false;
/** iconv-lite has no EBCDIC: IBM037 joins its single-byte codecs (see ebcdic-037.ts). */
function ensureRegistered(): void {
  if (registered) return;
  iconv.encodingExists('utf8'); // loads iconv.encodings
  iconv.encodings!.ibm037 = { type: '_sbcs', chars: IBM037_CHARS };
  registered = true;
}

function decodeAll(bytes: Uint8Array, encoding: TextEncoding): string {
  ensureRegistered();
  return iconv.decode(bytes, encoding, DECODE_OPTIONS);
}

function encodeAll(text: string, encoding: TextEncoding): Uint8Array {
  ensureRegistered();
  const b = iconv.encode(text, encoding);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

function isOneChar(s: string): boolean {
  if (s.length === 1) return !(s.charCodeAt(0) >= 0xd800 && s.charCodeAt(0) <= 0xdfff);
  return s.length === 2 && s.codePointAt(0)! > 0xffff;
}

/**
 * Walks `bytes` character by character: onChar(text, start, end) for each character the encoding
 * decodes, onByte(byte, at) for each byte that starts none. Stops early when a callback returns
 * false. Multi-byte encodings are walked by trial (a decode per candidate length): use
 * forEachChar where byte positions are not needed.
 */
export function decodeEach(
  bytes: Uint8Array,
  encoding: TextEncoding,
  onChar: (ch: string, start: number, end: number) => boolean | void,
  onByte: (byte: number, at: number) => boolean | void,
): void {
  const max = MAX_CHAR_BYTES[encoding] ?? 1;
  if (max === 1) {
    // A single-byte encoding: character i is byte i.
    const whole = decodeAll(bytes, encoding);
    for (let i = 0; i < bytes.length; i++) {
      const ch = whole[i]!;
      const stop = ch === REPLACEMENT ? onByte(bytes[i]!, i) : onChar(ch, i, i + 1);
      if (stop === false) return;
    }
    return;
  }
  const unit = encoding === 'utf-16le' || encoding === 'utf-16be' ? 2 : 1;
  let i = 0;
  while (i < bytes.length) {
    let length = 0;
    let ch = '';
    for (let n = 1; n <= max && i + n <= bytes.length; n++) {
      const s = decodeAll(bytes.subarray(i, i + n), encoding);
      if (s !== REPLACEMENT && isOneChar(s)) {
        length = n;
        ch = s;
        break;
      }
    }
    if (length > 0) {
      if (onChar(ch, i, i + length) === false) return;
      i += length;
      continue;
    }
    // UTF-16 goes in two-byte units: a bad unit (a lone surrogate) is both of its bytes.
    const bad = Math.min(unit, bytes.length - i);
    for (let k = 0; k < bad; k++) if (onByte(bytes[i + k]!, i + k) === false) return;
    i += bad;
  }
}

/**
 * Like decodeEach without byte positions, and fast where the bytes decode cleanly: one decode
 * of the whole; a character cut at the end (a preview's prefix) costs a few decodes more.
 */
export function forEachChar(
  bytes: Uint8Array,
  encoding: TextEncoding,
  onChar: (ch: string) => boolean | void,
  onByte: (byte: number) => boolean | void,
): void {
  const max = MAX_CHAR_BYTES[encoding] ?? 1;
  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    // Whole units only (a decoder drops an odd last byte); any bad unit: walk them all.
    const even = bytes.length & ~1;
    const whole = decodeAll(bytes.subarray(0, even), encoding);
    if (UNDECODED.test(whole)) return decodeEach(bytes, encoding, onChar, onByte);
    for (const ch of whole) if (onChar(ch) === false) return;
    if (even < bytes.length) onByte(bytes[even]!);
    return;
  }
  let clean = bytes.length;
  let whole = decodeAll(bytes, encoding);
  if (UNDECODED.test(whole)) {
    clean = -1;
    for (let cut = 1; cut < max && cut < bytes.length; cut++) {
      const s = decodeAll(bytes.subarray(0, bytes.length - cut), encoding);
      if (!UNDECODED.test(s)) {
        clean = bytes.length - cut;
        whole = s;
        break;
      }
    }
    if (clean < 0) return decodeEach(bytes, encoding, onChar, onByte);
  }
  for (const ch of whole) if (onChar(ch) === false) return;
  if (clean < bytes.length) decodeEach(bytes.subarray(clean), encoding, onChar, onByte);
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** decodeText, with a native fast path for valid UTF-8 (rules and searches decode every frame). */
export function decodeTextFast(bytes: Uint8Array, encoding: TextEncoding): string {
  // A short ASCII frame (most protocol lines) without the decoder's fixed cost.
  if (bytes.length <= 64 && (encoding === 'utf-8' || encoding === 'ascii' || encoding === 'latin1')) {
    let ascii = true;
    for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) ascii = false;
    if (ascii) return String.fromCharCode.apply(null, bytes as unknown as number[]);
  }
  if (encoding === 'utf-8') {
    try {
      return utf8Strict.decode(bytes);
    } catch {
      // Not valid UTF-8: byte by byte, the bad ones as \xHH.
    }
  }
  return decodeText(bytes, encoding);
}

/** Bytes -> text, every undecodable byte as \xHH (the composer's own escape). */
export function decodeText(bytes: Uint8Array, encoding: TextEncoding): string {
  let out = '';
  forEachChar(
    bytes,
    encoding,
    (ch) => {
      out += ch;
    },
    (b) => {
      out += `\\x${b.toString(16).toUpperCase().padStart(2, '0')}`;
    },
  );
  return out;
}

/** The bytes of one character, or null when the encoding cannot express it. */
export function encodeChar(ch: string, encoding: TextEncoding): Uint8Array | null {
  if (encoding === 'ascii' && ch.codePointAt(0)! > 0x7f) return null;
  if (encoding === 'latin1' && ch.codePointAt(0)! > 0xff) return null;
  const bytes = encodeAll(ch, encoding);
  return decodeAll(bytes, encoding) === ch ? bytes : null;
}

/**
 * Text -> bytes in `encoding`; a character it cannot express is an UNENCODABLE_TEXT error
 * naming the character, its position in `text` (1-based, counted from `offset`) and the encoding.
 */
export function encodeText(text: string, encoding: TextEncoding, offset = 0, whole = text): Result<Uint8Array> {
  if (text.length === 0) return { ok: true, value: new Uint8Array(0) };
  const bytes = encodeAll(text, encoding);
  const limited = (encoding === 'ascii' && /[^\0-\x7f]/.test(text)) || (encoding === 'latin1' && /[^\0-\xff]/.test(text));
  if (!limited && decodeAll(bytes, encoding) === text) return { ok: true, value: bytes };
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    if (encodeChar(ch, encoding) === null) {
      const shown = cp >= 0x20 && cp !== 0x7f ? `"${ch}" (${codePointName(cp)})` : codePointName(cp);
      return {
        ok: false,
        error: {
          code: 'UNENCODABLE_TEXT',
          message: m.unencodable({ shown, at: charPosition(whole, offset + i), encoding: ENCODING_LABELS[encoding], nothingSent: m.nothing_was_sent_clause() }),
        },
      };
    }
    i += ch.length;
  }
  return { ok: true, value: bytes };
}
