// Framing: a stream's bytes, in whatever chunks they arrive, cut into messages (frames) by a
// delimiter, a length prefix or a fixed size. Incremental: a Framer holds the bytes of the frame
// it is in, at most maxFrame of them. It never changes bytes: frames laid end to end (delimiters
// included) are exactly the bytes pushed.
import type { FramingConfig, Result } from '../contract.js';
import { MAX_DELIMITER_BYTES } from '../contract.js';
import { parseEscapedText } from './escapes.js';
import { parseHex } from './hex.js';

/** The frame was cut at maxFrame (its remaining bytes follow as further frames). */
export const FRAME_OVERSIZED = 1;
/** The connection closed before the frame was complete. */
export const FRAME_INCOMPLETE = 2;

/**
 * Called for each frame, in order. `bytes` is a view of the pushed chunk, or bytes the framer
 * gathered and no longer uses (the sink may keep those). `trail` is how many of its last bytes are the
 * delimiter (which the view hides when "Keep delimiter" is off).
 */
export type FrameSink = (bytes: Uint8Array, flags: number, trail: number) => void;

/** A delimiter typed as text with escapes (\r\n) or as hex starting with 0x (0x7E, 0x0D0A). */
export function parseDelimiter(text: string): Result<Uint8Array> {
  const trimmed = text.trim();
  const parsed = /^0x/i.test(trimmed) ? parseHex(trimmed) : parseEscapedText(text);
  if (!parsed.ok) return { ok: false, error: { code: parsed.error.code, message: `Delimiter: ${parsed.error.message}` } };
  if (parsed.value.length === 0) return { ok: false, error: { code: 'INVALID_PAYLOAD', message: 'Delimiter: must not be empty.' } };
  if (parsed.value.length > MAX_DELIMITER_BYTES) {
    return { ok: false, error: { code: 'INVALID_PAYLOAD', message: `Delimiter: is ${parsed.value.length} bytes; at most ${MAX_DELIMITER_BYTES}.` } };
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
    return { ok: false, error: { code: 'INVALID_PAYLOAD', message: `Frame size (${config.frameSize}) must not exceed Max frame size (${config.maxFrame}).` } };
  }
  if (config.mode === 'length' && config.lengthOffset + config.prefixSize > config.maxFrame) {
    return { ok: false, error: { code: 'INVALID_PAYLOAD', message: 'Length offset plus prefix size must not exceed Max frame size.' } };
  }
  return { ok: true, value: null };
}

/** A framer for `config`, or null for "None (as received)". Throws on a config checkFraming refuses. */
export function createFramer(config: FramingConfig): Framer | null {
  const checked = checkFraming(config);
  if (!checked.ok) throw new Error(checked.error.message);
  switch (config.mode) {
    case 'none':
      return null;
    case 'delimiter': {
      const d = parseDelimiter(config.delimiter);
      return new DelimiterFramer(d.ok ? d.value : new Uint8Array([0x0a]), config.keepDelimiter, config.maxFrame);
    }
    case 'fixed':
      return new SizeFramer(config.maxFrame, () => config.frameSize);
    case 'length':
      return new SizeFramer(config.maxFrame, lengthReader(config));
  }
}

export interface Framer {
  push(chunk: Uint8Array, sink: FrameSink): void;
  /** The connection closed: what is held becomes one frame marked incomplete. */
  flush(sink: FrameSink): void;
  /** Bytes held (of a frame not yet complete). */
  readonly pending: number;
}

/** A growable byte buffer holding the current frame's bytes (never more than maxFrame). */
class Pending {
  buf = new Uint8Array(256);
  length = 0;

  add(bytes: Uint8Array): void {
    if (this.length + bytes.length > this.buf.length) {
      const grown = new Uint8Array(Math.max(this.buf.length * 2, this.length + bytes.length));
      grown.set(this.buf.subarray(0, this.length));
      this.buf = grown;
    }
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** The held bytes, then emptied; they are the caller's to keep (a new buffer takes over). */
  take(): Uint8Array {
    const out = this.buf.subarray(0, this.length);
    this.length = 0;
    this.buf = new Uint8Array(256);
    return out;
  }
}

class DelimiterFramer implements Framer {
  readonly #pending = new Pending();
  readonly #trail: number;

  constructor(
    private readonly delimiter: Uint8Array,
    keep: boolean,
    private readonly maxFrame: number,
  ) {
    this.#trail = keep ? 0 : delimiter.length;
  }

  get pending(): number {
    return this.#pending.length;
  }

