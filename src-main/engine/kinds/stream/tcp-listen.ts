// Where a TCP-based server (TCP, TLS) listens: its listen options and the address in words.
import type { ListenOptions } from 'node:net';
import { formatHostPort } from '../../../shared/codec/host-port.js';

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
