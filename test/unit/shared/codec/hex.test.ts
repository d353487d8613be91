import { describe, expect, it } from 'vitest';
import { parseHex, toHex } from '../../../../src-main/shared/codec/hex.js';
import { parseProbes } from '../../../helpers/results.js';

const { bytesOf, errorOf } = parseProbes(parseHex, 'INVALID_HEX');

const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);

describe('parseHex', () => {
  it.each([
    ['48 65', [0x48, 0x65]],
    ['4865', [0x48, 0x65]],
    ['0x4865', [0x48, 0x65]],
    ['0X4865', [0x48, 0x65]],
    ['0x48,0x65', [0x48, 0x65]],
    ['0x48, 0x65', [0x48, 0x65]],
    ['48:65', [0x48, 0x65]],
    ['48-65', [0x48, 0x65]],
    ['48;65', [0x48, 0x65]],
    ['de:Ad:bE:eF', [0xde, 0xad, 0xbe, 0xef]],
    ['DEADBEEF', [0xde, 0xad, 0xbe, 0xef]],
    ['0xdead 0xBEEF', [0xde, 0xad, 0xbe, 0xef]],
    ['  48\t65\r\n6C \u00a0 6c  ', [0x48, 0x65, 0x6c, 0x6c]],
    [',,48,,;;65::', [0x48, 0x65]],
    ['00 ff FF 0a', [0x00, 0xff, 0xff, 0x0a]],
    ['00', [0x00]],
    ['0x00', [0x00]],
  ])('parses %j', (text, expected) => {
    expect(bytesOf(text)).toEqual(expected);
  });

  it('gives empty bytes for empty or separator-only text', () => {
    expect(bytesOf('')).toEqual([]);
    expect(bytesOf('  , : - ; \n')).toEqual([]);
  });

  it('returns a compact Uint8Array (not a view of a larger buffer)', () => {
    const result = parseHex('0x48, 0x65, 0x6C');
    expect(result.ok && result.value).toBeInstanceOf(Uint8Array);
    if (result.ok) expect(result.value.buffer.byteLength).toBe(3);
  });

  it('names a character that is not a hex digit, with its 1-based position', () => {
    expect(errorOf('48 6g')).toBe('Invalid hex: "g" at position 5 is not a hex digit.');
    expect(errorOf('z')).toBe('Invalid hex: "z" at position 1 is not a hex digit.');
    expect(errorOf('480x65')).toBe('Invalid hex: "x" at position 4 is not a hex digit.');
    expect(errorOf('\\x48')).toBe('Invalid hex: "\\" at position 1 is not a hex digit.');
  });

  it('counts a character outside the BMP as one position and quotes it whole', () => {
    expect(errorOf('😀 4 8')).toBe('Invalid hex: "😀" at position 1 is not a hex digit.');
    expect(errorOf('48 00 ZZ')).toBe('Invalid hex: "Z" at position 7 is not a hex digit.');
    expect(errorOf('00😀')).toBe('Invalid hex: "😀" at position 3 is not a hex digit.');
    expect(errorOf('😀😀')).toBe('Invalid hex: "😀" at position 1 is not a hex digit.');
    expect(errorOf('00 😀')).toBe('Invalid hex: "😀" at position 4 is not a hex digit.');
    expect(errorOf('😀00')).toBe('Invalid hex: "😀" at position 1 is not a hex digit.');
  });

  it('shows an invisible bad character by its code point', () => {
    expect(errorOf('48\u200b65')).toBe('Invalid hex: U+200B at position 3 is not a hex digit.');
    expect(errorOf('48\u000065')).toBe('Invalid hex: U+0000 at position 3 is not a hex digit.');
  });

  it('rejects an odd number of digits in a group, pointing at the dangling digit', () => {
    expect(errorOf('DEADBEE')).toBe(
      'Invalid hex: odd number of hex digits (7) in "DEADBEE"; each byte needs two digits, so "E" at position 7 has no partner.',
    );
    expect(errorOf('48 6 65')).toBe(
      'Invalid hex: odd number of hex digits (1) in "6"; each byte needs two digits, so "6" at position 4 has no partner.',
    );
    expect(errorOf('0x48, 0xABC')).toBe(
      'Invalid hex: odd number of hex digits (3) in "0xABC"; each byte needs two digits, so "C" at position 11 has no partner.',
    );
    expect(errorOf('4')).toContain('odd number of hex digits (1)');
    expect(errorOf('0')).toContain('"0" at position 1 has no partner');
  });

  it('does not pair digits across a separator', () => {
    expect(errorOf('4 8')).toContain('odd number of hex digits (1) in "4"');
  });

  it('shortens a long group in the message', () => {
    expect(errorOf('00112233445566778')).toBe(
      'Invalid hex: odd number of hex digits (17) in "0011223344556677…"; each byte needs two digits, so "8" at position 17 has no partner.',
    );
  });

  it('rejects a 0x with no digits after it', () => {
    expect(errorOf('0x')).toBe('Invalid hex: "0x" at position 1 has no hex digits after it.');
    expect(errorOf('48 0X, 65')).toBe('Invalid hex: "0X" at position 4 has no hex digits after it.');
  });

  it('round-trips all 256 byte values with toHex, whatever the separator', () => {
    for (const separator of [' ', '', ':', ', ', '-']) {
      const text = toHex(ALL_BYTES, separator);
      expect(bytesOf(text)).toEqual(Array.from(ALL_BYTES));
    }
  });

  it('parses 16 MB of hex text and round-trips it', () => {
    const bytes = new Uint8Array(8 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7 + (i >> 11)) & 0xff;
    const text = toHex(bytes, '');
    expect(text.length).toBe(16 * 1024 * 1024);
    const parsed = parseHex(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.length).toBe(bytes.length);
    expect(Buffer.compare(parsed.value, bytes)).toBe(0);

    // "48 65 ..." is 3 characters a byte: as many bytes as fit in 16 MB of text.
    const spacedCount = Math.floor((16 * 1024 * 1024 + 1) / 3);
    const spaced = toHex(bytes.subarray(0, spacedCount));
    expect(spaced.length).toBe(spacedCount * 3 - 1);
    const reparsed = parseHex(spaced);
    expect(reparsed.ok && Buffer.compare(reparsed.value, bytes.subarray(0, spacedCount))).toBe(0);
  });

  it('finds an error at the very end of a 16 MB input', () => {
    const text = '00'.repeat(8 * 1024 * 1024 - 1) + '0';
    expect(errorOf(text)).toContain(`at position ${text.length} has no partner`);
  });
});