  push(chunk: Uint8Array, sink: FrameSink): void {
    const d = this.delimiter;
    const max = this.maxFrame;
    const held = this.#pending;
    let at = 0;
    if (held.length > 0) {
      // The frame began in an earlier chunk; its delimiter may straddle the boundary.
      let end = this.#straddleEnd(chunk);
      if (end === null) {
        const i = indexOf(chunk, d, 0);
        end = i < 0 ? -1 : i + d.length;
      }
      if (end >= 0 && held.length + end - d.length <= max) {
        held.add(chunk.subarray(0, end));
        sink(held.take(), 0, this.#trail);
        at = end;
      } else {
        const room = max - held.length;
        if (end < 0 && chunk.length <= room) {
          held.add(chunk);
          return;
        }
        // No delimiter within Max frame size: the frame is cut there.
        held.add(chunk.subarray(0, room));
        sink(held.take(), FRAME_OVERSIZED, 0);
        at = room;
      }
    }
    while (at < chunk.length) {
      const i = indexOf(chunk, d, at);
      if (i >= 0 && i - at <= max) {
        sink(chunk.subarray(at, i + d.length), 0, this.#trail);
        at = i + d.length;
      } else if (chunk.length - at > max) {
        sink(chunk.subarray(at, at + max), FRAME_OVERSIZED, 0);
        at += max;
      } else {
        held.add(chunk.subarray(at));
        break;
      }
    }
  }

  /** Where a delimiter that began in the held bytes ends in `chunk`, if it does. */
  #straddleEnd(chunk: Uint8Array): number | null {
    const d = this.delimiter;
    const held = this.#pending.buf.subarray(0, this.#pending.length);
    for (let k = Math.min(d.length - 1, held.length); k >= 1; k--) {
      // The held bytes end with d[0..k) and the chunk starts with d[k..).
      if (d.length - k > chunk.length) continue;
      let match = true;
      for (let j = 0; j < k && match; j++) if (held[held.length - k + j] !== d[j]) match = false;
      for (let j = k; j < d.length && match; j++) if (chunk[j - k] !== d[j]) match = false;
      if (match) return d.length - k;
    }
    return null;
  }

  flush(sink: FrameSink): void {
    if (this.#pending.length > 0) sink(this.#pending.take(), FRAME_INCOMPLETE, 0);
  }
}

/** Reads a frame's total size from its first bytes: null until enough of them have arrived. */
type SizeOf = (head: (i: number) => number, have: number) => number | null;

function lengthReader(config: FramingConfig): SizeOf {
  const { lengthOffset: offset, prefixSize: size, byteOrder, lengthIncludesPrefix, lengthAdjustment } = config;
  const header = offset + size;
  return (head, have) => {
    if (have < header) return null;
    let value = 0;
    for (let i = 0; i < size; i++) {
      const b = head(offset + (byteOrder === 'big' ? i : size - 1 - i));
      value = value * 256 + b;
    }
    const total = (lengthIncludesPrefix ? value : header + value) + lengthAdjustment;
    // A length smaller than the header itself cannot be: the header alone is the frame.
    return Math.max(header, total);
  };
}

/** Fixed size and length prefix: frames whose size is known once their first bytes are. */
class SizeFramer implements Framer {
  readonly #pending = new Pending();
  /** The current frame's size once known; bytes of it still owed after an oversized cut. */
  #size: number | null = null;
  #oversized = false;

  constructor(
    private readonly maxFrame: number,
    private readonly sizeOf: SizeOf,
  ) {}

  get pending(): number {
    return this.#pending.length;
  }

  push(chunk: Uint8Array, sink: FrameSink): void {
    let at = 0;
    while (at < chunk.length) {
      const held = this.#pending.length;
      if (this.#size === null) {
        if (held === 0) {
          // Fast path: the frame's header is in this chunk.
          const size = this.sizeOf((i) => (at + i < chunk.length ? chunk[at + i]! : 0), chunk.length - at);
          if (size !== null && size <= this.maxFrame && at + size <= chunk.length) {
            sink(chunk.subarray(at, at + size), 0, 0);
            at += size;
            continue;
          }
          this.#size = size;
        } else {
          // Take bytes one at a time until the header is complete (headers are small).
          this.#pending.add(chunk.subarray(at, at + 1));
          at += 1;
          this.#size = this.sizeOf((i) => this.#pending.buf[i]!, this.#pending.length);
          if (this.#size !== null && this.#pending.length >= this.#size && this.#size <= this.maxFrame) this.#emit(sink);
          continue;
        }
      }
      if (this.#size === null) {
        this.#pending.add(chunk.subarray(at));
        return;
      }
      // Fill the frame, cutting at maxFrame.
      const want = Math.min(this.#size, this.maxFrame) - this.#pending.length;
      const take = Math.min(want, chunk.length - at);
      this.#pending.add(chunk.subarray(at, at + take));
      at += take;
      if (take === want) this.#emit(sink);
    }
  }

  #emit(sink: FrameSink): void {
    const size = this.#size!;
    if (size > this.maxFrame) {
      sink(this.#pending.take(), FRAME_OVERSIZED, 0);
      // The rest of the frame is owed: taken as more pieces, all marked oversized.
      this.#size = size - this.maxFrame;
      this.#oversized = true;
      return;
    }
    sink(this.#pending.take(), this.#oversized ? FRAME_OVERSIZED : 0, 0);
    this.#size = null;
    this.#oversized = false;
  }

  flush(sink: FrameSink): void {
    if (this.#pending.length > 0) sink(this.#pending.take(), FRAME_INCOMPLETE | (this.#oversized ? FRAME_OVERSIZED : 0), 0);
    this.#size = null;
    this.#oversized = false;
  }
}

/** The first index at or after `from` where `needle` occurs in `hay`, or -1. */
export function indexOf(hay: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0]!;
  const n = needle.length;
  let i = hay.indexOf(first, from);
  while (i >= 0 && i + n <= hay.length) {
    let j = 1;
    while (j < n && hay[i + j] === needle[j]) j++;
    if (j === n) return i;
    i = hay.indexOf(first, i + 1);
  }
  return -1;
}
