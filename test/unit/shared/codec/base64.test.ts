import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, parseBase64 } from '../../../../src-main/shared/codec/base64.js';
import { parseProbes } from '../../../helpers/results.js';

const { bytesOf, errorOf } = parseProbes(parseBase64, 'INVALID_BASE64');

const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);
const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

describe('parseBase64', () => {
  it.each([
    ['', ''],
    ['TQ==', 'M'],
    ['TQ', 'M'],
    ['TWE=', 'Ma'],
    ['TWE', 'Ma'],
    ['TWFu', 'Man'],
    ['SGVsbG8sIHdvcmxkIQ==', 'Hello, world!'],
    ['SGVsbG8sIHdvcmxkIQ', 'Hello, world!'],
    ['  SGVs\nbG8s\r\nIHdv\tcmxk IQ = =  ', 'Hello, world!'],
  ])('parses %j', (text, expected) => {
    expect(bytesOf(text)).toEqual(ascii(expected));
  });

  it('accepts the URL-safe alphabet as well as the standard one', () => {
    expect(bytesOf('-_-_')).toEqual([0xfb, 0xff, 0xbf]);
    expect(bytesOf('+/+/')).toEqual([0xfb, 0xff, 0xbf]);
    expect(bytesOf('+_-/')).toEqual([0xfb, 0xff, 0xbf]);
  });

  it('round-trips all 256 byte values at every alignment', () => {
    for (let start = 0; start < 3; start++) {
      const slice = ALL_BYTES.subarray(start);
      const encoded = Buffer.from(slice).toString('base64');
      expect(bytesOf(encoded)).toEqual(Array.from(slice));
      expect(bytesOf(encoded.replace(/=+$/, ''))).toEqual(Array.from(slice));
      expect(bytesOf(Buffer.from(slice).toString('base64url'))).toEqual(Array.from(slice));
    }
  });

  it('names a bad character and its position', () => {
    expect(errorOf('SGV!bG8=')).toBe('Invalid base64: "!" at position 4 is not a base64 character.');
    expect(errorOf('ab é')).toBe('Invalid base64: "é" at position 4 is not a base64 character.');
    expect(errorOf('ab\u200bcd')).toBe('Invalid base64: U+200B at position 3 is not a base64 character.');
  });

  it('rejects padding in the middle', () => {
    expect(errorOf('TQ==TQ==')).toBe('Invalid base64: "=" at position 3 is padding in the middle; "=" may only end the text.');
    expect(errorOf('T=Q')).toContain('"=" at position 2 is padding in the middle');
  });

  it('rejects a length that cannot be base64', () => {
    expect(errorOf('T')).toBe(
      'Invalid base64: 1 characters leave one over, and a single base64 character cannot make a byte; the text looks cut short or has one character too many.',
    );
    expect(errorOf('TWFuT')).toContain('5 characters leave one over');
    expect(errorOf('TWFuT===')).toContain('5 characters leave one over');
  });

  it('rejects the wrong amount of padding', () => {
    expect(errorOf('TQ=')).toBe('Invalid base64: 1 "=" at the end, but 2 characters need 2.');
    expect(errorOf('TWE==')).toBe('Invalid base64: 2 "=" at the end, but 3 characters need 1.');
    expect(errorOf('TWFu=')).toBe('Invalid base64: 1 "=" at the end, but 4 characters need none.');
    expect(errorOf('==')).toContain('0 characters need none');
  });

  it('decodes a large paste', () => {
    const bytes = Uint8Array.from({ length: 3 * 1024 * 1024 + 1 }, (_, i) => (i * 31) & 0xff);
    const text = Buffer.from(bytes).toString('base64').replace(/(.{76})/g, '$1\n');
    const result = parseBase64(text);
    expect(result.ok && Buffer.compare(result.value, bytes)).toBe(0);
  });
});

describe('bytesToBase64 / base64ToBytes', () => {
  it('agree with Node for 0, 1, 2, 3 and 256 bytes', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 256]) {
      const bytes = ALL_BYTES.subarray(256 - n);
      const expected = Buffer.from(bytes).toString('base64');
      expect(bytesToBase64(bytes)).toBe(expected);
      expect(Array.from(base64ToBytes(expected))).toEqual(Array.from(bytes));
    }
  });

  it('round-trips all 256 byte values', () => {
    expect(Array.from(base64ToBytes(bytesToBase64(ALL_BYTES)))).toEqual(Array.from(ALL_BYTES));
  });

  it('round-trips megabytes', () => {
    const bytes = new Uint8Array(16 * 1024 * 1024 + 2);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i ^ (i >> 8) ^ (i >> 16)) & 0xff;
    const text = bytesToBase64(bytes);
    expect(text).toBe(Buffer.from(bytes).toString('base64'));
    const back = base64ToBytes(text);
    expect(Buffer.compare(back, bytes)).toBe(0);
  });

  it('works on a view into a larger buffer', () => {
    const view = ALL_BYTES.subarray(10, 14);
    expect(bytesToBase64(view)).toBe(Buffer.from([10, 11, 12, 13]).toString('base64'));
  });

  it.each([
    ['TQ', 'length'],
    ['TQ=', 'length'],
    ['TWF', 'length'],
    ['TW u', 'standard alphabet'],
    ['-_-_', 'standard alphabet'],
    ['T===', 'standard alphabet'],
    ['TQ==TQ==', 'standard alphabet'],
    ['=QQQ', 'standard alphabet'],
    ['TWé=', 'standard alphabet'],
  ])('base64ToBytes throws on %j', (text, why) => {
    expect(() => base64ToBytes(text)).toThrow(why);
  });
});
