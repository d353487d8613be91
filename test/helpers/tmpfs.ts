// A small tmpfs mounted at a fresh folder (Linux, as root): a disk that fills up, or one that is
// remounted read-only, for the tests of what happens when files cannot be written.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Tmpfs {
  dir: string;
  /** Makes it read-only (EROFS on every write from now on). */
  remountReadOnly(): void;
  unmount(): void;
}

/** `options` as mount takes them, e.g. 'size=1m'; the reason it could not be mounted otherwise. */
export function mountTmpfs(options: string, prefix = 'wirebench-tmpfs-'): Tmpfs | { problem: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return { problem: 'mounting a tmpfs needs root on Linux' };
  }
  const run = (args: string[]): void => {
    const r = spawnSync(args[0]!, args.slice(1), { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr || r.error?.message || `exit ${r.status}`}`);
  };
  try {
    run(['mount', '-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    return { problem: err instanceof Error ? err.message : String(err) };
  }
  return {
    dir,
    remountReadOnly: () => run(['mount', '-o', 'remount,ro', dir]),
    unmount: () => {
      run(['umount', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
