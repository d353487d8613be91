// A TCP server tab: listen on an address and port (0 picks a free one, shown in `local`).
import type { ListenOptions } from 'node:net';
import type { TcpServerConfig } from '../../../shared/contract.js';
import type { SessionHooks } from '../../session.js';
import { StreamServerSession } from './stream-server-session.js';
import { tcpListenOptions, tcpListenWhere } from './tcp-listen.js';

export class TcpServerSession extends StreamServerSession<TcpServerConfig> {
  constructor(id: string, hooks: SessionHooks) {
    super(id, 'tcp-server', hooks);
  }

  protected listenOptions(config: TcpServerConfig): ListenOptions {
    return tcpListenOptions(config);
  }

  protected where(config: TcpServerConfig): string {
    return tcpListenWhere(config);
  }
}
