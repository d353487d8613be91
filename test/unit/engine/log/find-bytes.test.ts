// The byte searches framing relies on: four at a time in JS (find-bytes.ts), sixteen at a time
// in WebAssembly over a log's chunk memory (find-wasm.ts); both against a plain loop, at every
// alignment and length, and a log framing lines through each.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { FramingConfig } from '../../../../src-main/shared/contract.js';
import { findByte, indexOf } from '../../../../src-main/shared/codec/find-bytes.js';
import { createRegionFramer } from '../../../../src-main/shared/codec/framing.js';
import { finderIn, wasmFind } from '../../../../src-main/engine/log/find-wasm.js';
import { TrafficLog } from '../../../../src-main/engine/log/traffic-log.js';
import { Teardown } from '../../../helpers/net.js';
import { expectEvery } from '../../../helpers/expect-every.js';

const teardown = new Teardown();
afterEach(() => teardown.run());

function naive(mem: Uint8Array, byte: number, from: number, end: number): number {
  for (let i = from; i < end; i++) if (mem[i] === byte) return i;
  return -1;
}

describe('byte search', () => {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const whole = new Uint8Array(memory.buffer);
  const find = wasmFind(memory);

  it('has WebAssembly SIMD here (Node 24, Electron)', () => {
    expect(find).not.toBeNull();
  });

  it('finds what a plain loop finds, at every offset, length and position', () => {
    let seed = 11;
    const rand = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let round = 0; round < 400; round++) {
      const base = rand(64);
      const length = rand(200);
      const mem = whole.subarray(base, base + 300);
      for (let i = 0; i < mem.length; i++) mem[i] = rand(4) === 0 ? 0x0a : 0x61 + rand(3);
      const from = rand(length + 1);
      const finder = finderIn(find!, mem);
      for (const byte of [0x0a, 0x61, 0xff]) {
        const want = naive(mem, byte, from, length);
        expect(findByte(mem, byte, from, length)).toBe(want);
        expect(finder(byte, from, length)).toBe(want);
      }
      const needle = Uint8Array.of(0x0a, 0x61);
      let want = -1;
      for (let i = from; i + 2 <= length; i++) if (mem[i] === 0x0a && mem[i + 1] === 0x61) { want = i; break; }
      expect(indexOf(mem, needle, from, length)).toBe(want);
    }
  });

  it('frames lines read straight into a spilling log the same with and without the SIMD search', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wb-find-'));
    teardown.add(() => rm(dir, { recursive: true, force: true }));
    const lines = Array.from({ length: 5000 }, (_, i) => `line ${i}${'.'.repeat(i % 97)}\n`).join('');
    const stream = new TextEncoder().encode(lines);
    const frames: string[] = [];
    // A budget big enough for a slab: the log's chunks are WebAssembly memory, searched with SIMD.
    const log = new TrafficLog({ spill: { dir, name: 'x', budgetBytes: 8 << 20 } });
    teardown.add(() => log.dispose());
    const core = createRegionFramer(v.parse(FramingConfig, { mode: 'delimiter', delimiter: '\\n', maxFrame: 90 }))!;
    for (let at = 0; at < stream.length; ) {
      const space = log.readBuffer();
      const n = Math.min(space.length, 1 + ((at * 7919) % 5000), stream.length - at);
      space.set(stream.subarray(at, at + n));
      log.commitFramed(n, core, null, null);
      at += n;
    }
    const { entries } = await log.read(0, 1000);
    for (let from = 0; from < log.count; from += 1000) for (const e of (await log.read(from, 1000)).entries) frames.push(new TextDecoder().decode(e.bytes));
    expect(entries.length).toBe(1000);
    // Lines longer than Max frame size (90) are cut there; every byte is in order.
    expect(frames.join('')).toBe(lines);
    expectEvery(frames, (f) => f.length <= 91);
    const plain = lines.split('\n').filter((l) => l.length + 1 <= 91).length;
    expect(frames.filter((f) => f.endsWith('\n') && f.length <= 91).length).toBeGreaterThanOrEqual(plain);
  });
});
