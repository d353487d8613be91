// The append-only file a TrafficLog moves older bytes to. Opened lazily (most sessions never
// spill), exclusively ('wx+', 0600) so two processes or sessions can never share one.
import { mkdir, open, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

export class SpillFile {
  readonly path: string;
  #handle: Promise<FileHandle> | null = null;
  #disposed: Promise<void> | null = null;

  constructor(readonly dir: string, name: string) {
    this.path = join(dir, name);
  }

  /** Writes the chunks back to back at `position`; rejects with the OS error (ENOSPC, EACCES...). */
  async write(chunks: Uint8Array[], position: number): Promise<void> {
    const handle = await this.#open();
    let pos = position;
    let pending = chunks;
    // writev may write less than asked (a full disk part-way): finish the rest or fail.
    while (pending.length > 0) {
      const { bytesWritten } = await handle.writev(pending, pos);
      pos += bytesWritten;
      pending = skip(pending, bytesWritten);
      if (bytesWritten === 0 && pending.length > 0) throw Object.assign(new Error('No bytes were written.'), { code: 'EIO' });
    }
  }

  /** `length` bytes at `position`, all of them (they were written before being read). */
  async read(position: number, length: number): Promise<Uint8Array> {
    const handle = await this.#open();
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await handle.read(out, done, length - done, position + done);
      if (bytesRead === 0) throw Object.assign(new Error(`The log file ${this.path} is shorter than expected.`), { code: 'EIO' });
      done += bytesRead;
    }
    return out;
  }

  /** Close and delete the file. Idempotent; errors are ignored (the file may never have existed). */
  dispose(): Promise<void> {
    this.#disposed ??= (async () => {
      if (!this.#handle) return;
      try {
        const handle = await this.#handle;
        await handle.close();
      } catch {
        // Opening failed: there is nothing to close.
      }
      await unlink(this.path).catch(() => undefined);
    })();
    return this.#disposed;
  }

  #open(): Promise<FileHandle> {
    if (this.#disposed) return Promise.reject(Object.assign(new Error('The log file is closed.'), { code: 'ECLOSED' }));
    this.#handle ??= (async () => {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      return open(this.path, 'wx+', 0o600);
    })();
    return this.#handle;
  }
}

function skip(chunks: Uint8Array[], n: number): Uint8Array[] {
  let rest = n;
  let i = 0;
  while (i < chunks.length && rest >= chunks[i]!.byteLength) rest -= chunks[i++]!.byteLength;
  const out = chunks.slice(i);
  if (rest > 0 && out.length > 0) out[0] = out[0]!.subarray(rest);
  return out;
}
