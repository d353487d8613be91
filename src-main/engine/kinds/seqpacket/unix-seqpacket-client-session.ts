// A Unix seqpacket client tab: a connection that keeps message boundaries (each send is one
// message, each message read is one entry), to a path or a Linux abstract name.
import type { UnixSeqpacketClientConfig } from '../../../shared/contract.js';
import type { NativeAddress } from '../../../native/native-api.js';
import { openUnixSocket } from '../../sockets/message-socket.js';
import type { SessionHooks } from '../../session.js';
import { UnixMessageClientSession, type OpenedClient } from '../unix-message-client.js';

export class UnixSeqpacketClientSession extends UnixMessageClientSession<UnixSeqpacketClientConfig> {
  constructor(id: string, hooks: SessionHooks) {
    super(id, 'unix-seqpacket-client', hooks);
  }

  protected override get emptyMayBeEnd(): boolean {
    return true;
  }

  protected async open(_config: UnixSeqpacketClientConfig, server: NativeAddress): Promise<OpenedClient> {
    const { socket } = openUnixSocket('SOCK_SEQPACKET');
    try {
      socket.connect(server);
    } catch (err) {
      socket.close();
      throw err;
    }
    return { socket, ownFile: null, notice: null };
  }
}
