// A Unix-domain stream server tab: listen on a path (or a Linux abstract name, or a Windows
// named pipe). A socket file left by a server that died is found before listening: it is
// removed only when the user asked for that (removeStale), else STALE_SOCKET says so.
import type { ListenOptions, Server, Socket } from 'node:net';
import type { Endpoint, UnixServerConfig } from '../../../shared/contract.js';
import type { SessionHooks } from '../../session.js';
import { StreamServerSession } from './stream-server-session.js';
import { prepareSocketPath } from '../../sockets/unix-path.js';
import { nodeSocketPath, unixEndpoint } from '../../sockets/unix-address.js';

export class UnixServerSession extends StreamServerSession<UnixServerConfig> {
  #clientNumber = 0;

  constructor(id: string, hooks: SessionHooks) {
    super(id, 'unix-server', hooks);
  }

  protected listenOptions(config: UnixServerConfig): ListenOptions {
    return { path: nodeSocketPath(config.path) };
  }

  protected where(config: UnixServerConfig): string {
    return config.path;
  }

  protected override async prepare(config: UnixServerConfig): Promise<void> {
    await prepareSocketPath(config.path, config.removeStale);
  }

  protected override peerIdentity(_socket: Socket): { label: string; remote: Endpoint | null } {
    // A Unix client's own end has no name, so clients are told apart by their number.
    this.#clientNumber += 1;
    return { label: `client #${this.#clientNumber}`, remote: null };
  }

  protected override localEndpoint(_server: Server): Endpoint | null {
    const config = this.state.config;
    return config?.kind === 'unix-server' ? unixEndpoint(config.path) : null;
  }
}
