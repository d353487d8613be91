import { describe, expect, it } from 'vitest';
import { parseEscapedText } from '../../../../src-main/shared/codec/escapes.js';
import { parseProbes } from '../../../helpers/results.js';

const { bytesOf, errorOf } = parseProbes(parseEscapedText, 'INVALID_ESCAPE');

const utf8 = (s: string): number[] => Array.from(new TextEncoder().encode(s));

describe('parseEscapedText', () => {
  it('encodes plain text as UTF-8', () => {
    expect(bytesOf('')).toEqual([]);
    expect(bytesOf('A')).toEqual([0x41]);
    expect(bytesOf('Hello')).toEqual(utf8('Hello'));
    expect(bytesOf('héllo €𝄞😀 中文')).toEqual(utf8('héllo €𝄞😀 中文'));
  });

  it('keeps real control characters typed into the text', () => {
    expect(bytesOf('a\nb\tc\r')).toEqual([0x61, 0x0a, 0x62, 0x09, 0x63, 0x0d]);
  });

  it.each([
    ['\\r', [0x0d]],
    ['\\n', [0x0a]],
    ['\\t', [0x09]],
    ['\\0', [0x00]],
    ['\\\\', [0x5c]],
    ['\\"', [0x22]],
    ["\\'", [0x27]],
    ['\\x00', [0x00]],
    ['\\x7f', [0x7f]],
    ['\\xFF', [0xff]],
    ['\\xaB', [0xab]],
    ['\\u0041', [0x41]],
    ['\\u00e9', [0xc3, 0xa9]],
    ['\\u20AC', [0xe2, 0x82, 0xac]],
    ['\\uFFFF', [0xef, 0xbf, 0xbf]],
    ['\\u0000', [0x00]],
    ['\\uD83D\\uDE00', [0xf0, 0x9f, 0x98, 0x80]],
  ])('decodes the escape %s', (text, expected) => {
    expect(bytesOf(text)).toEqual(expected);
  });

  it('sends \\xHH as one raw byte, not as UTF-8', () => {
    expect(bytesOf('\\xFF\\x80')).toEqual([0xff, 0x80]);
  });

  it('mixes text and escapes', () => {
    expect(bytesOf('GET / HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n')).toEqual(utf8('GET / HTTP/1.1\r\nHost: a\r\n\r\n'));
    expect(bytesOf('a\\x41\\u0042c\\\\n')).toEqual(utf8('aABc\\n'));
    expect(bytesOf('\\012')).toEqual([0x00, 0x31, 0x32]);
    expect(bytesOf('é\\xe9')).toEqual([0xc3, 0xa9, 0xe9]);
  });

  it('every byte value survives as \\xHH', () => {
    const text = Array.from({ length: 256 }, (_, b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
    expect(bytesOf(text)).toEqual(Array.from({ length: 256 }, (_, b) => b));
  });

  it('rejects an unknown escape, naming it and its position', () => {
    expect(errorOf('abc\\q')).toBe('Invalid escape "\\q" at position 4. Use \\r \\n \\t \\0 \\\\ \\xHH or \\uHHHH.');
    expect(errorOf('\\a')).toContain('Invalid escape "\\a" at position 1.');
    expect(errorOf('\\X41')).toContain('Invalid escape "\\X" at position 1.');
    expect(errorOf('\\U0041')).toContain('Invalid escape "\\U" at position 1.');
    expect(errorOf('\\1')).toContain('Invalid escape "\\1" at position 1.');
    expect(errorOf('😀\\😀')).toContain('Invalid escape "\\😀" at position 2.');
    expect(errorOf('ab\\\ncd')).toBe('Invalid escape "\\" followed by U+000A at position 3. Use \\r \\n \\t \\0 \\\\ \\xHH or \\uHHHH.');
  });

  it('counts characters, not UTF-16 units, in positions', () => {
    expect(errorOf('😀😀\\q')).toContain('at position 3.');
    expect(errorOf('éé\\q')).toContain('at position 3.');
  });

  it('rejects a trailing lone backslash', () => {
    expect(errorOf('abc\\')).toBe(
      'Incomplete escape "\\" at position 4: a backslash at the end needs a character after it. Write \\\\ for a backslash.',
    );
    expect(errorOf('\\')).toContain('Incomplete escape "\\" at position 1');
  });

  it('rejects \\x without two hex digits', () => {
    expect(errorOf('\\x4')).toBe('Incomplete escape "\\x4" at position 1: \\x needs two hex digits.');
    expect(errorOf('ab\\x4g')).toBe('Incomplete escape "\\x4" at position 3: \\x needs two hex digits.');
    expect(errorOf('\\x')).toBe('Incomplete escape "\\x" at position 1: \\x needs two hex digits.');
    expect(errorOf('\\xg0')).toBe('Incomplete escape "\\x" at position 1: \\x needs two hex digits.');
  });

  it('rejects \\u without four hex digits', () => {
    expect(errorOf('\\u')).toBe('Incomplete escape "\\u" at position 1: \\u needs four hex digits.');
    expect(errorOf('x\\u12')).toBe('Incomplete escape "\\u12" at position 2: \\u needs four hex digits.');
    expect(errorOf('\\u123g')).toBe('Incomplete escape "\\u123" at position 1: \\u needs four hex digits.');
    expect(errorOf('\\u{1F600}')).toBe('Incomplete escape "\\u" at position 1: \\u needs four hex digits.');
  });

  it('reads exactly four digits after \\u', () => {
    expect(bytesOf('\\u00411')).toEqual([0x41, 0x31]);
  });

  it('rejects a lone surrogate written as \\u', () => {
    expect(errorOf('\\uD800')).toBe(
      'Invalid escape "\\uD800" at position 1: U+D800 is a lone surrogate, which UTF-8 cannot encode. ' +
        'Write the character itself, or a high surrogate followed by a low one (as in \\uD83D\\uDE00).',
    );
    expect(errorOf('ab\\uDE00')).toContain('Invalid escape "\\uDE00" at position 3: U+DE00 is a lone surrogate');
    expect(errorOf('\\uD83Dx')).toContain('"\\uD83D" at position 1');
    expect(errorOf('\\uD83D\\u0041')).toContain('"\\uD83D" at position 1');
    expect(errorOf('\\uDE00\\uD83D')).toContain('"\\uDE00" at position 1');
    expect(errorOf('\\uD83D\\uD83D')).toContain('"\\uD83D" at position 1');
  });

  it('rejects a lone surrogate in the text itself', () => {
    expect(errorOf('ab\uD800c', 'INVALID_PAYLOAD')).toBe(
      'Invalid text: the character at position 3 is half of a UTF-16 surrogate pair (U+D800) and cannot be encoded as UTF-8.',
    );
    expect(errorOf('\uDC00', 'INVALID_PAYLOAD')).toContain('position 1');
  });

  it('encodes large text and grows its buffer correctly', () => {
    const chunk = 'abc€😀\\x00\\r\\n';
    const text = chunk.repeat(200_000);
    const expected = new Uint8Array([...utf8('abc€😀'), 0, 13, 10]);
    const result = parseEscapedText(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.length).toBe(expected.length * 200_000);
    expect(Array.from(result.value.subarray(0, expected.length))).toEqual(Array.from(expected));
    expect(Array.from(result.value.subarray(-expected.length))).toEqual(Array.from(expected));
  });
});
