// Every session kind the engine builds, by its kind name in the contract's kind table
// (src-main/shared/contract/kinds.ts). A Record, so a kind added to the table without a class
// here is a compile error.
import type { SessionKind } from '../../shared/contract.js';
import type { Session, SessionHooks } from '../session.js';
import { TcpClientSession } from './stream/tcp-client-session.js';
import { TcpServerSession } from './stream/tcp-server-session.js';
import { TlsClientSession } from './stream/tls-client-session.js';
import { TlsServerSession } from './stream/tls-server-session.js';
import { UnixClientSession } from './stream/unix-client-session.js';
import { UnixServerSession } from './stream/unix-server-session.js';
import { UdpSession } from './datagram/udp-session.js';
import { UnixDgramClientSession } from './datagram/unix-dgram-client-session.js';
import { UnixDgramServerSession } from './datagram/unix-dgram-server-session.js';
import { UnixSeqpacketClientSession } from './seqpacket/unix-seqpacket-client-session.js';
import { UnixSeqpacketServerSession } from './seqpacket/unix-seqpacket-server-session.js';
import { PingSession } from './ip/ping-session.js';
import { RawIpSession } from './ip/raw-ip-session.js';

export type SessionFactory = (id: string, hooks: SessionHooks) => Session;

export const SESSION_FACTORIES: Record<SessionKind, SessionFactory> = {
  'tcp-client': (id, hooks) => new TcpClientSession(id, hooks),
  'tcp-server': (id, hooks) => new TcpServerSession(id, hooks),
  'tls-client': (id, hooks) => new TlsClientSession(id, hooks),
  'tls-server': (id, hooks) => new TlsServerSession(id, hooks),
  'unix-client': (id, hooks) => new UnixClientSession(id, hooks),
  'unix-server': (id, hooks) => new UnixServerSession(id, hooks),
  udp: (id, hooks) => new UdpSession(id, hooks),
  'unix-dgram-client': (id, hooks) => new UnixDgramClientSession(id, hooks),
  'unix-dgram-server': (id, hooks) => new UnixDgramServerSession(id, hooks),
  'unix-seqpacket-client': (id, hooks) => new UnixSeqpacketClientSession(id, hooks),
  'unix-seqpacket-server': (id, hooks) => new UnixSeqpacketServerSession(id, hooks),
  ping: (id, hooks) => new PingSession(id, hooks),
  'raw-ip': (id, hooks) => new RawIpSession(id, hooks),
};
