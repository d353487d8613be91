// Sessions with a peer table: the listing commands read it the same way for every such kind.
// PeerSession suits kinds whose peers are connections (the subclass closes them); SenderSession
// suits kinds whose peers are senders heard on one datagram socket (UDP, Unix datagram server).
import { m } from '../../shared/i18n/paraglide/messages.js';
import type { CommandOutputs, PeerCounts, PeerSelection, SendTarget } from '../../shared/contract.js';
import { CodedError } from '../errors.js';
import { PeerTable } from './peer-table.js';
import { Session, type SendResult } from '../session.js';

export abstract class PeerSession extends Session {
  protected readonly peers = new PeerTable();

  override peerCounts(): PeerCounts {
    return this.peers.counts();
  }

  override get peersVersion(): number {
    return this.peers.version;
  }

  override async readPeers(from: number, count: number): Promise<CommandOutputs['peers.read']> {
    return this.peers.read(from, count);
  }

  /** Forgets closed peers; open ones stay listed. */
  override async clearPeers(): Promise<CommandOutputs['peers.clear']> {
    const removed = this.peers.clear();
    this.logGrew();
    return { removed };
  }

  /**
   * The connected clients a send `to` chooses (`connected`: the subclass's open connections):
   * NO_TARGET without a client choice, NOT_CONNECTED when none of them is still connected.
   */
  protected clientsToSend(to: SendTarget | undefined, connected: ReadonlyMap<string, unknown>): string[] {
    if (!to || to.type === 'address' || to.type === 'path') {
      throw new CodedError('NO_TARGET', m.e_choose_clients_to_send_to_or());
    }
    const ids = this.peers.select(to, { openOnly: true }).filter((id) => connected.has(id));
    if (ids.length === 0) {
      throw new CodedError('NOT_CONNECTED', m.e_no_client_is_connected_to_session({ id: this.id }));
    }
    return ids;
  }
}

/** Where one datagram goes: the peer it is (when it is one) and how the log names it. */
export interface SenderDestination {
  peerId: string | null;
  label: string;
}

export abstract class SenderSession extends PeerSession {
  /** No connections: "disconnecting" senders marks them closed; if they send again they are new. */
  override async disconnectPeers(selection: PeerSelection): Promise<CommandOutputs['peers.disconnect']> {
    const ids = this.peers.select(selection, { openOnly: false }).filter((id) => this.peers.isOpen(id));
    for (const id of ids) this.peers.close(id, 'local');
    this.logGrew();
    return { closed: ids.length };
  }

  /** Senders are only who was heard lately: clearing forgets every one. */
  override async clearPeers(): Promise<CommandOutputs['peers.clear']> {
    const removed = this.peers.clear({ all: true });
    this.logGrew();
    return { removed };
  }

  /** The socket has gone: every sender is closed with it. */
  protected closeAllSenders(): void {
    for (const id of this.peers.openIds()) this.peers.close(id, 'local');
    this.logGrew();
  }

  /**
   * Logs the datagram once per destination (as handed to the socket, before any answer can
   * arrive and be logged), counts it for each peer, then waits until every `sendOne` settled.
   */
  protected async sendToEach<D extends SenderDestination>(
    bytes: Uint8Array,
    destinations: readonly D[],
    sendOne: (destination: D) => Promise<void>,
  ): Promise<SendResult> {
    let first = -1;
    const sent: Promise<void>[] = [];
    for (const destination of destinations) {
      const seq = this.log.append('out', bytes, destination.peerId ? { id: destination.peerId, label: destination.label } : destination.label);
      if (destination.peerId) this.peers.recordOut(destination.peerId, bytes.byteLength);
      if (first < 0) first = seq;
      sent.push(sendOne(destination));
    }
    this.logGrew();
    await Promise.all(sent);
    return { bytes: bytes.byteLength, seq: first, targets: destinations.length };
  }
}
