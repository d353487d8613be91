// A Unix datagram client tab: a datagram socket connected to a server's path, each message one
// datagram. Its own end gets a name so the server can reply: the local path asked for, else on
// Linux an abstract name the kernel picks (autobind); elsewhere it stays unnamed and says so.
import { m } from '../../../shared/i18n/paraglide/messages.js';
import type { UnixDgramClientConfig } from '../../../shared/contract.js';
import type { NativeAddress } from '../../../native/native-api.js';
import { CodedError } from '../../errors.js';
import { openUnixSocket } from '../../sockets/message-socket.js';
import type { SessionHooks } from '../../session.js';
import { UnixMessageClientSession, type OpenedClient } from '../unix-message-client.js';
import { unixBindError } from '../../sockets/unix-message-errors.js';
import { isSocketFilePath, nativeUnixAddress, probeSocketPath, removeSocketFile, socketFileId } from '../../sockets/unix-path.js';

/** Checks this side's own path before binding it: in use, not a socket, or stale. */
async function checkLocalPath(path: string): Promise<void> {
  if (!isSocketFilePath(path)) return;
  const state = await probeSocketPath(path);
  if (state === 'live') throw new CodedError('EADDRINUSE', m.e_is_in_use_by_another_socket({ path }));
  if (state === 'not-a-socket') throw new CodedError('EADDRINUSE', m.e_exists_and_is_not_a_socket({ path }));
  if (state === 'stale') {
    throw new CodedError('STALE_SOCKET', m.e_a_stale_socket_file_is_at({ path }));
  }
}

export class UnixDgramClientSession extends UnixMessageClientSession<UnixDgramClientConfig> {
  constructor(id: string, hooks: SessionHooks) {
    super(id, 'unix-dgram-client', hooks);
  }

  protected async open(config: UnixDgramClientConfig, server: NativeAddress): Promise<OpenedClient> {
    if (config.localPath) await checkLocalPath(config.localPath);
    const { socket } = openUnixSocket('SOCK_DGRAM');
    let ownFile: OpenedClient['ownFile'] = null;
    try {
      let notice: string | null = null;
      if (config.localPath) {
        try {
          socket.bind(nativeUnixAddress(config.localPath));
        } catch (err) {
          throw unixBindError(err, config.localPath);
        }
        ownFile = { path: config.localPath, id: socketFileId(config.localPath) };
      } else if (process.platform === 'linux') {
        // An empty name asks the kernel for a fresh abstract one.
        socket.bind({ family: 'unix', path: '' });
      } else {
        notice = m.notice_no_local_path();
      }
      socket.connect(server);
      return { socket, ownFile, notice };
    } catch (err) {
      socket.close();
      if (ownFile) removeSocketFile(ownFile.path, ownFile.id);
      throw err;
    }
  }
}
