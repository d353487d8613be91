// "Copy as": log entries' bytes as text to paste elsewhere: hex, a C array, Python bytes,
// base64, plain text, or the composer's own escaped text (pasting that back sends the same bytes).
import type { TextEncoding } from '../contract.js';
import { bytesToBase64 } from './base64.js';
import { parseEscapedText } from './escapes.js';
import { HEX_PAIRS, toHex } from './hex.js';
import { isHiddenCodePoint } from './render.js';
import { decodeEach, decodeText, encodeChar } from './text-encoding.js';

export const COPY_FORMATS = ['hex', 'c', 'python', 'base64', 'text', 'escaped'] as const;
export type CopyFormat = (typeof COPY_FORMATS)[number];

export const COPY_LABELS: Readonly<Record<CopyFormat, string>> = {
  hex: 'Hex',
  c: 'C array',
  python: 'Python bytes',
  base64: 'Base64',
  text: 'Text',
  escaped: 'Escaped text',
};

/** Several entries: one line (or, for C, one array) each, in the order given. */
export function copyAs(entries: readonly Uint8Array[], format: CopyFormat, encoding: TextEncoding): string {
  return entries.map((bytes) => copyOne(bytes, format, encoding)).join('\n');
}

function copyOne(bytes: Uint8Array, format: CopyFormat, encoding: TextEncoding): string {
  switch (format) {
    case 'hex':
      return toHex(bytes);
    case 'c':
      return cArray(bytes);
    case 'python':
      return pythonBytes(bytes);
    case 'base64':
      return bytesToBase64(bytes);
    case 'text':
      return decodeText(bytes, encoding);
    case 'escaped':
      return escapedText(bytes, encoding);
  }
}

function cArray(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 12) {
    lines.push('  ' + Array.from(bytes.subarray(i, i + 12), (b) => `0x${HEX_PAIRS[b]}`).join(', '));
  }
  return `unsigned char data[${bytes.length}] = {${lines.length ? `\n${lines.join(',\n')}\n` : ''}};`;
}

const PY_ESCAPES: Readonly<Record<number, string>> = { 0x09: '\\t', 0x0a: '\\n', 0x0d: '\\r', 0x27: "\\'", 0x5c: '\\\\' };

function pythonBytes(bytes: Uint8Array): string {
  let out = "b'";
  for (const b of bytes) {
    const esc = PY_ESCAPES[b];
    if (esc) out += esc;
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\x${HEX_PAIRS[b]!.toLowerCase()}`;
  }
  return out + "'";
}

const TEXT_ESCAPES: Readonly<Record<number, string>> = { 0x00: '\\0', 0x09: '\\t', 0x0a: '\\n', 0x0d: '\\r', 0x5c: '\\\\' };

/**
 * The composer's escaped text of `bytes` in `encoding`: characters that encode back to exactly
 * their bytes are written as themselves (\r \n \t \0 \\ for those), anything else as \xHH.
 * Checked by parsing it back; should that ever differ, every byte is written as \xHH.
 */
export function escapedText(bytes: Uint8Array, encoding: TextEncoding): string {
  let out = '';
  const raw = (from: number, to: number): void => {
    for (let i = from; i < to; i++) out += `\\x${HEX_PAIRS[bytes[i]!]}`;
  };
  decodeEach(
    bytes,
    encoding,
    (ch, start, end) => {
      const cp = ch.codePointAt(0)!;
      const escape = TEXT_ESCAPES[cp];
      const visible = escape !== undefined || (cp >= 0x20 && cp !== 0x7f && !isHiddenCodePoint(cp));
      const back = visible ? encodeChar(ch, encoding) : null;
      if (back && sameBytes(back, bytes.subarray(start, end))) out += escape ?? ch;
      else raw(start, end);
    },
    (_b, at) => raw(at, at + 1),
  );
  const check = parseEscapedText(out, encoding);
  if (check.ok && sameBytes(check.value, bytes)) return out;
  out = '';
  raw(0, bytes.length);
  return out;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
