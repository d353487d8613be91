// Bytes -> what the log view shows. Every byte stays visible: control bytes become Unicode
// control pictures and undecodable bytes become \xHH, the same escape the composer accepts,
// so nothing on the wire can hide, reorder the line, or vanish from the text view.
import type { TextEncoding } from '../contract.js';
import { HEX_PAIRS, toHex } from './hex.js';
import { forEachChar } from './text-encoding.js';

export type TextEncodingName = TextEncoding;

export interface HexLine {
  offset: number;
  hex: string;
  ascii: string;
}

const BYTES_PER_LINE = 16;
const CONTROL_PICTURES = 0x2400;
const DELETE_PICTURE = 0x2421;
const BACKSLASH = 0x5c;
const LINE_FEED = 0x0a;
const ELLIPSIS = '…';

/** Uppercase hex of 0..15 as UTF-16 code units. */
const HEX_UNITS = Array.from('0123456789ABCDEF', (ch) => ch.charCodeAt(0));

/** Offset column: 8 uppercase hex digits, more when the offset needs them. */
export function formatOffset(n: number): string {
  return n.toString(16).toUpperCase().padStart(8, '0');
}

/**
 * A classic hex dump, 16 bytes a line: "48 65 6C 6C 6F 20 77 6F  72 6C 64 ..." with an extra
 * space after the 8th byte. `hex` always has the same width (the last line is padded with
 * spaces) so the ASCII column lines up; `ascii` shows 0x20..0x7E and '.' for anything else.
 */
export function hexDumpLines(bytes: Uint8Array, baseOffset = 0): HexLine[] {
  const lines: HexLine[] = [];
  for (let start = 0; start < bytes.length; start += BYTES_PER_LINE) {
    let hex = '';
    let ascii = '';
    for (let j = 0; j < BYTES_PER_LINE; j++) {
      if (j > 0) hex += j === 8 ? '  ' : ' ';
      const at = start + j;
      if (at < bytes.length) {
        const b = bytes[at]!;
        hex += HEX_PAIRS[b]!;
        ascii += b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : '.';
      } else {
        hex += '  ';
      }
    }
    lines.push({ offset: baseOffset + start, hex, ascii });
  }
  return lines;
}

/**
 * Bytes as readable text in which every byte shows: C0 controls as control pictures (␀ ␍ ␊ ...),
 * 0x7F as ␡, and bytes the encoding cannot show as \xHH (for UTF-8: invalid, overlong, surrogate
 * and truncated sequences, byte by byte; for Latin-1: the C1 range 0x80..0x9F). Decoded characters
 * that would be invisible or would reorder the line (C1 controls, bidi controls, zero-width
 * spaces, BOM, line/paragraph separators) are shown as \uHHHH. With breakAfterNewline, a real
 * line break follows each ␊. A chunk cut inside a UTF-8 sequence shows the cut bytes as \xHH.
 */
export function renderText(
  bytes: Uint8Array,
  encoding: TextEncodingName,
  options?: { breakAfterNewline?: boolean },
): string {
  return render(bytes, encoding, options?.breakAfterNewline ?? false, Number.POSITIVE_INFINITY).text;
}

/**
 * renderText on one line, at most `maxChars` UTF-16 units long; when the bytes do not all fit,
 * it ends with "…" (an escape or a surrogate pair is never cut).
 */
export function previewText(bytes: Uint8Array, encoding: TextEncodingName, maxChars: number): string {
  if (maxChars <= 0) return '';
  const whole = render(bytes, encoding, false, maxChars);
  if (whole.complete) return whole.text;
  return render(bytes, encoding, false, maxChars - 1).text + ELLIPSIS;
}

/** The first `maxBytes` bytes as "48 65 6C", followed by " …" when there are more. */
export function previewHex(bytes: Uint8Array, maxBytes: number): string {
  const limit = Math.max(0, maxBytes);
  if (bytes.length <= limit) return toHex(bytes);
  if (limit === 0) return ELLIPSIS;
  return `${toHex(bytes.subarray(0, limit))} ${ELLIPSIS}`;
}

