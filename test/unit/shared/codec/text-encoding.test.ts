import { describe, expect, it } from 'vitest';
import { TEXT_ENCODINGS, type TextEncoding } from '../../../../src-main/shared/contract.js';
import { decodeText, encodeText } from '../../../../src-main/shared/codec/text-encoding.js';
import { parseEscapedText } from '../../../../src-main/shared/codec/escapes.js';
import { renderText } from '../../../../src-main/shared/codec/render.js';
import { parseHex, toHex } from '../../../../src-main/shared/codec/hex.js';

// Expected bytes from an independent implementation: Python's codecs (str.encode).
const FIXTURES: Record<TextEncoding, [string, string]> = {
  'utf-8': ['héllo €', '68 C3 A9 6C 6C 6F 20 E2 82 AC'],
  ascii: ['Hi!', '48 69 21'],
  latin1: ['café ñ', '63 61 66 E9 20 F1'],
  'utf-16le': ['Hi 你😀', '48 00 69 00 20 00 60 4F 3D D8 00 DE'],
  'utf-16be': ['Hi 你😀', '00 48 00 69 00 20 4F 60 D8 3D DE 00'],
  gb18030: ['你好，世界', 'C4 E3 BA C3 A3 AC CA C0 BD E7'],
  big5: ['你好', 'A7 41 A6 6E'],
  shift_jis: ['テスト ｱ', '83 65 83 58 83 67 20 B1'],
  'euc-jp': ['テスト', 'A5 C6 A5 B9 A5 C8'],
  'euc-kr': ['한국어', 'C7 D1 B1 B9 BE EE'],
  'windows-1250': ['Łódź', 'A3 F3 64 9F'],
  'windows-1251': ['Привет', 'CF F0 E8 E2 E5 F2'],
  'windows-1252': ['€ café', '80 20 63 61 66 E9'],
  'koi8-r': ['Привет', 'F0 D2 C9 D7 C5 D4'],
  'iso-8859-2': ['Łódź', 'A3 F3 64 BC'],
  'iso-8859-5': ['Привет', 'BF E0 D8 D2 D5 E2'],
  'iso-8859-15': ['€ œ', 'A4 20 BD'],
  cp437: ['╔═╗ é', 'C9 CD BB 20 82'],
  ibm037: ['Hello, World!', 'C8 85 93 93 96 6B 40 E6 96 99 93 84 5A'],
};

function hex(s: string): Uint8Array {
  const r = parseHex(s);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('text encodings', () => {
  it('has a fixture for every encoding offered', () => {
    expect(Object.keys(FIXTURES).sort()).toEqual([...TEXT_ENCODINGS].sort());
  });

  for (const encoding of TEXT_ENCODINGS) {
    const [text, bytes] = FIXTURES[encoding];
    it(`${encoding}: encodes and decodes its fixture both ways`, () => {
      const encoded = encodeText(text, encoding);
      expect(encoded.ok && toHex(encoded.value)).toBe(bytes);
      expect(decodeText(hex(bytes), encoding)).toBe(text);
      expect(renderText(hex(bytes), encoding)).toBe(text);
      const parsed = parseEscapedText(text, encoding);
      expect(parsed.ok && toHex(parsed.value)).toBe(bytes);
    });
  }

  it('shows bytes that do not decode as \\xHH, never dropping them or the text after them', () => {
    expect(renderText(hex('C4 E3 FF 41'), 'gb18030')).toBe('你\\xFFA');
    expect(renderText(hex('83 65 83'), 'shift_jis')).toBe('テ\\x83');
    expect(renderText(hex('48 81 49'), 'windows-1252')).toBe('H\\x81I');
    expect(renderText(hex('41 C1'), 'ascii')).toBe('A\\xC1');
    expect(renderText(hex('3D D8 41 00'), 'utf-16le')).toBe('\\x3D\\xD8A');
    expect(decodeText(hex('C4 E3 FF'), 'gb18030')).toBe('你\\xFF');
  });

  it('shows controls as pictures in every encoding (EBCDIC newline included)', () => {
    expect(renderText(hex('C8 25 C9'), 'ibm037')).toBe('H␊I');
    expect(renderText(hex('0A 00 41 00'), 'utf-16le', { breakAfterNewline: true })).toBe('␊\nA');
  });

  it('refuses a character the encoding cannot express, naming it and its position, and sends nothing', () => {
    const r = encodeText('Привет €', 'koi8-r');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('UNENCODABLE_TEXT');
      expect(r.error.message).toContain('"€" (U+20AC) at position 8');
      expect(r.error.message).toContain('KOI8-R');
    }
    const ascii = parseEscapedText('ab\\x80é', 'ascii');
    expect(!ascii.ok && ascii.error.message).toContain('position 7');
    const latin = encodeText('ok 你', 'latin1');
    expect(!latin.ok && latin.error.message).toContain('position 4');
  });

  it('keeps \\xHH a raw byte and encodes escapes as characters of the encoding', () => {
    const r = parseEscapedText('A\\n\\xFF', 'utf-16le');
    expect(r.ok && toHex(r.value)).toBe('41 00 0A 00 FF');
    const e = parseEscapedText('Hi\\n', 'ibm037');
    expect(e.ok && toHex(e.value)).toBe('C8 89 25');
  });
});
