// Framing: a stream's bytes, in whatever chunks they arrive, cut into messages (frames) by a
// delimiter, a length prefix or a fixed size. It never changes bytes: frames laid end to end
// (delimiters included) are exactly the bytes received.
//
// The core (RegionFramer) finds frame boundaries in a region of memory that holds the current
// frame from its first byte: a log can then read a socket straight into its own memory and cut
// entries where they lie, with no copy. Framer wraps a core for bytes that come as chunks,
// holding an incomplete frame's bytes itself.
import { m } from '../i18n/paraglide/messages.js';
import type { FramingConfig, Result } from '../contract.js';
import { MAX_DELIMITER_BYTES } from '../contract.js';
import { parseEscapedText } from './escapes.js';
import { findByte, indexOf, wordsOf } from './find-bytes.js';
import { parseHex } from './hex.js';


/** The frame was cut at maxFrame (its remaining bytes follow as further frames). */
export const FRAME_OVERSIZED = 1;
/** The connection closed before the frame was complete. */
export const FRAME_INCOMPLETE = 2;

/** The first index in [from, end) of `byte` in the region's memory, or -1 (a faster search a caller may have). */
export type ByteFinder = (byte: number, from: number, end: number) => number;

/** A frame at mem[offset, offset + length); `trail`: how many of its last bytes are the delimiter. */
export type RegionSink = (offset: number, length: number, flags: number, trail: number) => void;

/**
 * Frame boundaries in mem[start, end), where start is the first byte of the current frame.
 * Emits each complete frame in order and returns where the next (incomplete) frame begins;
 * what it learnt of that frame is kept, relative to its start, for the next scan (which must
 * begin at that frame's first byte, wherever its bytes have moved to).
 */
export interface RegionFramer {
  scan(mem: Uint8Array, start: number, end: number, emit: RegionSink, maxFrames?: number): number;
  /** A frame left when the connection closes, or cut off: its flags (FRAME_INCOMPLETE, maybe OVERSIZED). */
  tailFlags(): number;
  /** The current frame's bytes went elsewhere (flushed): start afresh. */
  reset(): void;
  /**
   * Where a core has it (one-byte delimiters): the ends of plain frames from `start` on into
   * `ends`, for a log that indexes a run at a time; fewer than fit means scan() goes on from
   * after the last. Their delimiters are runTrail bytes long.
   */
  scanRun?(mem: Uint8Array, start: number, end: number, ends: Uint32Array, find?: ByteFinder | null): number;
  readonly runTrail?: number;
}

/** A delimiter typed as text with escapes (\r\n) or as hex starting with 0x (0x7E, 0x0D0A). */
export function parseDelimiter(text: string): Result<Uint8Array> {
  const trimmed = text.trim();
  const parsed = /^0x/i.test(trimmed) ? parseHex(trimmed) : parseEscapedText(text);
  if (!parsed.ok) return { ok: false, error: { code: parsed.error.code, message: `${m.delimiter()}: ${parsed.error.message}` } };
  if (parsed.value.length === 0) return { ok: false, error: { code: 'INVALID_PAYLOAD', message: m.framing_delimiter_empty() } };
  if (parsed.value.length > MAX_DELIMITER_BYTES) {
    return { ok: false, error: { code: 'INVALID_PAYLOAD', message: m.framing_delimiter_long({ length: parsed.value.length, max: MAX_DELIMITER_BYTES }) } };
  }
  return parsed;
}

/** Checks a framing config beyond its schema (the delimiter parses; sizes fit the max). */
export function checkFraming(config: FramingConfig): Result<null> {
  if (config.mode === 'delimiter') {
    const d = parseDelimiter(config.delimiter);
    if (!d.ok) return d;
  }
  if (config.mode === 'fixed' && config.frameSize > config.maxFrame) {
    return { ok: false, error: { code: 'INVALID_PAYLOAD', message: m.framing_frame_over_max({ frameSize: config.frameSize, maxFrame: config.maxFrame }) } };
  }
  if (config.mode === 'length' && config.lengthOffset + config.prefixSize > config.maxFrame) {
    return { ok: false, error: { code: 'INVALID_PAYLOAD', message: m.framing_offset_over_max() } };
  }
  return { ok: true, value: null };
}

