// The user's files (workspace, library) on disk: read and checked on load, a bad one kept aside
// under a new name (never overwritten), written atomically (a temporary file, fsync, rename), so a
// crash or a full disk leaves the previous file whole.
//
// Written by hand rather than with write-file-atomic: that package writes with one fs.write and
// ignores a short count, so on a filling disk it renames a truncated file over the good one
// (still so in its 8.0.0; reproduced here on a 64 KiB tmpfs, and tested below in workspace-store).
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { m } from '../shared/i18n/paraglide/messages.js';
import type { Result, WireError } from '../shared/contract.js';
import { errnoCode } from '../native/native.js';
import { publish, removeStaleTemps, tempPathFor } from '../engine/log/save-target.js';

export type FileLoad<T> =
  | { state: 'missing' }
  | { state: 'loaded'; value: T }
  /** It did not parse or check: renamed to keptAs; why, in words. */
  | { state: 'set-aside'; reason: string; keptAs: string }
  /** It could not be read at all (permissions, a folder in its place): left where it is. */
  | { state: 'unreadable'; error: WireError };

/** `parse` checks the JSON value (schema, version) and says in words what is wrong with it. */
export async function loadJsonFile<T>(file: string, parse: (raw: unknown) => Result<T>): Promise<FileLoad<T>> {
  // The store is this process's alone: any temporary file of it a load finds is a dead write's.
  await removeStaleTemps(file, 0);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return { state: 'missing' };
    return { state: 'unreadable', error: dataFileError(err, file, 'read') };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return setAside(file, `it is not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const parsed = parse(raw);
  if (!parsed.ok) return setAside(file, parsed.error.message);
  return { state: 'loaded', value: parsed.value };
}

/** "workspace.json.corrupt-2026-12-04T14-50-07Z" beside it, a number added if that exists too. */
async function setAside(file: string, reason: string): Promise<FileLoad<never>> {
  const stamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z').replaceAll(':', '-');
  for (let n = 0; ; n++) {
    const keptAs = `${file}.corrupt-${stamp}${n === 0 ? '' : `-${n}`}`;
    if (await exists(keptAs)) continue;
    try {
      await rename(file, keptAs);
    } catch (err) {
      return { state: 'unreadable', error: dataFileError(err, file, 'set aside') };
    }
    return { state: 'set-aside', reason, keptAs };
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/**
 * Writes `value` as JSON through a temporary file beside `file`, creating its folder; without
 * `overwrite`, an existing file is kept (EEXIST), even one that appeared meanwhile.
 */
export async function writeJsonFile(file: string, value: unknown, overwrite = true): Promise<void> {
  await writeFileAtomically(file, Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8'), overwrite);
}

/**
 * `bytes` become `file` whole or not at all: written to a new temporary file in the same folder
 * (writeFile loops over short writes, and a full disk is an error), its size checked, flushed to
 * the disk, then put in place as a saved log is (save-target's publish: renamed over `file`, or
 * without `overwrite` only if no file is there); the folder is flushed so that survives a crash.
 */
export async function writeFileAtomically(file: string, bytes: Uint8Array, overwrite = true): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true });
  const temp = tempPathFor(file);
  const handle = await open(temp, 'wx', 0o600);
  try {
    try {
      await handle.writeFile(bytes);
      const { size } = await handle.stat();
      if (size !== bytes.byteLength) throw Object.assign(new Error(`only ${size} of ${bytes.byteLength} bytes were written`), { code: 'EIO' });
      await handle.sync();
    } finally {
      await handle.close();
    }
    await publish(temp, file, overwrite);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  // Best effort: not every OS lets a folder be opened and flushed (Windows).
  const folder = await open(dir, 'r').catch(() => null);
  await folder?.sync().catch(() => undefined);
  await folder?.close();
}

/** A failure on one of Wirebench's own data files, in words a user can act on; the OS code is kept. */
export function dataFileError(err: unknown, file: string, doing: 'read' | 'write' | 'set aside'): WireError {
  const code = errnoCode(err) ?? 'INTERNAL';
  const dir = path.dirname(file);
  const reading = doing === 'read';
  const words: Record<string, () => string> = {
    EACCES: () => (reading ? m.datafile_cannot_read({ file }) : m.datafile_cannot_write({ dir })),
    EPERM: () => (reading ? m.datafile_not_permitted_read({ file }) : m.datafile_not_permitted_write({ dir })),
    EROFS: () => m.datafile_erofs({ dir }),
    ENOSPC: () => m.datafile_enospc({ dir }),
    EDQUOT: () => m.datafile_edquot({ dir }),
    EISDIR: () => m.datafile_eisdir({ file }),
    ENOTDIR: () => m.datafile_enotdir({ file }),
  };
  const detail = err instanceof Error ? err.message : String(err);
  const otherwise = { read: m.datafile_could_not_read, write: m.datafile_could_not_write, 'set aside': m.datafile_could_not_set_aside }[doing];
  return { code, message: words[code]?.() ?? otherwise({ file, detail }) };
}
