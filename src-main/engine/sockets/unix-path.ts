// Socket paths shared by the Unix kinds (stream, datagram, seqpacket): a socket file left by a
// server that died is found before binding, and removed only when the user asked for that
// (removeStale), else STALE_SOCKET says so. Abstract names and pipes cannot be stale.
import { m } from '../../shared/i18n/paraglide/messages.js';
import { lstat, unlink } from 'node:fs/promises';
import { lstatSync, unlinkSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import type { NativeAddress } from '../../native/native-api.js';
import { CodedError } from '../errors.js';
import { isAbstractName, nodeSocketPath } from './unix-address.js';

/** What is at a socket path: nothing, a live socket, a socket nobody has open, or something else. */
export type PathState = 'free' | 'live' | 'stale' | 'not-a-socket';

/**
 * A stream connect tells them apart for every socket type: a file with no socket bound to it
 * refuses (ECONNREFUSED); a live socket of another type answers EPROTOTYPE, which counts as live.
 */
export async function probeSocketPath(path: string): Promise<PathState> {
  try {
    const stats = await lstat(path);
    if (!stats.isSocket()) return 'not-a-socket';
  } catch {
    return 'free';
  }
  return new Promise((resolve) => {
    const probe = netConnect({ path });
    probe.once('connect', () => {
      probe.destroy();
      resolve('live');
    });
    probe.once('error', (err: NodeJS.ErrnoException) => {
      probe.destroy();
      resolve(err.code === 'ECONNREFUSED' ? 'stale' : err.code === 'ENOENT' ? 'free' : 'live');
    });
  });
}

/** Only file paths can be stale: abstract names vanish with their socket, pipes with their server. */
export function isSocketFilePath(path: string): boolean {
  return !isAbstractName(path) && !(process.platform === 'win32' && /^\\\\[.?]\\pipe\\/i.test(path));
}

/** Checks a path before binding to it: in use, not a socket, or stale (removed with removeStale). */
export async function prepareSocketPath(path: string, removeStale: boolean): Promise<void> {
  nodeSocketPath(path);
  if (!isSocketFilePath(path)) return;
  const state = await probeSocketPath(path);
  if (state === 'live') {
    throw new CodedError('EADDRINUSE', m.e_another_server_is_listening_on_stop({ path }));
  }
  if (state === 'not-a-socket') {
    throw new CodedError('EADDRINUSE', m.e_exists_and_is_not_a_socket_2({ path }));
  }
  if (state === 'stale') {
    if (!removeStale) {
      throw new CodedError(
        'STALE_SOCKET',
        m.e_a_stale_socket_file_is_at_2({ path }),
      );
    }
    await unlink(path).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') {
        throw new CodedError(err.code ?? 'EACCES', m.unix_remove_stale_failed({ path, reason: err.message }));
      }
    });
  }
}

/** A Unix path as the native addon takes it ('@name' stays: the addon knows abstract names). */
export function nativeUnixAddress(path: string): NativeAddress {
  // Throws UNSUPPORTED_ON_OS for '@name' outside Linux.
  nodeSocketPath(path);
  return { family: 'unix', path };
}

/** The identity of the socket file a path names now (its inode), or null for none / not a file path. */
export function socketFileId(path: string): number | null {
  if (!isSocketFilePath(path)) return null;
  try {
    return lstatSync(path).ino;
  } catch {
    return null;
  }
}

/**
 * Removes the socket file a native socket bound (Node's listeners do this themselves), unless
 * it has since been replaced by another socket's file.
 */
export function removeSocketFile(path: string, id: number | null): void {
  if (id === null || socketFileId(path) !== id) return;
  try {
    unlinkSync(path);
  } catch {
    // Already gone: nothing to clean up.
  }
}