/** The core for `config`, or null for "None (as received)". Throws on a config checkFraming refuses. */
export function createRegionFramer(config: FramingConfig): RegionFramer | null {
  const checked = checkFraming(config);
  if (!checked.ok) throw new Error(checked.error.message);
  switch (config.mode) {
    case 'none':
      return null;
    case 'delimiter': {
      const d = parseDelimiter(config.delimiter);
      return new DelimiterCore(d.ok ? d.value : Uint8Array.of(0x0a), config.keepDelimiter, config.maxFrame);
    }
    case 'fixed':
      return new SizeCore(config.maxFrame, () => config.frameSize);
    case 'length':
      return new SizeCore(config.maxFrame, lengthReader(config));
  }
}

/** A framer for chunks, or null for "None (as received)". */
export function createFramer(config: FramingConfig): Framer | null {
  const core = createRegionFramer(config);
  return core ? new Framer(core) : null;
}

/**
 * Called for each frame, in order. `bytes` is a view of the pushed chunk, or bytes the framer
 * gathered and no longer uses (the sink may keep those).
 */
export type FrameSink = (bytes: Uint8Array, flags: number, trail: number) => void;

/** Frames from chunks: frames inside a chunk are views of it; one spanning chunks is gathered. */
export class Framer {
  #held = new Uint8Array(256);
  #length = 0;

  constructor(private readonly core: RegionFramer) {}

  /** Bytes held (of a frame not yet complete). */
  get pending(): number {
    return this.#length;
  }

