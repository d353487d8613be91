// Unix socket addresses: abstract names ('@name', Linux), the path Node takes, the endpoint a
// session reports, and Unix socket errors in words.
import { m } from '../../shared/i18n/paraglide/messages.js';
import type { Endpoint, WireError } from '../../shared/contract.js';
import { CodedError, toWireError } from '../errors.js';

/** Whether a path names the Linux abstract namespace ('@name'). */
export function isAbstractName(path: string): boolean {
  return path.startsWith('@') && process.platform !== 'win32';
}

/** The path as Node takes it: '@name' -> '\0name' (abstract, Linux only); anything else as is. */
export function nodeSocketPath(path: string): string {
  if (!isAbstractName(path)) return path;
  if (process.platform !== 'linux') {
    throw new CodedError('UNSUPPORTED_ON_OS', m.e_abstract_socket_names_exist_only_on({ path }));
  }
  return `\0${path.slice(1)}`;
}

export function unixEndpoint(path: string): Endpoint {
  return { address: path, port: 0, family: 'unix' };
}

/** Unix socket errors in words: the generic ones speak of hosts and firewalls. */
export function unixErrorWords(err: unknown, path: string): WireError {
  const wire = toWireError(err, path);
  const words: Record<string, string> = {
    ENOENT: `No socket at ${path}: the path does not exist. Is the server running, and is the path right?`,
    ECONNREFUSED: `Nothing accepts connections on ${path}: the socket file is there but no server listens on it (a stale socket).`,
    EACCES: `Permission denied for ${path}: this user may not open that socket.`,
    ENOTSOCK: `${path} is not a socket.`,
  };
  return { code: wire.code, message: words[wire.code] ?? wire.message };
}
