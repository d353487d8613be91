// What the TCP and TLS client tabs share: resolve the host, try each address in turn within one
// overall timeout, then log every chunk each way as it is (the rest is StreamClientSession).
import { lookup } from 'node:dns/promises';
import { connect as netConnect, type Socket, type TcpNetConnectOpts } from 'node:net';
import type { Endpoint, SessionConfig, ConnectionOptions, TcpClientConfig, TlsClientConfig } from '../../../shared/contract.js';
import type { SessionHooks } from '../../session.js';
import { StreamClientSession, type ConnectionEnds } from './stream-client-session.js';
import { formatHostPort } from '../../../shared/codec/host-port.js';

function endpointOf(address: string | undefined, port: number | undefined, family: string | undefined): Endpoint | null {
  if (address === undefined || port === undefined) return null;
  return { address, port, family: family === 'IPv6' ? 'IPv6' : 'IPv4' };
}

/** Host name -> addresses, in the order to try them (dns.lookup by default). */
export type Resolver = (host: string) => Promise<{ address: string }[]>;

const systemResolver: Resolver = (host) => lookup(host, { all: true });

/** The configs of the kinds built on this class (TLS adds its own fields to TCP's). */
export type StreamClientConfig = TcpClientConfig | TlsClientConfig;

export abstract class IpClientSession extends StreamClientSession<StreamClientConfig> {
  readonly #resolve: Resolver;

  constructor(id: string, hooks: SessionHooks, resolve: Resolver = systemResolver, kind: StreamClientConfig['kind']) {
    super(id, kind, hooks);
    this.#resolve = resolve;
  }

  protected accepts(config: SessionConfig): config is StreamClientConfig {
    return config.kind === 'tcp-client' || config.kind === 'tls-client';
  }

  protected where(config: StreamClientConfig): string {
    return formatHostPort(config.host, config.port);
  }

  protected async targets(config: StreamClientConfig): Promise<string[]> {
    return (await this.#resolve(config.host)).map((a) => a.address);
  }

  /** Options of the TCP connection to one resolved address (a TLS client passes them on to tls.connect). */
  protected connectOptions(address: string, config: StreamClientConfig): TcpNetConnectOpts {
    const options: TcpNetConnectOpts = { host: address, port: config.port };
    if (config.localAddress) options.localAddress = config.localAddress;
    if (config.localPort) options.localPort = config.localPort;
    return options;
  }

  /**
   * Opens the connection to one address; a kind on top of TCP (TLS) opens its own socket here.
   * Reads land straight in the log's memory (onread) instead of a new Buffer per read.
   */
  protected openSocket(address: string, config: StreamClientConfig): Socket {
    const socket: Socket = netConnect({
      ...this.connectOptions(address, config),
      onread: {
        buffer: () => this.readBuffer(),
        callback: (n) => {
          this.readArrived(socket, n);
          return true;
        },
      },
    });
    return socket;
  }

  protected ends(socket: Socket): ConnectionEnds {
    const remote = endpointOf(socket.remoteAddress, socket.remotePort, socket.remoteFamily);
    return {
      local: endpointOf(socket.localAddress, socket.localPort, socket.localFamily),
      remote,
      peer: remote ? formatHostPort(remote.address, remote.port) : null,
    };
  }

  protected override connectionOptionsOf(config: StreamClientConfig): ConnectionOptions {
    return config.options;
  }
}
