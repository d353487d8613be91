// A TCP server tab: listen on an address and port (0 picks a free one, shown in `local`).
import type { ListenOptions } from 'node:net';
import type { TcpServerConfig } from '../../../shared/contract.js';
import type { SessionHooks } from '../../session.js';
import { formatHostPort } from './tcp-client-session.js';
import { StreamServerSession } from './stream-server-session.js';

/** The listen options of a TCP-based server (TCP, TLS): an empty address listens on all (`::`). */
export function tcpListenOptions(config: { localAddress: string; localPort: number; ipv6Only: boolean }): ListenOptions {
  const host = config.localAddress === '' ? '::' : config.localAddress;
  return { host, port: config.localPort, ipv6Only: config.ipv6Only };
}

/** "[::]:0", "127.0.0.1:8080": the listen address in words. */
export function tcpListenWhere(config: { localAddress: string; localPort: number }): string {
  const host = config.localAddress === '' ? '::' : config.localAddress;
  return formatHostPort(host, config.localPort);
}

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
