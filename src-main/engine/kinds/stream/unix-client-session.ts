// A Unix-domain stream client tab: connect to a socket path (on Linux `@name` is the abstract
// namespace; on Windows `\\.\pipe\name` opens a named pipe, which Node handles the same way).
import { connect as netConnect, type Socket } from 'node:net';
import type { SessionConfig, UnixClientConfig, WireError } from '../../../shared/contract.js';
import { CodedError } from '../../errors.js';
import type { SessionHooks } from '../../session.js';
import { StreamClientSession, type ConnectionEnds } from './stream-client-session.js';
import { nodeSocketPath, unixEndpoint, unixErrorWords } from '../../sockets/unix-address.js';

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
