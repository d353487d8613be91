import { describe, expect, it } from 'vitest';
import {
  formatOffset,
  hexDumpLines,
  previewHex,
  previewText,
  renderText,
} from '../../../../src-main/shared/codec/render.js';

const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);
const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const hh = (b: number): string => b.toString(16).toUpperCase().padStart(2, '0');

/** A deterministic PRNG, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('formatOffset', () => {
  it('pads to 8 uppercase hex digits and grows past them', () => {
    expect(formatOffset(0)).toBe('00000000');
    expect(formatOffset(0xabc)).toBe('00000ABC');
    expect(formatOffset(0xffffffff)).toBe('FFFFFFFF');
    expect(formatOffset(0x1_0000_0000)).toBe('100000000');
  });
});

describe('hexDumpLines', () => {
  it('gives no lines for no bytes', () => {
    expect(hexDumpLines(new Uint8Array(0))).toEqual([]);
  });

  it('pads a 1-byte line to the full width', () => {
    const [line, ...rest] = hexDumpLines(bytes(0x41));
    expect(rest).toEqual([]);
    expect(line).toEqual({ offset: 0, hex: '41' + ' '.repeat(46), ascii: 'A' });
  });

  it('lays out a full line with the gap after the 8th byte', () => {
    const lines = hexDumpLines(utf8('Hello world, hi!Bye'));
    expect(lines).toEqual([
      { offset: 0, hex: '48 65 6C 6C 6F 20 77 6F  72 6C 64 2C 20 68 69 21', ascii: 'Hello world, hi!' },
      { offset: 16, hex: '42 79 65'.padEnd(48, ' '), ascii: 'Bye' },
    ]);
  });

  it('keeps the hex column one width for every line length', () => {
    for (let n = 1; n <= 33; n++) {
      for (const line of hexDumpLines(ALL_BYTES.subarray(0, n))) expect(line.hex.length).toBe(48);
    }
    const nine = hexDumpLines(ALL_BYTES.subarray(0, 9))[0]!;
    expect(nine.hex).toBe('00 01 02 03 04 05 06 07  08' + ' '.repeat(21));
  });

  it('dumps all 256 byte values', () => {
    const lines = hexDumpLines(ALL_BYTES, 0x1000);
    expect(lines).toHaveLength(16);
    lines.forEach((line, row) => {
      const values = Array.from({ length: 16 }, (_, j) => row * 16 + j);
      expect(line.offset).toBe(0x1000 + row * 16);
      expect(line.hex).toBe(`${values.slice(0, 8).map(hh).join(' ')}  ${values.slice(8).map(hh).join(' ')}`);
      expect(line.ascii).toBe(values.map((b) => (b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : '.')).join(''));
    });
    expect(lines[2]!.ascii).toBe(' !"#$%&\'()*+,-./');
    expect(lines[7]!.ascii).toBe('pqrstuvwxyz{|}~.');
    expect(lines[15]!.ascii).toBe('................');
  });
});

describe('renderText', () => {
  it('renders nothing, and one byte', () => {
    expect(renderText(new Uint8Array(0), 'utf-8')).toBe('');
    expect(renderText(bytes(0x41), 'utf-8')).toBe('A');
    expect(renderText(bytes(0x00), 'latin1')).toBe('␀');
    expect(renderText(bytes(0xff), 'utf-8')).toBe('\\xFF');
    expect(renderText(bytes(0xff), 'latin1')).toBe('ÿ');
  });

  it('shows control bytes as control pictures', () => {
    expect(renderText(utf8('GET /\r\n'), 'utf-8')).toBe('GET /␍␊');
    expect(renderText(bytes(0x00, 0x09, 0x1b, 0x1f, 0x7f), 'utf-8')).toBe('␀␉␛␟␡');
    expect(renderText(bytes(0x00, 0x09, 0x1b, 0x1f, 0x7f), 'latin1')).toBe('␀␉␛␟␡');
  });

  it('breaks the line after each ␊ when asked', () => {
    const data = utf8('a\r\nb\n\nc');
    expect(renderText(data, 'utf-8', { breakAfterNewline: true })).toBe('a␍␊\nb␊\n␊\nc');
    expect(renderText(data, 'latin1', { breakAfterNewline: true })).toBe('a␍␊\nb␊\n␊\nc');
    expect(renderText(data, 'utf-8', { breakAfterNewline: false })).toBe('a␍␊b␊␊c');
    expect(renderText(data, 'utf-8')).not.toContain('\n');
  });

  it('decodes valid UTF-8 of every length', () => {
    const text = 'héllo €𝄞😀 中文 👨‍👩‍👧 \u0800\uD7FF\uE000\uFFFD\u{10FFFF}';
    expect(renderText(utf8(text), 'utf-8')).toBe(text);
  });

  it.each([
    ['overlong 2-byte', [0xc0, 0x80], '\\xC0\\x80'],
    ['overlong 2-byte (C1)', [0xc1, 0xbf], '\\xC1\\xBF'],
    ['overlong 3-byte', [0xe0, 0x80, 0x80], '\\xE0\\x80\\x80'],
    ['overlong 3-byte, top', [0xe0, 0x9f, 0xbf], '\\xE0\\x9F\\xBF'],
    ['overlong 4-byte', [0xf0, 0x8f, 0xbf, 0xbf], '\\xF0\\x8F\\xBF\\xBF'],
    ['high surrogate', [0xed, 0xa0, 0x80], '\\xED\\xA0\\x80'],
    ['low surrogate', [0xed, 0xbf, 0xbf], '\\xED\\xBF\\xBF'],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], '\\xF4\\x90\\x80\\x80'],
    ['F5 lead', [0xf5, 0x80, 0x80, 0x80], '\\xF5\\x80\\x80\\x80'],
    ['lone continuation', [0x41, 0x80, 0x42], 'A\\x80B'],
    ['truncated 3-byte then text', [0xe2, 0x82, 0x41], '\\xE2\\x82A'],
    ['truncated 4-byte at the end', [0xf0, 0x9f, 0x98], '\\xF0\\x9F\\x98'],
    ['lead followed by a lead', [0xc3, 0xc3, 0xa9], '\\xC3é'],
    ['bad third byte', [0xe2, 0x82, 0xc0], '\\xE2\\x82\\xC0'],
    ['bad fourth byte', [0xf0, 0x9f, 0x98, 0x41], '\\xF0\\x9F\\x98A'],
  ])('shows invalid UTF-8 (%s) byte by byte', (_name, input, expected) => {
    expect(renderText(Uint8Array.from(input), 'utf-8')).toBe(expected);
  });

  it('accepts the edges of each UTF-8 range', () => {
    expect(renderText(bytes(0xc2, 0xa0), 'utf-8')).toBe('\u00a0');
    expect(renderText(bytes(0xe0, 0xa0, 0x80), 'utf-8')).toBe('\u0800');
    expect(renderText(bytes(0xed, 0x9f, 0xbf), 'utf-8')).toBe('\uD7FF');
    expect(renderText(bytes(0xee, 0x80, 0x80), 'utf-8')).toBe('\uE000');
    expect(renderText(bytes(0xf0, 0x90, 0x80, 0x80), 'utf-8')).toBe('\u{10000}');
    expect(renderText(bytes(0xf4, 0x8f, 0xbf, 0xbf), 'utf-8')).toBe('\u{10FFFF}');
  });

  it('keeps a UTF-8 sequence split across two chunks visible in both', () => {
    const euro = utf8('a€b'); // 61 E2 82 AC 62
    expect(renderText(euro.subarray(0, 2), 'utf-8') + renderText(euro.subarray(2), 'utf-8')).toBe('a\\xE2\\x82\\xACb');
    expect(renderText(euro.subarray(0, 3), 'utf-8') + renderText(euro.subarray(3), 'utf-8')).toBe('a\\xE2\\x82\\xACb');
    const smile = utf8('😀'); // F0 9F 98 80
    expect(renderText(smile.subarray(0, 1), 'utf-8')).toBe('\\xF0');
    expect(renderText(smile.subarray(1), 'utf-8')).toBe('\\x9F\\x98\\x80');
  });

  it('escapes decoded characters that would be invisible or reorder the line', () => {
    expect(renderText(utf8('a\u0085b'), 'utf-8')).toBe('a\\u0085b');
    expect(renderText(utf8('\uFEFFhi'), 'utf-8')).toBe('\\uFEFFhi');
    expect(renderText(utf8('abc\u202Edef'), 'utf-8')).toBe('abc\\u202Edef');
    expect(renderText(utf8('x\u200By\u2028z\u2066'), 'utf-8')).toBe('x\\u200By\\u2028z\\u2066');
    expect(renderText(utf8('soft\u00ADhyphen'), 'utf-8')).toBe('soft\\u00ADhyphen');
  });

  it('renders all 256 byte values as UTF-8', () => {
    const expected = Array.from(ALL_BYTES, (b) => {
      if (b < 0x20) return String.fromCharCode(0x2400 + b);
      if (b === 0x7f) return '␡';
      if (b < 0x80) return String.fromCharCode(b);
      return `\\x${hh(b)}`; // alone (or before another lead byte) no byte >= 0x80 is valid
    }).join('');
    expect(renderText(ALL_BYTES, 'utf-8')).toBe(expected);
    for (let b = 0; b < 256; b++) {
      expect(renderText(bytes(b), 'utf-8')).toBe(expected.slice(b < 0x80 ? b : 0x80 + (b - 0x80) * 4, b < 0x80 ? b + 1 : 0x80 + (b - 0x7f) * 4));
    }
  });

  it('renders all 256 byte values as Latin-1', () => {
    const expected = Array.from(ALL_BYTES, (b) => {
      if (b < 0x20) return String.fromCharCode(0x2400 + b);
      if (b === 0x7f) return '␡';
      if (b >= 0x80 && b <= 0x9f) return `\\x${hh(b)}`;
      return String.fromCharCode(b);
    }).join('');
    const rendered = renderText(ALL_BYTES, 'latin1');
    expect(rendered).toBe(expected);
    expect(rendered.endsWith('àáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ')).toBe(true);
  });

  it('matches a reference decoder on random mixes of valid and invalid UTF-8', () => {
    const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    const reference = (data: Uint8Array): string => {
      let s = '';
      for (let i = 0; i < data.length; ) {
        const b = data[i]!;
        if (b < 0x80) {
          s += b < 0x20 ? String.fromCharCode(0x2400 + b) : b === 0x7f ? '␡' : String.fromCharCode(b);
          i++;
          continue;
        }
        let taken = 0;
        for (let k = 2; k <= 4 && i + k <= data.length && taken === 0; k++) {
          try {
            const ch = fatal.decode(data.subarray(i, i + k));
            const cp = ch.codePointAt(0)!;
            const hidden = (cp >= 0x80 && cp <= 0x9f) || /[\u00AD\u061C\u180E\u200B\u200E\u200F\u2028-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]/.test(ch);
            s += hidden ? `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}` : ch;
            taken = k;
          } catch {
            // not a whole sequence of this length
          }
        }
        if (taken === 0) {
          s += `\\x${hh(b)}`;
          taken = 1;
        }
        i += taken;
      }
      return s;
    };
    const next = random(42);
    const pieces = ['a', 'é', '€', '😀', '\u0085', '\u202E', '\r\n', '中', '\u{10FFFF}'].map(utf8);
    for (let round = 0; round < 300; round++) {
      const parts: number[] = [];
      const count = Math.floor(next() * 40);
      for (let j = 0; j < count; j++) {
        if (next() < 0.6) parts.push(...pieces[Math.floor(next() * pieces.length)]!);
        else parts.push(Math.floor(next() * 256));
      }
      const data = Uint8Array.from(parts);
      expect(renderText(data, 'utf-8')).toBe(reference(data));
    }
  });

  it('renders a megabyte without dropping a byte', () => {
    const data = new Uint8Array(1024 * 1024);
    for (let i = 0; i < data.length; i++) data[i] = i & 0xff;
    const text = renderText(data, 'utf-8', { breakAfterNewline: true });
    // per 256 bytes: 128 ASCII (one unit each, ␊ two) + 128 escapes of 4 units
    expect(text.length).toBe(4096 * (128 + 1 + 128 * 4));
    expect(renderText(data, 'latin1').length).toBe(4096 * (256 + 32 * 3));
  });
});

describe('previewText', () => {
  it('returns short text whole, on one line', () => {
    expect(previewText(utf8('hi\r\nthere\n'), 'utf-8', 80)).toBe('hi␍␊there␊');
    expect(previewText(utf8('Hello'), 'utf-8', 5)).toBe('Hello');
    expect(previewText(new Uint8Array(0), 'utf-8', 5)).toBe('');
  });

  it('cuts long text to maxChars including the ellipsis', () => {
    expect(previewText(utf8('Hello, world'), 'utf-8', 6)).toBe('Hello…');
    expect(previewText(utf8('Hello!'), 'latin1', 5)).toBe('Hell…');
    expect(previewText(utf8('ab'), 'utf-8', 1)).toBe('…');
    expect(previewText(utf8('ab'), 'utf-8', 0)).toBe('');
  });

  it('never cuts inside an escape or a surrogate pair', () => {
    expect(previewText(bytes(0x41, 0xff, 0x42), 'utf-8', 4)).toBe('A…');
    expect(previewText(bytes(0x41, 0xff, 0x42), 'utf-8', 6)).toBe('A\\xFFB');
    expect(previewText(bytes(0x41, 0xff, 0x42, 0x43), 'utf-8', 6)).toBe('A\\xFF…');
    expect(previewText(utf8('a😀b'), 'utf-8', 3)).toBe('a…');
    expect(previewText(utf8('a😀bc'), 'utf-8', 4)).toBe('a😀…');
  });

  it('stays within maxChars for every cut of every byte value', () => {
    for (const encoding of ['utf-8', 'latin1'] as const) {
      const whole = renderText(ALL_BYTES, encoding);
      for (let max = 1; max < whole.length + 2; max += 7) {
        const preview = previewText(ALL_BYTES, encoding, max);
        expect(preview.length).toBeLessThanOrEqual(max);
        if (preview.endsWith('…')) expect(whole.startsWith(preview.slice(0, -1))).toBe(true);
        else expect(preview).toBe(whole);
      }
    }
  });
});

describe('previewHex', () => {
  it('shows bytes as hex on one line, with an ellipsis when cut', () => {
    expect(previewHex(utf8('Hel'), 8)).toBe('48 65 6C');
    expect(previewHex(utf8('Hello'), 3)).toBe('48 65 6C …');
    expect(previewHex(new Uint8Array(0), 3)).toBe('');
    expect(previewHex(bytes(0), 1)).toBe('00');
    expect(previewHex(bytes(0), 0)).toBe('…');
    expect(previewHex(ALL_BYTES, 256)).not.toContain('\n');
  });
});