// ---------------------------------------------------------------------------------------------

/** Code points that decode fine but would show as nothing, or would rearrange the line. */
export function isHiddenCodePoint(cp: number): boolean {
  return (
    (cp >= 0x80 && cp <= 0x9f) || // C1 controls
    cp === 0xad || // soft hyphen
    cp === 0x061c || // Arabic letter mark (bidi)
    cp === 0x180e ||
    cp === 0x200b || // zero-width space (ZWNJ/ZWJ are kept: emoji and scripts need them)
    cp === 0x200e ||
    cp === 0x200f ||
    (cp >= 0x2028 && cp <= 0x202e) || // line/paragraph separators, bidi embeddings/overrides
    (cp >= 0x2060 && cp <= 0x2064) ||
    (cp >= 0x2066 && cp <= 0x206f) || // bidi isolates and deprecated format controls
    cp === 0xfeff ||
    (cp >= 0xfff9 && cp <= 0xfffb)
  );
}

/**
 * Collects UTF-16 code units as little-endian byte pairs (endianness-proof, unlike a
 * Uint16Array) for one native decode, refusing any token that would pass `max`.
 */
class UnitWriter {
  private readonly bytes: Uint8Array;
  length = 0;

  constructor(
    capacity: number,
    private readonly max: number,
  ) {
    this.bytes = new Uint8Array(capacity * 2);
  }

  fits(count: number): boolean {
    return this.length + count <= this.max;
  }

  unit(u: number): void {
    const at = this.length++ * 2;
    this.bytes[at] = u & 0xff;
    this.bytes[at + 1] = u >> 8;
  }

  hexByte(b: number): void {
    this.unit(HEX_UNITS[b >> 4]!);
    this.unit(HEX_UNITS[b & 15]!);
  }

  toString(): string {
    return utf16Decoder.decode(this.bytes.subarray(0, this.length * 2));
  }
}

// ignoreBOM: a leading U+FEFF is data here (render never emits one bare, but be sure).
const utf16Decoder = new TextDecoder('utf-16le', { ignoreBOM: true });

/** The lead byte's sequence length and the range allowed for its second byte, or null. */
function utf8Lead(b: number): { need: number; low: number; high: number } | null {
  if (b >= 0xc2 && b <= 0xdf) return LEAD_2;
  if (b >= 0xe0 && b <= 0xef) return b === 0xe0 ? LEAD_E0 : b === 0xed ? LEAD_ED : LEAD_3;
  if (b >= 0xf0 && b <= 0xf4) return b === 0xf0 ? LEAD_F0 : b === 0xf4 ? LEAD_F4 : LEAD_4;
  return null; // ASCII is handled before; 0x80..0xC1 and 0xF5..0xFF never start a sequence
}
// The narrowed second-byte ranges rule out overlongs (E0, F0), surrogates (ED) and > U+10FFFF (F4).
const LEAD_2 = { need: 1, low: 0x80, high: 0xbf };
const LEAD_3 = { need: 2, low: 0x80, high: 0xbf };
const LEAD_E0 = { need: 2, low: 0xa0, high: 0xbf };
const LEAD_ED = { need: 2, low: 0x80, high: 0x9f };
const LEAD_4 = { need: 3, low: 0x80, high: 0xbf };
const LEAD_F0 = { need: 3, low: 0x90, high: 0xbf };
const LEAD_F4 = { need: 3, low: 0x80, high: 0x8f };

