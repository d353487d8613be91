// Where a file the user names goes (a saved log, an exported library): the path checked before
// any byte is written, the temporary file beside it, the move into place, and file system errors
// in words a user can act on.
import { m } from '../../shared/i18n/paraglide/messages.js';
import { randomBytes } from 'node:crypto';
import { link, lstat, readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { errnoCode } from '../../native/native.js';
import { CodedError } from '../errors.js';

/** What is being written, for the words of its errors: a log (the default) or a library. */
export interface TargetWords {
  /** The command, as in "Invalid log.save". */
  command: string;
  /** "the log", as in "the log could not be written" (in the language in force when it is said). */
  what: () => string;
  /** A file name for examples. */
  example: string;
}

const LOG: TargetWords = { command: 'log.save', what: m.target_the_log, example: 'log.jsonl' };

/** The path, normalized; refused unless absolute on this OS (the contract's check is OS-blind). */
export function resolveTarget(path: string, words: TargetWords = LOG): string {
  if (!isAbsolute(path)) {
    throw new CodedError('INVALID_PAYLOAD', m.e_invalid_path_must_be_an_absolute({ command: words.command, value: join(resolve('/'), 'home', 'me', words.example) }));
  }
  return resolve(path);
}

export function existsError(target: string): CodedError {
  return new CodedError('EEXIST', m.e_a_file_already_exists_at_choose({ target }));
}

/** An OS error about `target` (or its folder) in words; the OS code is kept. */
export function fileError(err: unknown, target: string, { what, example }: TargetWords = LOG): Error {
  if (err instanceof CodedError) return err;
  const code = errnoCode(err);
  const folder = dirname(target);
  const thing = what();
  const words: Record<string, () => string> = {
    ENOENT: () => m.file_enoent({ folder }),
    EACCES: () => m.file_eacces({ target }),
    EPERM: () => m.file_eacces({ target }),
    ENOSPC: () => m.file_enospc({ what: thing, folder }),
    EDQUOT: () => m.file_edquot({ what: thing, folder }),
    EROFS: () => m.file_erofs({ folder }),
    ENOTDIR: () => m.file_enotdir({ folder }),
    EISDIR: () => m.file_eisdir({ target, example: join(target, example) }),
    ENAMETOOLONG: () => m.file_enametoolong({ target }),
    EEXIST: () => existsError(target).message,
  };
  if (code && Object.hasOwn(words, code)) return new CodedError(code, words[code]!());
  const detail = err instanceof Error ? err.message : String(err);
  return new CodedError(code ?? 'INTERNAL', m.file_could_not_save({ what: thing, target, detail }));
}

/** Refuses, before anything is written, a folder that is not there or a file in the way. */
export async function checkTarget(target: string, overwrite: boolean, words: TargetWords = LOG): Promise<void> {
  const folder = await stat(dirname(target)).catch((err: unknown) => {
    throw fileError(err, target, words);
  });
  if (!folder.isDirectory()) throw fileError(Object.assign(new Error('not a folder'), { code: 'ENOTDIR' }), target, words);
  const existing = await lstat(target).catch((err: unknown) => {
    if (errnoCode(err) === 'ENOENT') return null;
    throw fileError(err, target, words);
  });
  if (existing?.isDirectory()) throw fileError(Object.assign(new Error('a folder'), { code: 'EISDIR' }), target, words);
  if (existing && !overwrite) throw existsError(target);
  await removeStaleTemps(target, STALE_TEMP_MS);
}

/** A temporary file untouched this long belongs to a save that died (a save writes on and on). */
export const STALE_TEMP_MS = 60_000;

/**
 * Removes what saves to `target` that were cut short (a crash, a kill) left beside it: the hidden
 * ".<name>.<12 hex>.part" files last written at least `olderThanMs` ago. The target itself was
 * never touched by them.
 */
export async function removeStaleTemps(target: string, olderThanMs: number): Promise<void> {
  const dir = dirname(target);
  const prefix = `.${basename(target)}.`;
  const names = await readdir(dir).catch(() => [] as string[]);
  const now = Date.now();
  for (const name of names) {
    if (!name.startsWith(prefix) || !/^[0-9a-f]{12}\.part$/.test(name.slice(prefix.length))) continue;
    const temp = join(dir, name);
    const written = await lstat(temp).catch(() => null);
    if (written?.isFile() && now - written.mtimeMs >= olderThanMs) await unlink(temp).catch(() => undefined);
  }
}

/** A name beside the target, hidden, that no other save (or process) picks. */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.part`);
}

/** Codes of a file system that has no hard links (FAT, some network shares). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

/**
 * Moves the finished temporary file to the target. Without overwrite, a hard link makes the
 * name appear only if nothing took it meanwhile (rename would replace it silently).
 */
export async function publish(temp: string, target: string, overwrite: boolean): Promise<void> {
  if (overwrite) {
    await rename(temp, target);
    return;
  }
  try {
    await link(temp, target);
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'EEXIST') throw existsError(target);
    if (!code || !NO_HARD_LINKS.has(code)) throw err;
    const taken = await lstat(target).then(
      () => true,
      () => false,
    );
    if (taken) throw existsError(target);
    await rename(temp, target);
    return;
  }
  // The log is saved under its name; a leftover temporary name is only clutter.
  await unlink(temp).catch(() => undefined);
}
