// What the composer sends: the typed text in its format, then the chosen line ending.
import type { LineEnding, Result, SendPayload } from '../contract.js';
import { parseBase64 } from './base64.js';
import { parseEscapedText } from './escapes.js';
import { parseHex } from './hex.js';

const LINE_ENDING_BYTES: Readonly<Record<LineEnding, Uint8Array>> = {
  none: new Uint8Array(0),
  lf: Uint8Array.of(0x0a),
  crlf: Uint8Array.of(0x0d, 0x0a),
  cr: Uint8Array.of(0x0d),
};

/** The bytes a send puts on the wire, or the parse error of its text. */
export function encodePayload(payload: SendPayload): Result<Uint8Array> {
  const parsed = parseByFormat(payload);
  if (!parsed.ok) return parsed;
  const ending = LINE_ENDING_BYTES[payload.lineEnding];
  if (ending.length === 0) return parsed;
  const bytes = new Uint8Array(parsed.value.length + ending.length);
  bytes.set(parsed.value);
  bytes.set(ending, parsed.value.length);
  return { ok: true, value: bytes };
}

function parseByFormat(payload: SendPayload): Result<Uint8Array> {
  switch (payload.format) {
    case 'text':
      return parseEscapedText(payload.text);
    case 'hex':
      return parseHex(payload.text);
    case 'base64':
      return parseBase64(payload.text);
  }
}