function render(
  bytes: Uint8Array,
  encoding: TextEncodingName,
  breakAfterNewline: boolean,
  maxUnits: number,
): { text: string; complete: boolean } {
  const n = bytes.length;
  // No byte yields more than 6 units (\uHHHH of a one-byte character), so this bounds the whole output.
  const capacity = Math.min(n * 6, Number.isFinite(maxUnits) ? maxUnits : n * 6);
  const out = new UnitWriter(capacity, maxUnits);
  if (encoding !== 'utf-8' && encoding !== 'latin1') return renderDecoded(bytes, encoding, breakAfterNewline, out);
  const utf8 = encoding === 'utf-8';
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      if (b >= 0x20 && b < 0x7f) {
        if (!out.fits(1)) break;
        out.unit(b);
      } else if (b === LINE_FEED && breakAfterNewline) {
        if (!out.fits(2)) break;
        out.unit(CONTROL_PICTURES + b);
        out.unit(LINE_FEED);
      } else {
        if (!out.fits(1)) break;
        out.unit(b === 0x7f ? DELETE_PICTURE : CONTROL_PICTURES + b);
      }
      i++;
      continue;
    }

    if (!utf8) {
      if (b >= 0xa0) {
        if (!out.fits(1)) break;
        out.unit(b);
      } else {
        if (!writeByteEscape(out, b)) break;
      }
      i++;
      continue;
    }

    const lead = utf8Lead(b);
    let cp = -1;
    if (lead && i + lead.need < n) {
      const b1 = bytes[i + 1]!;
      if (b1 >= lead.low && b1 <= lead.high) {
        if (lead.need === 1) {
          cp = ((b & 0x1f) << 6) | (b1 & 0x3f);
        } else {
          const b2 = bytes[i + 2]!;
          if ((b2 & 0xc0) === 0x80) {
            if (lead.need === 2) {
              cp = ((b & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
            } else {
              const b3 = bytes[i + 3]!;
              if ((b3 & 0xc0) === 0x80) {
                cp = ((b & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
              }
            }
          }
        }
      }
    }
    if (cp < 0 || !lead) {
      // Only this byte is shown as undecodable; the next one gets its own chance, so a
      // truncated sequence followed by good text loses none of that text.
      if (!writeByteEscape(out, b)) break;
      i++;
      continue;
    }

    if (isHiddenCodePoint(cp)) {
      if (!out.fits(6)) break;
      out.unit(BACKSLASH);
      out.unit(0x75); // u
      out.hexByte(cp >> 8);
      out.hexByte(cp & 0xff);
    } else if (cp >= 0x10000) {
      if (!out.fits(2)) break;
      const v = cp - 0x10000;
      out.unit(0xd800 + (v >> 10));
      out.unit(0xdc00 + (v & 0x3ff));
    } else {
      if (!out.fits(1)) break;
      out.unit(cp);
    }
    i += lead.need + 1;
  }
  return { text: out.toString(), complete: i >= n };
}

/** Any other encoding: characters as decoded (hidden ones escaped), undecodable bytes as \xHH. */
function renderDecoded(bytes: Uint8Array, encoding: TextEncoding, breakAfterNewline: boolean, out: UnitWriter): { text: string; complete: boolean } {
  let complete = true;
  forEachChar(
    bytes,
    encoding,
    (ch) => {
      const cp = ch.codePointAt(0)!;
      if (cp < 0x20 || cp === 0x7f) {
        const lineBreak = cp === LINE_FEED && breakAfterNewline;
        if (!out.fits(lineBreak ? 2 : 1)) return (complete = false);
        out.unit(cp === 0x7f ? DELETE_PICTURE : CONTROL_PICTURES + cp);
        if (lineBreak) out.unit(LINE_FEED);
      } else if (isHiddenCodePoint(cp)) {
        if (!out.fits(6)) return (complete = false);
        out.unit(BACKSLASH);
        out.unit(0x75); // u
        out.hexByte(cp >> 8);
        out.hexByte(cp & 0xff);
      } else {
        if (!out.fits(ch.length)) return (complete = false);
        for (let k = 0; k < ch.length; k++) out.unit(ch.charCodeAt(k));
      }
      return true;
    },
    (b) => {
      if (!writeByteEscape(out, b)) return (complete = false);
      return true;
    },
  );
  return { text: out.toString(), complete };
}

function writeByteEscape(out: UnitWriter, b: number): boolean {
  if (!out.fits(4)) return false;
  out.unit(BACKSLASH);
  out.unit(0x78); // x
  out.hexByte(b);
  return true;
}
