// What the composer sends: the typed text in its format, then the chosen line ending.
import type { LineEnding, Result, SendPayloadInput } from '../contract.js';
import { parseBase64 } from './base64.js';
import { appendChecksum } from './checksum.js';
import { parseEscapedText } from './escapes.js';
import { parseHex } from './hex.js';
import { encodeText } from './text-encoding.js';

const LINE_ENDING_BYTES: Readonly<Record<LineEnding, Uint8Array>> = {
  none: new Uint8Array(0),
  lf: Uint8Array.of(0x0a),
  crlf: Uint8Array.of(0x0d, 0x0a),
  cr: Uint8Array.of(0x0d),
};

/** The bytes a send puts on the wire (text, line ending, checksum), or why it cannot be sent. */
export function encodePayload(payload: SendPayloadInput): Result<Uint8Array> {
  const parsed = parseByFormat(payload);
  if (!parsed.ok) return parsed;
  let bytes = parsed.value;
  const ending = lineEndingBytes(payload);
  if (ending.length > 0) {
    bytes = new Uint8Array(parsed.value.length + ending.length);
    bytes.set(parsed.value);
    bytes.set(ending, parsed.value.length);
  }
  return payload.checksum ? appendChecksum(bytes, payload.checksum) : { ok: true, value: bytes };
}

/** The line ending, in the text's encoding (UTF-16: two bytes a character; EBCDIC: its own). */
export function lineEndingBytes(payload: SendPayloadInput): Uint8Array {
  const ending = LINE_ENDING_BYTES[payload.lineEnding];
  const encoding = payload.encoding ?? 'utf-8';
  if (ending.length === 0 || payload.format !== 'text' || encoding === 'utf-8') return ending;
  const encoded = encodeText(String.fromCharCode(...ending), encoding);
  return encoded.ok ? encoded.value : ending;
}

function parseByFormat(payload: SendPayloadInput): Result<Uint8Array> {
  switch (payload.format) {
    case 'text':
      return parseEscapedText(payload.text, payload.encoding ?? 'utf-8');
    case 'hex':
      return parseHex(payload.text);
    case 'base64':
      return parseBase64(payload.text);
  }
}
