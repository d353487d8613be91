import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { FramingConfig, type FramingInput } from '../../../../src-main/shared/contract.js';
import { checkFraming, createFramer, FRAME_INCOMPLETE, FRAME_OVERSIZED } from '../../../../src-main/shared/codec/framing.js';
import { parseHex, toHex } from '../../../../src-main/shared/codec/hex.js';
import { expectEvery } from '../../../helpers/expect-every.js';

interface Frame {
  hex: string;
  flags: number;
  trail: number;
}

function hex(s: string): Uint8Array {
  const r = parseHex(s);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

function frames(input: FramingInput, chunks: Uint8Array[], close = false): Frame[] {
  const framer = createFramer(v.parse(FramingConfig, input))!;
  const out: Frame[] = [];
  const sink = (bytes: Uint8Array, flags: number, trail: number): void => {
    out.push({ hex: toHex(bytes), flags, trail });
  };
  for (const c of chunks) framer.push(c, sink);
  if (close) framer.flush(sink);
  return out;
}

/** The same stream split in two at every offset, and byte by byte: always the same frames. */
function expectAtEverySplit(input: FramingInput, stream: Uint8Array, expected: Frame[], close = false): void {
  for (let p = 0; p <= stream.length; p++) {
    expect(frames(input, [stream.subarray(0, p), stream.subarray(p)], close), `split at ${p}`).toEqual(expected);
  }
  const bytes = Array.from(stream, (b) => Uint8Array.of(b));
  expect(frames(input, bytes, close), 'byte by byte').toEqual(expected);
  // Three pieces at every pair of offsets, for short streams.
  if (stream.length <= 40) {
    for (let p = 0; p <= stream.length; p++) {
      for (let q = p; q <= stream.length; q++) {
        expect(frames(input, [stream.subarray(0, p), stream.subarray(p, q), stream.subarray(q)], close), `split at ${p}, ${q}`).toEqual(expected);
      }
    }
  }
}

const f = (h: string, flags = 0, trail = 0): Frame => ({ hex: h, flags, trail });

describe('framing', () => {
  it('cuts lines at a two-byte delimiter wherever the chunks split', () => {
    const stream = text('one\r\ntwo\r\n\r\nthree');
    expectAtEverySplit({ mode: 'delimiter', delimiter: '\\r\\n' }, stream, [f('6F 6E 65 0D 0A'), f('74 77 6F 0D 0A'), f('0D 0A')]);
    expectAtEverySplit({ mode: 'delimiter', delimiter: '\\r\\n' }, stream, [f('6F 6E 65 0D 0A'), f('74 77 6F 0D 0A'), f('0D 0A'), f('74 68 72 65 65', FRAME_INCOMPLETE)], true);
  });

  it('takes a hex delimiter (0x7E) and, without Keep delimiter, marks its bytes to hide', () => {
    expectAtEverySplit({ mode: 'delimiter', delimiter: '0x7E', keepDelimiter: false }, hex('01 02 7E 7E 03 7E'), [f('01 02 7E', 0, 1), f('7E', 0, 1), f('03 7E', 0, 1)]);
  });

  it('cuts a frame with no delimiter at Max frame size, marked oversized, and finds the next delimiter after it', () => {
    const stream = text('abcdefg\nhi\n');
    expectAtEverySplit({ mode: 'delimiter', delimiter: '\\n', maxFrame: 4 }, stream, [
      f('61 62 63 64', FRAME_OVERSIZED),
      f('65 66 67 0A'),
      f('68 69 0A'),
    ]);
  });

  it('reads a 4-byte big-endian length prefix', () => {
    const stream = hex('00 00 00 02 AA BB 00 00 00 00 00 00 00 01 CC');
    expectAtEverySplit({ mode: 'length', prefixSize: 4 }, stream, [f('00 00 00 02 AA BB'), f('00 00 00 00'), f('00 00 00 01 CC')]);
  });

  it('expresses Modbus/TCP (length at offset 4, counting what follows it)', () => {
    // Two read-holding-registers responses back to back.
    const stream = hex('00 01 00 00 00 05 01 03 02 00 2A 00 02 00 00 00 04 01 06 00 01');
    expectAtEverySplit({ mode: 'length', prefixSize: 2, lengthOffset: 4 }, stream, [
      f('00 01 00 00 00 05 01 03 02 00 2A'),
      f('00 02 00 00 00 04 01 06 00 01'),
    ]);
  });

  it('expresses TPKT (length at offset 2 counting the whole packet)', () => {
    const stream = hex('03 00 00 07 02 F0 80 03 00 00 05 AA');
    expectAtEverySplit({ mode: 'length', prefixSize: 2, lengthOffset: 2, lengthIncludesPrefix: true }, stream, [f('03 00 00 07 02 F0 80'), f('03 00 00 05 AA')]);
  });

  it('reads little-endian prefixes of 1, 2 and 8 bytes, with a signed adjustment', () => {
    expectAtEverySplit({ mode: 'length', prefixSize: 1 }, hex('02 AA BB 00 01 CC'), [f('02 AA BB'), f('00'), f('01 CC')]);
    expectAtEverySplit({ mode: 'length', prefixSize: 2, byteOrder: 'little' }, hex('01 00 AA 02 00 BB CC'), [f('01 00 AA'), f('02 00 BB CC')]);
    expectAtEverySplit({ mode: 'length', prefixSize: 8, byteOrder: 'little' }, hex('01 00 00 00 00 00 00 00 AA'), [f('01 00 00 00 00 00 00 00 AA')]);
    // The length counts a 2-byte trailer (a CRC) that follows the body: adjustment +2.
    expectAtEverySplit({ mode: 'length', prefixSize: 1, lengthAdjustment: 2 }, hex('01 AA C1 C2 00 D1 D2'), [f('01 AA C1 C2'), f('00 D1 D2')]);
  });

  it('cuts an over-long length-prefixed frame into oversized pieces and stays in step', () => {
    const stream = hex('00 04 01 02 03 04 00 01 FF');
    expectAtEverySplit({ mode: 'length', prefixSize: 2, maxFrame: 5 }, stream, [f('00 04 01 02 03', FRAME_OVERSIZED), f('04', FRAME_OVERSIZED), f('00 01 FF')]);
  });

  it('cuts fixed-size records and logs a short tail as incomplete on close', () => {
    expectAtEverySplit({ mode: 'fixed', frameSize: 3 }, hex('01 02 03 04 05 06 07'), [f('01 02 03'), f('04 05 06'), f('07', FRAME_INCOMPLETE)], true);
  });

  it('never changes bytes: frames laid end to end are the stream', () => {
    let seed = 7;
    const rand = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const stream = Uint8Array.from({ length: 5000 }, () => (rand(10) === 0 ? 0x0a : rand(256)));
    for (const input of [
      { mode: 'delimiter', delimiter: '\\n', maxFrame: 50 },
      { mode: 'length', prefixSize: 1, maxFrame: 100 },
      { mode: 'fixed', frameSize: 7 },
    ] satisfies FramingInput[]) {
      const chunks: Uint8Array[] = [];
      for (let at = 0; at < stream.length; ) {
        const n = 1 + rand(300);
        chunks.push(stream.subarray(at, at + n));
        at += n;
      }
      const out = frames(input, chunks, true);
      expect(out.map((x) => x.hex).filter(Boolean).join(' ')).toBe(toHex(stream));
    }
  });

  it('cuts a megabyte with no delimiter into Max-frame-size pieces without running out of stack', () => {
    const out = frames({ mode: 'delimiter', delimiter: '\\n', maxFrame: 2 }, [new Uint8Array(1 << 20).fill(0x61)]);
    // The last two bytes are held: a delimiter may still follow them.
    expect(out).toHaveLength((1 << 19) - 1);
    expectEvery(out, (x) => x.flags === FRAME_OVERSIZED && x.hex === '61 61');
  });

  it('refuses configs that cannot work, in words', () => {
    const bad = (input: FramingInput): string => {
      const r = checkFraming(v.parse(FramingConfig, input));
      return r.ok ? 'ok' : r.error.message;
    };
    expect(bad({ mode: 'delimiter', delimiter: '' })).toBe('Delimiter: must not be empty.');
    expect(bad({ mode: 'delimiter', delimiter: '0x7G' })).toMatch(/^Delimiter: /);
    expect(bad({ mode: 'delimiter', delimiter: '\\q' })).toMatch(/^Delimiter: Invalid escape/);
    expect(bad({ mode: 'fixed', frameSize: 10, maxFrame: 5 })).toMatch(/Frame size \(10\) must not exceed Max frame size \(5\)/);
    expect(v.safeParse(FramingConfig, { mode: 'length', prefixSize: 3 }).success).toBe(false);
  });
});
