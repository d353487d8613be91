// A TCP client tab: an IP client whose sockets are plain TCP sockets.
import type { SessionHooks } from '../../session.js';
import { IpClientSession, type Resolver } from './ip-client-session.js';

export type { Resolver };

export class TcpClientSession extends IpClientSession {
  constructor(id: string, hooks: SessionHooks, resolve?: Resolver) {
    super(id, hooks, resolve, 'tcp-client');
  }
}
