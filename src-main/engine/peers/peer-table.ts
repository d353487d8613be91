// The peers of a listening session (stream clients) or a UDP socket (senders heard from):
// who they are, when they came, their counters and how they ended. No socket lives here, so
// every kind with peers shares it; the session keeps its own id -> socket map beside it.
import { m } from '../../shared/i18n/paraglide/messages.js';
import type { Endpoint, PeerCounts, PeerInfo, PeerSelection, SessionStats, WireError } from '../../shared/contract.js';
import { CodedError } from '../errors.js';

/** One peer as the table keeps it: a plain mutable record (a few hundred bytes each). */
interface PeerRecord {
  id: string;
  /** What the log takes as this peer (logPeer), made once. */
  logPeer?: { id: string; label: string };
  /** Lookup key while the peer is open (UDP: "address:port"); null when looked up by id only. */
  key: string | null;
  label: string;
  remote: Endpoint | null;
  connectedAt: number;
  lastSeenAt: number;
  open: boolean;
  closedBy: 'local' | 'peer' | null;
  error: WireError | null;
  bytesIn: number;
  bytesOut: number;
  messagesIn: number;
  messagesOut: number;
  certificate: string | null;
}

/**
 * Ids are 'p1', 'p2', ... in order of appearance and are never reused within one table, so
 * log entries keep pointing at the right peer after others are cleared.
 *
 * Usage (a stream server): `const id = table.add(label, remote)` on accept; `recordIn(id, n)` /
 * `recordOut(id, n)` per chunk; `close(id, 'peer' | 'local', error)` on close; `reject()` for a
 * connection refused by maxClients. A UDP socket: `const id = table.touch(key, remote)` per
 * datagram (creates the peer the first time, then bumps lastSeenAt), then `recordIn(id, n)`.
 * Every change bumps `version`, which the session reports as peersVersion.
 */
export class PeerTable {
  /** In order of appearance; clear() compacts it. */
  #peers: PeerRecord[] = [];
  #byId = new Map<string, PeerRecord>();
  #byKey = new Map<string, PeerRecord>();
  #nextId = 1;
  #open = 0;
  #rejected = 0;
  #version = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Bumped on every change (a peer added, closed, cleared, or its counters moved). */
  get version(): number {
    return this.#version;
  }

  get size(): number {
    return this.#peers.length;
  }

  counts(): PeerCounts {
    return { total: this.#peers.length, open: this.#open, rejected: this.#rejected };
  }

  /** A new open peer; returns its id. With a key, `byKey(key)` and `touch(key)` find it while open. */
  add(label: string, remote: Endpoint | null, key: string | null = null): string {
    const at = this.now();
    const record: PeerRecord = {
      id: `p${this.#nextId++}`,
      key,
      label,
      remote,
      connectedAt: at,
      lastSeenAt: at,
      open: true,
      closedBy: null,
      error: null,
      bytesIn: 0,
      bytesOut: 0,
      messagesIn: 0,
      messagesOut: 0,
      certificate: null,
    };
    this.#peers.push(record);
    this.#byId.set(record.id, record);
    if (key !== null) this.#byKey.set(key, record);
    this.#open += 1;
    this.#version += 1;
    return record.id;
  }

  /**
   * The open peer with this key, seen just now; created (label = key) if there is none.
   * Returns its id. For peers that have no connection of their own (UDP senders).
   */
  touch(key: string, remote: Endpoint | null, label: string = key): string {
    const found = this.#byKey.get(key);
    if (!found) return this.add(label, remote, key);
    found.lastSeenAt = this.now();
    this.#version += 1;
    return found.id;
  }

  /** The id of the open peer with this key, if any. */
  byKey(key: string): string | undefined {
    return this.#byKey.get(key)?.id;
  }

  has(id: string): boolean {
    return this.#byId.has(id);
  }

  /** NO_SUCH_PEER unless `id` is listed (open or closed). */
  mustHave(id: string): void {
    this.#listed(id);
  }

  #listed(id: string): PeerRecord {
    const record = this.#byId.get(id);
    if (!record) throw new CodedError('NO_SUCH_PEER', m.e_there_is_no_client_it_may({ id }));
    return record;
  }

  isOpen(id: string): boolean {
    return this.#byId.get(id)?.open === true;
  }

  /** The label logged with this peer's entries ("address:port", "client #3"). */
  label(id: string): string {
    return this.#byId.get(id)?.label ?? id;
  }

