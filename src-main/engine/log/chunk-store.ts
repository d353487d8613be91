// Where a log's bytes live: chunks of memory (ChunkMemory), and past the memory budget an
// append-only spill file that full chunks are written to in one go, their memory then used
// again. It knows nothing of entries: the log says how many bytes it keeps (grew) and where an
// entry lies (chunk id and offset); the store says whether that is in memory or in the file.
import { alignUp, Chunk, ChunkMemory, NO_CHUNK, planChunks } from './chunk-memory.js';
import { SpillFile } from './spill-file.js';
import type { ByteFinder } from '../../shared/codec/framing.js';

/** The first chunk of a log that never spills; later ones double up to its chunk size. */
const FIRST_PLAIN_CHUNK = 64 * 1024;
/** How far the log grows between two looks at what to spill (see grew). */
const PUMP_STEP = 64 * 1024;
/** Spill writes in flight at once: the disk is busy with one while the next is handed over. */
const WRITE_QUEUE_DEPTH = 2;

export interface SpillOptions {
  /** The folder of the file; created if missing. */
  dir: string;
  /** The file's name, unique to this process and session. */
  name: string;
  /** Entry bytes kept in memory before older ones go to the file. */
  budgetBytes: number;
}

export interface ChunkStoreOptions {
  spill?: SpillOptions;
  /** A spill write failed: nothing more is spilled; every entry stays readable (from memory). */
  onSpillFailed?: (err: unknown, dir: string) => void;
  /** True when bytes come in faster than the file takes them; false once it has caught up. */
  onPressure?: (behind: boolean) => void;
}

export class ChunkStore {
  readonly spill: SpillFile | null;
  readonly chunkBytes: number;
  /** The smallest space a socket read is given. */
  readonly minRead: number;
  /** Past this, sealed chunks are written to the file. */
  readonly #spillAt: number;
  /** Written chunks stay in memory (for fast reads) while the log holds no more than this. */
  readonly #keepAt: number;
  readonly #resumeAt: number;
  readonly #behindAt: number;
  readonly #options: ChunkStoreOptions;
  #chunks: Chunk[] = [];
  /** Full chunks not yet handed to a write, oldest first. */
  #sealed: Chunk[] = [];
  /** Written chunks still in memory, oldest first: the first to be let go. */
  #written: Chunk[] = [];
  /** Aligned memory for chunks, cut as needed. */
  readonly #memory: ChunkMemory;
  #plainChunks = 0;
  /** grew() pumps when memoryBytes passes this. */
  #pumpAt = 0;
  /** Bytes of entries held in memory (including those being written). */
  #memoryBytes = 0;
  #fileEnd = 0;
  #writes = new Set<Promise<void>>();
  #failed = false;
  #disposed = false;
  #behind = false;

  constructor(options: ChunkStoreOptions) {
    this.#options = options;
    const spill = options.spill;
    this.spill = spill ? new SpillFile(spill.dir, spill.name) : null;
    const plan = planChunks(spill ? Math.max(0, spill.budgetBytes) : Infinity, spill !== undefined);
    this.chunkBytes = plan.chunkBytes;
    this.minRead = plan.minRead;
    this.#spillAt = plan.spillAt;
    this.#keepAt = plan.keepAt;
    this.#resumeAt = plan.resumeAt;
    this.#behindAt = plan.behindAt;
    this.#memory = new ChunkMemory(plan.slabUsable, plan.chunkBytes, Math.ceil(plan.behindAt / plan.chunkBytes) + 4);
  }

  chunk(id: number): Chunk {
    return this.#chunks[id]!;
  }

  /** A fast byte search over a chunk's memory (WebAssembly SIMD where the chunk is in the slab), or null. */
  finderFor(chunk: Chunk): ByteFinder | null {
    return chunk.pooled && chunk.mem ? this.#memory.finderFor(chunk.mem) : null;
  }

  /** Bytes of entries held in memory now (the rest are in the spill file). */
  get memoryBytes(): number {
    return this.#memoryBytes;
  }

  /** The most memoryBytes reaches before the store reports it is behind (see onPressure). */
  get memoryLimit(): number {
    return this.#behindAt;
  }

  /** Where an entry's bytes start in the spill file; -1 while they are in memory (or there is none). */
  filePos(chunkId: number, at: number): number {
    if (chunkId === NO_CHUNK) return -1;
    const chunk = this.#chunks[chunkId]!;
    return chunk.mem ? -1 : chunk.filePos + at;
  }