describe('toHex', () => {
  it('writes uppercase pairs joined by a space by default', () => {
    expect(toHex(Uint8Array.of(0x48, 0x65, 0x6c, 0x0a, 0xff))).toBe('48 65 6C 0A FF');
  });

  it('handles 0 and 1 bytes', () => {
    expect(toHex(new Uint8Array(0))).toBe('');
    expect(toHex(Uint8Array.of(0))).toBe('00');
    expect(toHex(Uint8Array.of(0xab), ':')).toBe('AB');
  });

  it('uses the separator given, including none and non-ASCII ones', () => {
    expect(toHex(Uint8Array.of(1, 2, 3), '')).toBe('010203');
    expect(toHex(Uint8Array.of(1, 2, 3), ':')).toBe('01:02:03');
    const big = Uint8Array.from({ length: 100 }, (_, i) => i);
    expect(toHex(big, '·')).toBe(Array.from(big, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join('·'));
  });

  it('writes every byte value, small and large inputs alike', () => {
    const expected = Array.from(ALL_BYTES, (b) => b.toString(16).toUpperCase().padStart(2, '0'));
    expect(toHex(ALL_BYTES)).toBe(expected.join(' '));
    expect(toHex(ALL_BYTES.subarray(0, 20), ', ')).toBe(expected.slice(0, 20).join(', '));
  });
});