  /** What TrafficLog.append takes as its peer. */
  logPeer(id: string): { id: string; label: string } {
    // The same object each time (while the label stands): the log knows it without a lookup by text.
    const record = this.#byId.get(id);
    if (!record) return { id, label: id };
    if (record.logPeer?.label !== record.label) record.logPeer = { id, label: record.label };
    return record.logPeer;
  }

  /** Bytes received from the peer (one message). */
  /** `messages`: the entries the bytes made (a read of several frames, or none yet of a long one). */
  recordIn(id: string, bytes: number, messages = 1): void {
    const record = this.#byId.get(id);
    if (!record) return;
    record.bytesIn += bytes;
    record.messagesIn += messages;
    record.lastSeenAt = this.now();
    this.#version += 1;
  }

  /** Bytes sent to the peer (one message). */
  recordOut(id: string, bytes: number, messages = 1): void {
    const record = this.#byId.get(id);
    if (!record) return;
    record.bytesOut += bytes;
    record.messagesOut += messages;
    record.lastSeenAt = this.now();
    this.#version += 1;
  }

  /** TLS servers: the subject of the certificate the client sent. */
  setCertificate(id: string, subject: string | null): void {
    const record = this.#byId.get(id);
    if (!record) return;
    record.certificate = subject;
    this.#version += 1;
  }

  /** The peer's connection ended; it stays listed (with its totals) until clear(). */
  close(id: string, closedBy: 'local' | 'peer', error: WireError | null = null): void {
    const record = this.#byId.get(id);
    if (!record || !record.open) return;
    record.open = false;
    record.closedBy = closedBy;
    record.error = error;
    record.lastSeenAt = this.now();
    if (record.key !== null && this.#byKey.get(record.key) === record) this.#byKey.delete(record.key);
    this.#open -= 1;
    this.#version += 1;
  }

  /** A connection refused because the session was full (maxClients). */
  reject(): void {
    this.#rejected += 1;
    this.#version += 1;
  }

  /** Ids of every open peer, in order of appearance. */
  openIds(): string[] {
    const ids: string[] = [];
    for (const record of this.#peers) if (record.open) ids.push(record.id);
    return ids;
  }

  /**
   * The ids a selection names, in order, without duplicates. Each named id must be listed (and
   * open, with `openOnly`), else NO_SUCH_PEER naming the first missing one. 'all': every open peer.
   */
  select(selection: PeerSelection, options: { openOnly: boolean }): string[] {
    if (selection.type === 'all') return this.openIds();
    const ids = [...new Set(selection.peerIds)];
    for (const id of ids) {
      const record = this.#listed(id);
      if (options.openOnly && !record.open) {
        throw new CodedError('NO_SUCH_PEER', m.e_client_is_closed_choose_a_connected({ id, label: record.label }));
      }
    }
    return ids;
  }

  /** Peers [from, from + count) in order of appearance, as copies, with the counts. */
  read(from: number, count: number): { peers: PeerInfo[]; counts: PeerCounts } {
    const start = Math.max(0, from);
    const end = Math.min(this.#peers.length, start + Math.max(0, count));
    const peers: PeerInfo[] = [];
    for (let i = start; i < end; i++) peers.push(toInfo(this.#peers[i]!));
    return { peers, counts: this.counts() };
  }

  /** One peer as a copy, if listed. */
  get(id: string): PeerInfo | undefined {
    const record = this.#byId.get(id);
    return record ? toInfo(record) : undefined;
  }

  /** Forget closed peers (with `all`, every peer: UDP forgets all senders). Returns how many went. */
  clear(options: { all?: boolean } = {}): number {
    const before = this.#peers.length;
    const kept: PeerRecord[] = [];
    for (const record of this.#peers) {
      if (record.open && !options.all) {
        kept.push(record);
        continue;
      }
      this.#byId.delete(record.id);
      if (record.key !== null && this.#byKey.get(record.key) === record) this.#byKey.delete(record.key);
    }
    this.#peers = kept;
    if (options.all) {
      this.#open = 0;
      this.#rejected = 0;
    }
    const removed = before - kept.length;
    if (removed > 0 || options.all) this.#version += 1;
    return removed;
  }
}

function toInfo(record: PeerRecord): PeerInfo {
  const stats: SessionStats = {
    bytesIn: record.bytesIn,
    bytesOut: record.bytesOut,
    messagesIn: record.messagesIn,
    messagesOut: record.messagesOut,
  };
  return {
    id: record.id,
    label: record.label,
    remote: record.remote,
    connectedAt: record.connectedAt,
    lastSeenAt: record.lastSeenAt,
    status: record.open ? 'open' : 'closed',
    closedBy: record.closedBy,
    error: record.error,
    stats,
    certificate: record.certificate,
  };
}
