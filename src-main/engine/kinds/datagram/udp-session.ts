// A UDP tab: one bound socket, one log entry per datagram (empty ones too). Everyone heard from
// is a peer in the table, listed while the socket is bound and sent to like a server's clients.
import { m } from '../../../shared/i18n/paraglide/messages.js';
import { createSocket, type Socket as DgramSocket, type SocketType } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { isIP, isIPv4, isIPv6 } from 'node:net';
import {
  type Endpoint,
  type SendTarget,
  type SessionConfig,
  type SessionSnapshot,
  type UdpConfig,
} from '../../../shared/contract.js';
import { unmappedIpv4 } from '../../../shared/codec/ip-address.js';
import { CodedError, toWireError } from '../../errors.js';
import { SenderSession, type SenderDestination } from '../../peers/peer-session.js';
import type { SendResult, SessionHooks } from '../../session.js';
import { optionFdOf, setNodeIntOption } from '../../sockets/socket-options.js';
import { bindError } from '../../sockets/bind-error.js';
import { formatHostPort } from '../../../shared/codec/host-port.js';
import { preciseNow } from '../../clock.js';

/** 65535 minus the IPv4 (20) and UDP (8) headers. */
export const MAX_DATAGRAM_IPV4 = 65_507;
/** 65535 minus the UDP header (the IPv6 header is not part of the payload length). */
export const MAX_DATAGRAM_IPV6 = 65_527;

interface Destination extends SenderDestination {
  address: string;
  port: number;
}

/** Asked for; Linux grants at most net.core.rmem_max (and reports double what it grants). */
export const UDP_RECEIVE_BUFFER_BYTES = 32 * 1024 * 1024;

/**
 * Past net.core.rmem_max only with CAP_NET_ADMIN (SO_RCVBUFFORCE, Linux, through the native
 * addon); without it the size the OS granted stands.
 */
function raiseReceiveBuffer(socket: DgramSocket): void {
  if (socket.getRecvBufferSize() >= 2 * UDP_RECEIVE_BUFFER_BYTES) return;
  // Without privilege the OS's cap stands ("Session details" shows the size in force).
  setNodeIntOption(socket, 'SOL_SOCKET', 'SO_RCVBUFFORCE', UDP_RECEIVE_BUFFER_BYTES);
}

function isMulticast(group: string): boolean {
  if (isIPv4(group)) {
    const first = Number(group.split('.')[0]);
    return first >= 224 && first <= 239;
  }
  return isIPv6(group) && /^ff/i.test(group);
}

function membershipLabel(group: string, iface: string | undefined): string {
  return iface ? `${group}@${iface}` : group;
}

export class UdpSession extends SenderSession {
  #socket: DgramSocket | null = null;
  #type: SocketType = 'udp4';
  #ipv6Only = false;
  #config: UdpConfig | null = null;
  #memberships: { group: string; iface: string | undefined }[] = [];

  constructor(id: string, hooks: SessionHooks) {
    super(id, 'udp', hooks);
  }

  async connect(config: SessionConfig): Promise<SessionSnapshot> {
    if (config.kind !== 'udp') {
      throw new CodedError('INVALID_PAYLOAD', m.e_session_is_a_udp_socket_it({ id: this.id, kind: config.kind }));
    }
    this.refuseWhileStarted('close it', 'bound');
    this.resetForConnect(config);
    let socket: DgramSocket | null = null;
    try {
      const address = await this.#localAddress(config.localAddress);
      const where = formatHostPort(address, config.localPort);
      this.#type = isIPv6(address) ? 'udp6' : 'udp4';
      this.#ipv6Only = this.#type === 'udp6' && config.ipv6Only;
      socket = createSocket({
        type: this.#type,
        reuseAddr: config.reuseAddress,
        ipv6Only: this.#ipv6Only,
        // Room for bursts: the OS caps it at net.core.rmem_max (read back in "Session details").
        recvBufferSize: UDP_RECEIVE_BUFFER_BYTES,
      });
      await bind(socket, address, config.localPort, where);
      this.#config = config;
      this.#memberships = [];
      this.#applyOptions(socket, config);
      raiseReceiveBuffer(socket);
      for (const { group, interface: iface } of config.groups) this.#join(socket, group, iface);
      this.#socket = socket;
      this.#wire(socket);
      const local = socket.address();
      this.setState({
        status: 'open',
        local: { address: local.address, port: local.port, family: local.family === 'IPv6' ? 'IPv6' : 'IPv4' },
        resolved: address === config.localAddress ? [] : [address],
        openedAt: preciseNow(),
        options: this.#optionsInForce(socket, config),
        memberships: this.#membershipLabels(),
      });
      return this.snapshot();
    } catch (err) {
      socket?.close();
      this.#socket = null;
      throw this.connectFailed(err);
    }
  }