  /** A chunk to fill, with room for at least `minBytes`. */
  fresh(minBytes: number): Chunk {
    if (minBytes <= this.chunkBytes) {
      const mem = this.#memory.take();
      if (mem) return this.adopt(mem, true);
    }
    // Logs that never spill start small: most sessions see a few bytes.
    const size = this.spill ? this.chunkBytes : Math.min(this.chunkBytes, FIRST_PLAIN_CHUNK * 2 ** this.#plainChunks++);
    return this.adopt(new Uint8Array(Math.max(size, minBytes)), false);
  }

  /** `mem` as a chunk of the store (pooled: it came from ChunkMemory and goes back there). */
  adopt(mem: Uint8Array, pooled: boolean): Chunk {
    const chunk = new Chunk(this.#chunks.length, mem, pooled);
    this.#chunks.push(chunk);
    return chunk;
  }

  /** Entries now hold `size` more bytes of chunk memory. Not on every entry of a flood: once per PUMP_STEP bytes past the mark (and on each seal and write). */
  grew(size: number): void {
    this.#memoryBytes += size;
    if (this.#memoryBytes > this.#pumpAt) this.#pump();
  }

  /** A chunk is full (or of its own): it may go to the file now. */
  seal(chunk: Chunk): void {
    if (!this.spill) return;
    this.#sealed.push(chunk);
    if (this.#memoryBytes > this.#spillAt) this.#pump();
  }

  /** Resolves when no spill write is in flight (or spilling stopped). */
  async flushed(): Promise<void> {
    while (this.#writes.size > 0) await Promise.all(this.#writes);
  }

  /** Stops spilling and deletes the spill file. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    this.#memory.dispose();
    await this.flushed();
    await this.spill?.dispose();
  }

  /**
   * Writes sealed chunks while the log holds more than half its budget, then lets go of written
   * ones beyond that. Called on growth and when a write completes.
   */
  #pump(): void {
    // Never later than the mark where the store must say it is behind.
    this.#pumpAt = Math.min(Math.max(this.#spillAt, this.#memoryBytes) + PUMP_STEP, this.#behindAt);
    if (this.#failed || this.#disposed || !this.spill) return;
    while (this.#writes.size < WRITE_QUEUE_DEPTH && this.#sealed.length > 0 && this.#memoryBytes > this.#spillAt) {
      this.#write(this.#sealed.shift()!);
    }
    while (this.#memoryBytes > this.#keepAt && this.#written.length > 0) {
      const chunk = this.#written.shift()!;
      this.#memoryBytes -= chunk.fill;
      if (chunk.pooled) this.#memory.give(chunk.mem!);
      chunk.mem = null;
    }
    this.#checkPressure();
  }

  #write(chunk: Chunk): void {
    const spill = this.spill!;
    const mem = chunk.mem!;
    let bytes: Uint8Array;
    if (chunk.pooled) {
      // Whole blocks at a block boundary (the padding is zeros), so it can bypass the page cache.
      const length = alignUp(chunk.fill);
      mem.fill(0, chunk.fill, length);
      bytes = mem.subarray(0, length);
      chunk.filePos = alignUp(this.#fileEnd);
    } else {
      bytes = mem.subarray(0, chunk.fill);
      chunk.filePos = this.#fileEnd;
    }
    this.#fileEnd = chunk.filePos + bytes.byteLength;
    const write: Promise<void> = spill.write(bytes, chunk.filePos, chunk.pooled).then(
      () => {
        this.#writes.delete(write);
        this.#written.push(chunk);
        this.#pump();
      },
      (err: unknown) => {
        this.#writes.delete(write);
        // The chunk stays in memory (still readable); nothing more goes to the file.
        if (this.#failed) return;
        this.#failed = true;
        if (!this.#disposed) this.#options.onSpillFailed?.(err, spill.dir);
      },
    );
    this.#writes.add(write);
  }

  #checkPressure(): void {
    if (this.#failed) return;
    const behind = this.#behind ? this.#memoryBytes > this.#resumeAt : this.#memoryBytes > this.#behindAt;
    if (behind !== this.#behind) {
      this.#behind = behind;
      if (!this.#disposed) this.#options.onPressure?.(behind);
    }
  }
}
