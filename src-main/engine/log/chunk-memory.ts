// The memory a traffic log keeps entry bytes in: chunks filled back to back, and for logs that
// spill, chunk-sized pieces of one aligned slab, reused once their bytes are in the file.
import type { ByteFinder } from '../../shared/codec/framing.js';
import { finderIn, wasmFind } from './find-wasm.js';
import { DIRECT_ALIGN } from './spill-file.js';

export const WASM_PAGE = 64 * 1024;
/** An entry with no bytes is in no chunk. */
export const NO_CHUNK = 0xffffffff;

export const alignUp = (n: number): number => Math.ceil(n / DIRECT_ALIGN) * DIRECT_ALIGN;

/** A run of entries' bytes, back to back; in memory until written and no longer wanted there. */
export class Chunk {
  /** Bytes of entries in it, from the start. */
  fill = 0;
  /** Where it starts in the spill file; -1 until it is handed to a write. */
  filePos = -1;

  constructor(
    readonly id: number,
    /** null once its bytes are only in the file. */
    public mem: Uint8Array | null,
    /** Cut from the log's aligned slab: reused once written, and eligible for direct writes. */
    readonly pooled: boolean,
  ) {}
}

/**
 * A view onto a much larger ArrayBuffer (a pooled slab, a slice of a big read) would keep the
 * whole buffer alive for as long as the log lives, so such bytes are copied into their own.
 */
export function ownBytes(bytes: Uint8Array): Uint8Array {
  const wasted = bytes.buffer.byteLength - bytes.byteLength;
  if (wasted > 64 && wasted > bytes.byteLength) return new Uint8Array(bytes);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Chunk-sized pieces of one slab. The slab is WebAssembly memory because that is page-aligned
 * wherever V8 runs (what O_DIRECT needs) and only costs memory where touched; it holds
 * `slabChunks` chunks, the most the log can have in memory while spilling works.
 */
export class ChunkMemory {
  #slab: Uint8Array | null = null;
  #wasm: WebAssembly.Memory | null = null;
  #find: ((p: number, end: number, byte: number) => number) | null | undefined;
  #used = 0;
  #usable: boolean;
  #pool: Uint8Array[] = [];
  #disposed = false;

  constructor(
    usable: boolean,
    readonly chunkBytes: number,
    readonly slabChunks: number,
  ) {
    this.#usable = usable;
  }

  /** A piece of aligned memory, chunkBytes long, or null: then plain memory must do. */
  take(): Uint8Array | null {
    return this.#pool.pop() ?? this.#cut();
  }

  /** A byte finder over a piece take() gave (WebAssembly SIMD), or null. */
  finderFor(mem: Uint8Array): ByteFinder | null {
    if (!this.#wasm || mem.buffer !== this.#wasm.buffer) return null;
    if (this.#find === undefined) this.#find = wasmFind(this.#wasm);
    return this.#find ? finderIn(this.#find, mem) : null;
  }

  /** A piece take() gave, free again (its bytes are in the file). */
  give(mem: Uint8Array): void {
    if (!this.#disposed) this.#pool.push(mem);
  }

  dispose(): void {
    this.#disposed = true;
    this.#pool = [];
  }

  #cut(): Uint8Array | null {
    if (!this.#usable || this.#disposed) return null;
    if (!this.#slab) {
      const pages = (this.slabChunks * this.chunkBytes) / WASM_PAGE;
      try {
        this.#wasm = new WebAssembly.Memory({ initial: pages, maximum: pages });
        this.#slab = new Uint8Array(this.#wasm.buffer);
      } catch {
        // No room for it (address space): plain memory works too, written the buffered way.
        this.#usable = false;
        return null;
      }
    }
    if (this.#used + this.chunkBytes > this.#slab.byteLength) return null;
    const mem = this.#slab.subarray(this.#used, this.#used + this.chunkBytes);
    this.#used += this.chunkBytes;
    return mem;
  }
}

/** The largest chunk; a 64 MiB budget gets eight. */
const MAX_CHUNK_BYTES = 8 * 1024 * 1024;

/** How a log with `budget` bytes of memory cuts it into chunks and when it spills, resumes, is behind. */
export function planChunks(budget: number, spilling: boolean) {
  const eighth = Math.floor(budget / 8);
  // An eighth of the budget per chunk: spilling then moves memory in steps small against it.
  const slabUsable = spilling && eighth >= WASM_PAGE;
  const chunkBytes = slabUsable
    ? Math.min(MAX_CHUNK_BYTES, Math.floor(eighth / WASM_PAGE) * WASM_PAGE)
    : Math.min(MAX_CHUNK_BYTES, Math.max(64, eighth));
  // The two chunks being filled cannot be written, so the log must be allowed to hold them.
  const resumeAt = Math.max(budget, 2 * chunkBytes);
  return {
    slabUsable,
    chunkBytes,
    spillAt: budget / 2,
    keepAt: budget / 2,
    resumeAt,
    behindAt: resumeAt + Math.max(budget / 2, 2 * chunkBytes),
    minRead: Math.max(1, Math.min(16 * 1024, Math.floor(chunkBytes / 4))),
  };
}
