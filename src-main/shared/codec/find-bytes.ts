// Finding bytes in bytes, fast enough for framing a flood of small messages: a byte is looked
// for four at a time (SWAR: a 32-bit word holding it has a zero byte once XORed with it).

let viewOf: ArrayBufferLike | null = null;
let words: Uint32Array = new Uint32Array(0);

/** The whole of `buffer` as 32-bit words (kept for the last buffer asked about). */
export function wordsOf(buffer: ArrayBufferLike): Uint32Array {
  if (buffer !== viewOf) {
    viewOf = buffer;
    words = new Uint32Array(buffer, 0, buffer.byteLength >>> 2);
  }
  return words;
}

/** The first index in [from, end) of `byte` in `mem`, or -1. */
export function findByte(mem: Uint8Array, byte: number, from: number, end: number): number {
  let i = from;
  const offset = mem.byteOffset;
  // Byte by byte up to a word boundary of the underlying buffer.
  const aligned = Math.min(end, ((offset + i + 3) & ~3) - offset);
  for (; i < aligned; i++) if (mem[i] === byte) return i;
  if (i >= end) return -1;
  const words = wordsOf(mem.buffer);
  const pattern = byte * 0x01010101;
  const w0 = (offset + i) >>> 2;
  const wEnd = (offset + end) >>> 2;
  for (let w = w0; w < wEnd; w++) {
    const x = words[w]! ^ pattern;
    if (((x - 0x01010101) & ~x & 0x80808080) !== 0) {
      const base = w * 4 - offset;
      for (let k = base; k < base + 4; k++) if (mem[k] === byte) return k;
    }
  }
  for (i = Math.max(i, wEnd * 4 - offset); i < end; i++) if (mem[i] === byte) return i;
  return -1;
}

/** The first index at or after `from` where `needle` lies whole within hay[.., end), or -1. */
export function indexOf(hay: Uint8Array, needle: Uint8Array, from: number, end = hay.length): number {
  const first = needle[0]!;
  const n = needle.length;
  let i = findByte(hay, first, from, end - n + 1);
  while (i >= 0) {
    let j = 1;
    while (j < n && hay[i + j] === needle[j]) j++;
    if (j === n) return i;
    i = findByte(hay, first, i + 1, end - n + 1);
  }
  return -1;
}
