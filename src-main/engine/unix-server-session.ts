// A Unix-domain stream server tab: listen on a path (or a Linux abstract name, or a Windows
// named pipe). A socket file left by a server that died is found before listening: it is
// removed only when the user asked for that (removeStale), else STALE_SOCKET says so.
import { lstat, unlink } from 'node:fs/promises';
import { connect as netConnect, type ListenOptions, type Server, type Socket } from 'node:net';
import type { Endpoint, UnixServerConfig } from '../api/contract.js';
import { CodedError } from './errors.js';
import type { SessionHooks } from './session.js';
import { StreamServerSession } from './stream-server-session.js';
import { isAbstractName, nodeSocketPath, unixEndpoint } from './unix-client-session.js';

/** What is at a socket path: nothing, a live server, a socket nobody accepts on, or something else. */
type PathState = 'free' | 'live' | 'stale' | 'not-a-socket';

async function probePath(path: string): Promise<PathState> {
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
function isFilePath(path: string): boolean {
  return !isAbstractName(path) && !(process.platform === 'win32' && /^\\\\[.?]\\pipe\\/i.test(path));
}

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
    const path = config.path;
    nodeSocketPath(path);
    if (!isFilePath(path)) return;
    const state = await probePath(path);
    if (state === 'live') {
      throw new CodedError('EADDRINUSE', `Another server is listening on ${path}; stop it, or choose another path.`);
    }
    if (state === 'not-a-socket') {
      throw new CodedError('EADDRINUSE', `${path} exists and is not a socket; choose another path.`);
    }
    if (state === 'stale') {
      if (!config.removeStale) {
        throw new CodedError(
          'STALE_SOCKET',
          `A stale socket file is at ${path}: nothing accepts connections on it (its server has gone). Remove it and listen again?`,
        );
      }
      await unlink(path).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') {
          throw new CodedError(err.code ?? 'EACCES', `Could not remove the stale socket file ${path}: ${err.message}`);
        }
      });
    }
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
