import { describe, expect, it } from 'vitest';
import type { InputFormat, LineEnding, SendPayloadInput } from '../../../../src-main/shared/contract.js';
import { encodePayload } from '../../../../src-main/shared/codec/payload.js';

function encode(format: InputFormat, text: string, lineEnding: LineEnding = 'none'): number[] {
  const payload: SendPayloadInput = { format, text, lineEnding };
  const result = encodePayload(payload);
  if (!result.ok) throw new Error(`expected ok, got ${result.error.message}`);
  return Array.from(result.value);
}

describe('encodePayload', () => {
  it('encodes each format', () => {
    expect(encode('text', 'Hi\\x00')).toEqual([0x48, 0x69, 0x00]);
    expect(encode('hex', '0x48, 0x69')).toEqual([0x48, 0x69]);
    expect(encode('base64', 'SGk=')).toEqual([0x48, 0x69]);
  });

  it.each([
    ['none', []],
    ['lf', [0x0a]],
    ['crlf', [0x0d, 0x0a]],
    ['cr', [0x0d]],
  ] as const)('appends the %s line ending for every format', (lineEnding, ending) => {
    expect(encode('text', 'Hi', lineEnding)).toEqual([0x48, 0x69, ...ending]);
    expect(encode('hex', '48 69', lineEnding)).toEqual([0x48, 0x69, ...ending]);
    expect(encode('base64', 'SGk', lineEnding)).toEqual([0x48, 0x69, ...ending]);
  });

  it('sends just the line ending for empty text', () => {
    expect(encode('text', '', 'crlf')).toEqual([0x0d, 0x0a]);
    expect(encode('hex', '', 'none')).toEqual([]);
  });

  it('passes each format’s error through with its code', () => {
    const cases: Array<[InputFormat, string, string]> = [
      ['text', 'a\\q', 'INVALID_ESCAPE'],
      ['hex', '4g', 'INVALID_HEX'],
      ['base64', 'S', 'INVALID_BASE64'],
    ];
    for (const [format, text, code] of cases) {
      const result = encodePayload({ format, text, lineEnding: 'lf' });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe(code);
    }
  });
});