  async disconnect(): Promise<SessionSnapshot> {
    const socket = this.#socket;
    if (socket && this.status === 'open') {
      this.setState({ status: 'closing' });
      this.#socket = null;
      await new Promise<void>((resolve) => socket.close(() => resolve()));
      this.closeAllSenders();
      this.setState({ status: 'closed', closedBy: 'local', memberships: [] });
    }
    return this.snapshot();
  }

  async send(bytes: Uint8Array, to?: SendTarget): Promise<SendResult> {
    const socket = this.#socket;
    if (!socket || this.status !== 'open') {
      throw new CodedError('NOT_CONNECTED', m.e_session_is_not_bound_bind_it({ id: this.id }));
    }
    const destinations = await this.#destinations(to);
    // A name is looked up first: the tab may have been closed or unbound meanwhile.
    if (this.#socket !== socket || this.status !== 'open') {
      throw new CodedError('NOT_CONNECTED', m.e_session_was_unbound_while_the_destination({ id: this.id }));
    }
    if (destinations.length === 0) {
      throw new CodedError('NOT_CONNECTED', m.e_no_one_has_sent_to_this());
    }
    for (const destination of destinations) this.#checkSize(bytes.byteLength, destination.address);
    return this.sendToEach(
      bytes,
      destinations,
      (destination) =>
        new Promise((resolve, reject) => {
          try {
            socket.send(bytes, destination.port, destination.address, (err) => (err ? reject(this.#sendError(err, bytes.byteLength, destination)) : resolve()));
          } catch {
            // Node throws (ERR_SOCKET_DGRAM_NOT_RUNNING) once the socket is closed: say it as the contract does.
            reject(new CodedError('NOT_CONNECTED', m.e_session_was_unbound_before_the_datagram({ id: this.id })));
          }
        }),
    );
  }

  override async membership(action: 'join' | 'leave', group: string, iface?: string): Promise<SessionSnapshot> {
    const socket = this.#socket;
    if (!socket || this.status !== 'open') {
      throw new CodedError('NOT_CONNECTED', m.e_session_is_not_bound_bind_it_2({ id: this.id }));
    }
    const ifaceOrNone = iface?.trim() || undefined;
    if (action === 'join') {
      this.#join(socket, group, ifaceOrNone);
    } else {
      const index = this.#memberships.findIndex((m) => m.group === group && m.iface === ifaceOrNone);
      if (index < 0) {
        throw new CodedError('INVALID_PAYLOAD', m.e_this_socket_is_not_a_member({ value: membershipLabel(group, ifaceOrNone) }));
      }
      try {
        socket.dropMembership(group, ifaceOrNone);
      } catch (err) {
        throw this.#membershipError(err, 'leave', group, ifaceOrNone);
      }
      this.#memberships.splice(index, 1);
    }
    this.setState({ memberships: this.#membershipLabels() });
    return this.snapshot();
  }

  protected override spillFailedConsequence(): string {
    return 'UDP cannot make senders wait: from now on incoming datagrams are dropped unlogged (as the kernel drops them when no one reads) until the tab is closed.';
  }

  /** Senders share the one socket, so a peerId names the same descriptor. */
  protected override optionFd(): number | null {
    return optionFdOf(this.#socket, 'UDP socket');
  }

  protected destroySockets(): void {
    this.#socket?.close();
    this.#socket = null;
  }

  /** The address to bind: empty means any IPv4 address; a name is looked up. */
  async #localAddress(given: string): Promise<string> {
    const address = given.trim() || '0.0.0.0';
    if (isIP(address)) return address;
    try {
      return (await lookup(address)).address;
    } catch (err) {
      throw new CodedError('ENOTFOUND', toWireError(err, address).message);
    }
  }

  #applyOptions(socket: DgramSocket, config: UdpConfig): void {
    socket.setBroadcast(config.broadcast);
    if (config.ttl !== undefined) socket.setTTL(config.ttl);
    if (config.multicastTtl !== undefined) socket.setMulticastTTL(config.multicastTtl);
    socket.setMulticastLoopback(config.multicastLoopback);
    if (config.multicastInterface) {
      try {
        socket.setMulticastInterface(config.multicastInterface);
      } catch (err) {
        throw new CodedError(
          toWireError(err).code,
          m.udp_multicast_interface_unknown({ iface: config.multicastInterface }),
        );
      }
    }
  }

  /** What the socket runs with; buffer sizes are read back from the OS. */
  #optionsInForce(socket: DgramSocket, config: UdpConfig): Record<string, string | number | boolean> {
    return {
      family: this.#type === 'udp6' ? (this.#ipv6Only ? 'IPv6 only' : 'IPv6 and IPv4') : 'IPv4',
      reuseAddress: config.reuseAddress,
      broadcast: config.broadcast,
      ttl: config.ttl ?? 'system default',
      multicastTtl: config.multicastTtl ?? 1,
      multicastLoopback: config.multicastLoopback,
      multicastInterface: config.multicastInterface || 'system default',
      recvBufferSize: socket.getRecvBufferSize(),
      sendBufferSize: socket.getSendBufferSize(),
    };
  }

  #join(socket: DgramSocket, group: string, iface: string | undefined): void {
    if (this.#memberships.some((m) => m.group === group && m.iface === iface)) return;
    if (!isMulticast(group)) {
      throw new CodedError(
        'INVALID_PAYLOAD',
        m.e_is_not_a_multicast_group_use({ group }),
      );
    }
    if (isIPv6(group) && this.#type === 'udp4') {
      throw new CodedError('INVALID_PAYLOAD', m.e_is_an_ipv6_group_this_socket({ group }));
    }
    if (isIPv4(group) && this.#ipv6Only) {
      throw new CodedError('INVALID_PAYLOAD', m.e_is_an_ipv4_group_this_socket({ group }));
    }
    try {
      socket.addMembership(group, iface);
    } catch (err) {
      throw this.#membershipError(err, 'join', group, iface);
    }
    this.#memberships.push({ group, iface });
  }

  #membershipError(err: unknown, action: 'join' | 'leave', group: string, iface: string | undefined): CodedError {
    const { code } = toWireError(err);
    const why: Record<string, () => string> = {
      EADDRNOTAVAIL: () => (iface ? m.mcast_not_local_iface({ iface }) : m.mcast_no_route()),
      ENODEV: () => (iface ? m.mcast_no_such_iface({ iface }) : m.mcast_no_multicast_iface()),
      EINVAL: () => m.mcast_invalid(),
      EADDRINUSE: () => m.mcast_already_member(),
      ENOBUFS: () => m.mcast_no_more(),
    };
    const reason = why[code]?.() ?? (err instanceof Error ? err.message : String(err));
    const where = iface ? m.mcast_group_on({ group, iface }) : group;
    return new CodedError(code, action === 'join' ? m.mcast_cannot_join({ where, reason }) : m.mcast_cannot_leave({ where, reason }));
  }

  #membershipLabels(): string[] {
    return this.#memberships.map((m) => membershipLabel(m.group, m.iface));
  }

  #wire(socket: DgramSocket): void {
    // A flood usually comes from one sender: its peer is looked up once, not per datagram.
    let last: { address: string; port: number; peer: { id: string; label: string } } | null = null;
    socket.on('message', (msg: Buffer, rinfo) => {
      if (socket !== this.#socket) return;
      // A datagram socket cannot make its senders wait; once the log cannot keep more, they are dropped.
      if (this.logFailed) return;
      if (!last || last.address !== rinfo.address || last.port !== rinfo.port || !this.peers.has(last.peer.id)) {
        const address = unmappedIpv4(rinfo.address);
        const label = formatHostPort(address, rinfo.port);
        const remote: Endpoint = { address, port: rinfo.port, family: isIPv6(address) ? 'IPv6' : 'IPv4' };
        const id = this.peers.touch(label, remote);
        last = { address: rinfo.address, port: rinfo.port, peer: this.peers.logPeer(id) };
      }
      this.peers.recordIn(last.peer.id, msg.byteLength);
      this.reception.logMessage(msg, last.peer);
      this.logGrew();
    });
    // A send error reaches the send's callback; an error here means the socket itself failed.
    socket.on('error', (err) => {
      if (socket !== this.#socket) return;
      this.#socket = null;
      socket.close();
      this.closeAllSenders();
      this.setState({ status: 'failed', error: toWireError(err) });
    });
  }

  async #destinations(to: SendTarget | undefined): Promise<Destination[]> {
    if (!to) {
      const config = this.#config;
      if (!config?.remoteHost || !config.remotePort) {
        throw new CodedError('NO_TARGET', m.e_this_udp_socket_has_no_default());
      }
      return [await this.#resolve(config.remoteHost, config.remotePort)];
    }
    if (to.type === 'address') return [await this.#resolve(to.host, to.port)];
    if (to.type === 'path') throw new CodedError('NO_TARGET', m.e_a_udp_socket_sends_to_a());
    return this.peers.select(to, { openOnly: true }).map((id) => {
      const remote = this.peers.get(id)!.remote!;
      return { address: this.#forSocket(remote.address), port: remote.port, peerId: id, label: this.peers.label(id) };
    });
  }

  /** A host name or address -> one address this socket can send to, and the peer it is if known. */
  async #resolve(host: string, port: number): Promise<Destination> {
    let address = host;
    if (!isIP(host)) {
      try {
        // A dual-stack socket reaches both families; an IPv4 one only IPv4 names.
        const found = await lookup(host, { family: this.#type === 'udp4' ? 4 : this.#ipv6Only ? 6 : 0 });
        address = found.address;
      } catch (err) {
        throw new CodedError(toWireError(err).code, toWireError(err, host).message);
      }
    }
    if (isIPv6(address) && this.#type === 'udp4') {
      throw new CodedError('EINVAL', m.e_cannot_send_to_it_is_an({ address }));
    }
    if (isIPv4(address) && this.#ipv6Only) {
      throw new CodedError('EINVAL', m.e_cannot_send_to_it_is_an_2({ address }));
    }
    const label = formatHostPort(address, port);
    return { address: this.#forSocket(address), port, peerId: this.peers.byKey(label) ?? null, label };
  }

  /** An IPv4 address on a dual-stack socket is written IPv4-mapped. */
  #forSocket(address: string): string {
    return this.#type === 'udp6' && isIPv4(address) ? `::ffff:${address}` : address;
  }

  #checkSize(size: number, address: string): void {
    const v4 = isIPv4(address) || /^::ffff:\d/i.test(address);
    const max = v4 ? MAX_DATAGRAM_IPV4 : MAX_DATAGRAM_IPV6;
    if (size > max) {
      throw new CodedError('EMSGSIZE', m.e_bytes_is_larger_than_the_largest({ size, max, value: v4 ? 'IPv4' : 'IPv6' }));
    }
  }

  #sendError(err: unknown, size: number, destination: Destination): CodedError {
    const wire = toWireError(err, destination.label);
    if (wire.code === 'EMSGSIZE') {
      return new CodedError('EMSGSIZE', m.e_bytes_is_too_large_a_datagram({ size, label: destination.label }));
    }
    if (wire.code === 'EACCES') {
      return new CodedError('EACCES', m.e_sending_to_was_refused_a_broadcast({ label: destination.label }));
    }
    return new CodedError(wire.code, wire.message);
  }
}

/** Resolves once bound; rejects with the bind error in words (never another port). */
function bind(socket: DgramSocket, address: string, port: number, where: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => {
      socket.off('listening', onListening);
      reject(bindError(err, where));
    };
    const onListening = (): void => {
      socket.off('error', onError);
      resolve();
    };
    socket.once('error', onError);
    socket.once('listening', onListening);
    socket.bind({ address, port });
  });
}
