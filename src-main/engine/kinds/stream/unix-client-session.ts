// A Unix-domain stream client tab: connect to a socket path (on Linux `@name` is the abstract
// namespace; on Windows `\\.\pipe\name` opens a named pipe, which Node handles the same way).
import { connect as netConnect, type Socket } from 'node:net';
import type { Endpoint, SessionConfig, UnixClientConfig, WireError } from '../../../shared/contract.js';
import { CodedError, toWireError } from '../../errors.js';
import type { SessionHooks } from '../../session.js';
import { StreamClientSession, type ConnectionEnds } from './stream-client-session.js';

/** Whether a path names the Linux abstract namespace ('@name'). */
export function isAbstractName(path: string): boolean {
  return path.startsWith('@') && process.platform !== 'win32';
}

/** The path as Node takes it: '@name' -> '\0name' (abstract, Linux only); anything else as is. */
export function nodeSocketPath(path: string): string {
  if (!isAbstractName(path)) return path;
  if (process.platform !== 'linux') {
    throw new CodedError('UNSUPPORTED_ON_OS', `Abstract socket names (${path}) exist only on Linux; use a file path here.`);
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

export class UnixClientSession extends StreamClientSession<UnixClientConfig> {
  constructor(id: string, hooks: SessionHooks) {
    super(id, 'unix-client', hooks);
  }

  protected accepts(config: SessionConfig): config is UnixClientConfig {
    return config.kind === 'unix-client';
  }

  protected where(config: UnixClientConfig): string {
    return config.path;
  }

  protected async targets(config: UnixClientConfig): Promise<string[]> {
    nodeSocketPath(config.path);
    return [config.path];
  }

  protected openSocket(path: string): Socket {
    return netConnect({ path: nodeSocketPath(path) });
  }

  protected ends(_socket: Socket): ConnectionEnds {
    // A client's own end is unnamed; the server's is the path it connected to.
    const path = this.#pathOf();
    return { local: null, remote: path === null ? null : unixEndpoint(path), peer: path };
  }

  protected override describeError(err: unknown, where: string): WireError {
    if (err instanceof CodedError) return { code: err.code, message: err.message };
    return unixErrorWords(err, where);
  }

  #pathOf(): string | null {
    const config = this.state.config;
    return config?.kind === 'unix-client' ? config.path : null;
  }
}
