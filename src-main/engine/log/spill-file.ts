// The append-only file a TrafficLog moves older bytes to. Opened lazily (most sessions never
// spill), exclusively (O_EXCL, 0600) so two processes or sessions can never share one.
//
// Whole blocks from block-aligned memory are written with O_DIRECT where the platform and file
// system allow it: the bytes go from the log's memory to the disk without passing through the
// page cache, so a multi-gigabyte log neither costs a second copy per byte nor pushes the
// user's other files out of the cache. Anything else (unaligned memory, no O_DIRECT: macOS,
// Windows, tmpfs) is written the ordinary way; Linux keeps the two kinds of write coherent.
import { constants } from 'node:fs';
import { mkdir, open, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode } from '../../native/native.js';

/** What O_DIRECT needs of a write's memory address, length and file position. */
export const DIRECT_ALIGN = 4096;

interface Handles {
  /** Buffered, read and write. */
  file: FileHandle;
  /** O_DIRECT, write only; null where it is unavailable (or was refused once). */
  direct: FileHandle | null;
}

export class SpillFile {
  readonly path: string;
  #handles: Promise<Handles> | null = null;
  #disposed: Promise<void> | null = null;

  constructor(readonly dir: string, name: string) {
    this.path = join(dir, name);
  }

  /**
   * Writes `bytes` at `position`; rejects with the OS error (ENOSPC, EACCES...). `aligned` says
   * the bytes' memory starts on a DIRECT_ALIGN boundary (position and length are checked here).
   */
  async write(bytes: Uint8Array, position: number, aligned = false): Promise<void> {
    const handles = await this.#open();
    const direct = aligned && position % DIRECT_ALIGN === 0 && bytes.byteLength % DIRECT_ALIGN === 0 ? handles.direct : null;
    if (direct) {
      try {
        await writeAll(direct, bytes, position);
        return;
      } catch (err) {
        // The file system took the open but not the write (alignment it wants is larger):
        // everything from now on goes the buffered way.
        if (errnoCode(err) !== 'EINVAL') throw err;
        if (handles.direct === direct) {
          handles.direct = null;
          await direct.close().catch(() => undefined);
        }
      }
    }
    await writeAll(handles.file, bytes, position);
  }

  /** `length` bytes at `position`, all of them (they were written before being read). */
  async read(position: number, length: number): Promise<Uint8Array> {
    const { file } = await this.#open();
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await file.read(out, done, length - done, position + done);
      if (bytesRead === 0) throw Object.assign(new Error(`The log file ${this.path} is shorter than expected.`), { code: 'EIO' });
      done += bytesRead;
    }
    return out;
  }

  /** Close and delete the file. Idempotent; errors are ignored (the file may never have existed). */
  dispose(): Promise<void> {
    this.#disposed ??= (async () => {
      if (!this.#handles) return;
      try {
        const { file, direct } = await this.#handles;
        await Promise.all([file.close(), direct?.close()]);
      } catch {
        // Opening failed: there is nothing to close.
      }
      await unlink(this.path).catch(() => undefined);
    })();
    return this.#disposed;
  }

  #open(): Promise<Handles> {
    if (this.#disposed) return Promise.reject(Object.assign(new Error('The log file is closed.'), { code: 'ECLOSED' }));
    this.#handles ??= (async () => {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      const file = await open(this.path, 'wx+', 0o600);
      let direct: FileHandle | null = null;
      const O_DIRECT = (constants as { O_DIRECT?: number }).O_DIRECT;
      if (O_DIRECT !== undefined) direct = await open(this.path, constants.O_WRONLY | O_DIRECT).catch(() => null);
      return { file, direct };
    })();
    return this.#handles;
  }
}

async function writeAll(handle: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  let done = 0;
  // A write may take less than asked (a full disk part-way): finish the rest or fail.
  while (done < bytes.byteLength) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.byteLength - done, position + done);
    if (bytesWritten === 0) throw Object.assign(new Error('No bytes were written.'), { code: 'EIO' });
    done += bytesWritten;
  }
}