  push(chunk: Uint8Array, sink: FrameSink): void {
    let at = 0;
    if (this.#length > 0) {
      // Complete the held frame with the chunk's bytes, then go on in the chunk itself.
      const before = this.#length;
      this.#add(chunk);
      const held = this.#held;
      const next = this.core.scan(held, 0, this.#length, (o, l, f, t) => sink(held.slice(o, o + l), f, t), 1);
      if (next < before) {
        // An oversized piece cut from the held bytes alone: keep the rest held.
        held.copyWithin(0, next, this.#length);
        this.#length -= next;
        if (next > 0) this.push(new Uint8Array(0), sink);
        return;
      }
      if (next === 0) return;
      this.#length = 0;
      at = next - before;
    }
    const next = this.core.scan(chunk, at, chunk.length, (o, l, f, t) => sink(chunk.subarray(o, o + l), f, t));
    if (next < chunk.length) this.#add(chunk.subarray(next));
  }

  /** The connection closed: what is held becomes one frame marked incomplete. */
  flush(sink: FrameSink): void {
    if (this.#length > 0) sink(this.#held.slice(0, this.#length), this.core.tailFlags(), 0);
    this.#length = 0;
    this.core.reset();
  }

  #add(bytes: Uint8Array): void {
    if (this.#length + bytes.length > this.#held.length) {
      const grown = new Uint8Array(Math.max(this.#held.length * 2, this.#length + bytes.length));
      grown.set(this.#held.subarray(0, this.#length));
      this.#held = grown;
    }
    this.#held.set(bytes, this.#length);
    this.#length += bytes.length;
  }
}

class DelimiterCore implements RegionFramer {
  /** Bytes of the current frame already searched (a delimiter may still start in the last few). */
  #searched = 0;
  readonly #trail: number;

  constructor(
    private readonly delimiter: Uint8Array,
    keep: boolean,
    private readonly maxFrame: number,
  ) {
    this.#trail = keep ? 0 : delimiter.length;
  }

  scan(mem: Uint8Array, start: number, end: number, emit: RegionSink, maxFrames = Infinity): number {
    if (this.delimiter.length === 1 && maxFrames === Infinity) return this.#scanBytes(mem, start, end, emit);
    const d = this.delimiter;
    const n = d.length;
    const max = this.maxFrame;
    let at = start;
    let frames = 0;
    while (at < end && frames < maxFrames) {
      // A delimiter ends the frame only if its content (before it) fits Max frame size.
      const from = at + Math.max(0, this.#searched - (n - 1));
      const last = Math.min(end, at + max + n);
      const i = n === 1 ? findByte(mem, d[0]!, from, last) : indexOf(mem, d, from, last);
      if (i >= 0) {
        emit(at, i + n - at, 0, this.#trail);
        at = i + n;
      } else if (end - at >= max + n) {
        // No delimiter within Max frame size: the frame is cut there.
        emit(at, max, FRAME_OVERSIZED, 0);
        at += max;
      } else {
        this.#searched = end - at;
        return at;
      }
      this.#searched = 0;
      frames++;
    }
    return at;
  }

  /** The run of plain frames scanRun found, and why it stopped short of filling `ends`. */
  #runStop: 'end' | 'cut' = 'end';

  /** #scanRun's frames through `emit`, cutting each frame longer than Max frame size. */
  #scanBytes(mem: Uint8Array, start: number, end: number, emit: RegionSink): number {
    const ends = this.#ends;
    const trail = this.#trail;
    let at = start;
    for (;;) {
      const count = this.scanRun(mem, at, end, ends);
      for (let j = 0; j < count; j++) {
        emit(at, ends[j]! - at, 0, trail);
        at = ends[j]!;
      }
      if (count === ends.length) continue;
      if (this.#runStop === 'end') return at;
      emit(at, this.maxFrame, FRAME_OVERSIZED, 0);
      at += this.maxFrame;
    }
  }

  readonly #ends = new Uint32Array(1024);

  /** How many bytes a plain frame's delimiter is, hidden by the view (0 with Keep delimiter). */
  get runTrail(): number {
    return this.#trail;
  }

  /**
   * The common case (a one-byte delimiter such as \n) in one pass, for a log that indexes frames
   * a run at a time: the end of each complete frame from `start` on goes to `ends`, up to its
   * length; returns how many. Fewer means the data ended (what is left is the next frame's
   * start) or the next frame must be cut at Max frame size (scan() does that). One-byte
   * delimiters only (null otherwise). The bytes are read eight at a time, with no call per byte.
   */
  scanRun(mem: Uint8Array, start: number, end: number, ends: Uint32Array, find: ByteFinder | null = null): number {
    if (this.delimiter.length !== 1) return 0;
    if (find) return this.#scanRunWith(find, start, end, ends);
    const byte = this.delimiter[0]!;
    const max = this.maxFrame;
    const room = ends.length;
    const offset = mem.byteOffset;
    let at = start;
    let count = 0;
    let i = start + this.#searched;
    this.#searched = 0;
    // Byte by byte up to a word boundary and at the end, by words in between.
    const aligned = Math.min(end, ((offset + i + 3) & ~3) - offset);
    const wEnd = (offset + end) >>> 2;
    const tailFrom = Math.max(aligned, wEnd * 4 - offset);
    for (; i < aligned; i++) {
      if (i - at > max) return this.#stopRun('cut', count);
      if (mem[i] !== byte) continue;
      ends[count++] = at = i + 1;
      if (count === room) return count;
    }
    if (i < end) {
      const words = wordsOf(mem.buffer);
      const pattern = byte * 0x01010101;
      // Two words a step: a word holding the byte has a zero byte once XORed with it.
      for (let w = (offset + i) >>> 2; w < wEnd; w += 2) {
        // No delimiter within Max frame size of the frame's start: it is cut (no scan to the end).
        if (w * 4 - offset - at > max) return this.#stopRun('cut', count);
        const x = words[w]! ^ pattern;
        const y = w + 1 < wEnd ? words[w + 1]! ^ pattern : 0x01010101;
        if (((((x - 0x01010101) & ~x) | ((y - 0x01010101) & ~y)) & 0x80808080) === 0) continue;
        for (let k = Math.max(w * 4 - offset, at), last = Math.min(w * 4 - offset + 8, tailFrom); k < last; k++) {
          if (mem[k] !== byte) continue;
          if (k - at > max) return this.#stopRun('cut', count);
          ends[count++] = at = k + 1;
          if (count === room) return count;
        }
      }
      for (i = tailFrom; i < end; i++) {
        if (i - at > max) return this.#stopRun('cut', count);
        if (mem[i] !== byte) continue;
        ends[count++] = at = i + 1;
        if (count === room) return count;
      }
    }
    if (end - at > max) return this.#stopRun('cut', count);
    this.#searched = end - at;
    return this.#stopRun('end', count);
  }

  /** scanRun with the caller's search (e.g. SIMD over WebAssembly memory). */
  #scanRunWith(find: ByteFinder, start: number, end: number, ends: Uint32Array): number {
    const byte = this.delimiter[0]!;
    const max = this.maxFrame;
    let at = start;
    let count = 0;
    let i = start + this.#searched;
    this.#searched = 0;
    for (;;) {
      // Only as far as a delimiter could still end this frame.
      const k = find(byte, i, Math.min(end, at + max + 1));
      if (k < 0) break;
      ends[count++] = at = i = k + 1;
      if (count === ends.length) return count;
    }
    if (end - at > max) return this.#stopRun('cut', count);
    this.#searched = end - at;
    return this.#stopRun('end', count);
  }

  #stopRun(why: 'end' | 'cut', count: number): number {
    this.#runStop = why;
    return count;
  }

  tailFlags(): number {
    return FRAME_INCOMPLETE;
  }

  reset(): void {
    this.#searched = 0;
  }
}

/** Reads a frame's total size from its first bytes: null until enough of them have arrived. */
type SizeOf = (mem: Uint8Array, at: number, have: number) => number | null;

function lengthReader(config: FramingConfig): SizeOf {
  const { lengthOffset: offset, prefixSize: size, byteOrder, lengthIncludesPrefix, lengthAdjustment } = config;
  const header = offset + size;
  return (mem, at, have) => {
    if (have < header) return null;
    let value = 0;
    for (let i = 0; i < size; i++) value = value * 256 + mem[at + offset + (byteOrder === 'big' ? i : size - 1 - i)]!;
    const total = (lengthIncludesPrefix ? value : header + value) + lengthAdjustment;
    // A length smaller than the header itself cannot be: the header alone is the frame.
    return Math.max(header, total);
  };
}

/** Fixed size and length prefix: frames whose size is known once their first bytes are. */
class SizeCore implements RegionFramer {
  /** Bytes still owed of a frame cut at Max frame size (they follow as oversized pieces). */
  #owed = 0;

  constructor(
    private readonly maxFrame: number,
    private readonly sizeOf: SizeOf,
  ) {}

  scan(mem: Uint8Array, start: number, end: number, emit: RegionSink, maxFrames = Infinity): number {
    const max = this.maxFrame;
    let at = start;
    let frames = 0;
    while (at < end && frames < maxFrames) {
      const have = end - at;
      let take: number;
      let flags = FRAME_OVERSIZED;
      if (this.#owed > 0) {
        take = Math.min(this.#owed, max);
        if (have < take) return at;
        this.#owed -= take;
      } else {
        const size = this.sizeOf(mem, at, have);
        if (size === null) return at;
        take = Math.min(size, max);
        if (have < take) return at;
        if (size <= max) flags = 0;
        this.#owed = size - take;
      }
      emit(at, take, flags, 0);
      at += take;
      frames++;
    }
    return at;
  }

  tailFlags(): number {
    return FRAME_INCOMPLETE | (this.#owed > 0 ? FRAME_OVERSIZED : 0);
  }

  reset(): void {
    this.#owed = 0;
  }
}
