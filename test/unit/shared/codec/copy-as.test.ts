import { describe, expect, it } from 'vitest';
import { TEXT_ENCODINGS } from '../../../../src-main/shared/contract.js';
import { copyAs, escapedText } from '../../../../src-main/shared/codec/copy-as.js';
import { parseEscapedText } from '../../../../src-main/shared/codec/escapes.js';
import { parseBase64 } from '../../../../src-main/shared/codec/base64.js';

const bytes = Uint8Array.of(0x48, 0x69, 0x0d, 0x0a, 0x00, 0x5c, 0x27, 0xff);

describe('copy as', () => {
  it('writes hex, a C array, Python bytes, base64 and text', () => {
    expect(copyAs([bytes], 'hex', 'utf-8')).toBe('48 69 0D 0A 00 5C 27 FF');
    expect(copyAs([bytes], 'c', 'utf-8')).toBe('unsigned char data[8] = {\n  0x48, 0x69, 0x0D, 0x0A, 0x00, 0x5C, 0x27, 0xFF\n};');
    expect(copyAs([bytes], 'python', 'utf-8')).toBe("b'Hi\\r\\n\\x00\\\\\\'\\xff'");
    const b64 = copyAs([bytes], 'base64', 'utf-8');
    const back = parseBase64(b64);
    expect(back.ok && Array.from(back.value)).toEqual(Array.from(bytes));
    expect(copyAs([new TextEncoder().encode('你好')], 'text', 'utf-8')).toBe('你好');
    expect(copyAs([Uint8Array.of(0xc4, 0xe3), Uint8Array.of(0x41)], 'text', 'gb18030')).toBe('你\nA');
  });

  it('writes escaped text that the composer parses back to the same bytes, in every encoding', () => {
    let seed = 3;
    const rand = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (const encoding of TEXT_ENCODINGS) {
      for (let round = 0; round < 30; round++) {
        const sample = Uint8Array.from({ length: 1 + rand(40) }, () => (rand(3) === 0 ? rand(0x80) : rand(256)));
        const text = escapedText(sample, encoding);
        const parsed = parseEscapedText(text, encoding);
        expect(parsed.ok && Array.from(parsed.value), `${encoding}: ${text}`).toEqual(Array.from(sample));
      }
    }
    expect(escapedText(bytes, 'utf-8')).toBe("Hi\\r\\n\\0\\\\'\\xFF");
    expect(escapedText(Uint8Array.of(0xc4, 0xe3, 0xff), 'gb18030')).toBe('你\\xFF');
  });
});
