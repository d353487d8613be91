// One listening tab's client list (for UDP: the senders heard from). Its tab passes on the
// session's events (applyState, applyGrowth); it subscribes to nothing itself. The table lives in main
// and may hold thousands of peers; this holds only the window in view, the counts, and the
// selected peers (id, label and whether they were last seen open), never the whole table.
import { m } from '../i18n/i18n.svelte.js';
import { MAX_PEER_IDS, MAX_READ_ENTRIES, type PeerCounts, type PeerInfo, type Result, type SessionSnapshot, type WireError } from '$shared/contract.js';
import { SvelteMap } from 'svelte/reactivity';
import type { Bridge } from '../bridge/bridge.js';
import { formatCount } from '../session/format.js';
import { RowWindow } from '../ui/row-window.svelte.js';
import { settle } from '../bridge/settle.js';

export interface SelectedPeer {
  id: string;
  label: string;
  open: boolean;
}

/** How a click on a row was modified: Ctrl/Cmd toggles, Shift selects a range. */
export interface ClickModifiers {
  toggle?: boolean;
  range?: boolean;
}

export class ClientsState {
  readonly rows: RowWindow<PeerInfo, { peers: PeerInfo[]; counts: PeerCounts }>;
  #counts = $state.raw<PeerCounts | null>(null);
  readonly #selected = new SvelteMap<string, SelectedPeer>();
  /** Where the last plain or Ctrl click was, the start of a Shift range. */
  #anchor: number | null = null;
  #notice = $state<string | null>(null);
  #error = $state.raw<WireError | null>(null);
  #busy = $state(false);
  #version: number | null = null;
  /** Bumped whenever an event or a command's result sets the counts; a read answered later is older. */
  #countsChanges = 0;
  #countsAskedAt = 0;
  readonly #id: string;
  readonly #bridge: Bridge;

  constructor(id: string, bridge: Bridge, counts: PeerCounts | null = null) {
    this.#id = id;
    this.#bridge = bridge;
    this.#counts = counts;
    this.rows = new RowWindow(
      (from, count) => {
        this.#countsAskedAt = this.#countsChanges;
        return bridge.peersRead({ id, from, count });
      },
      ({ peers, counts }) => {
        // Counts an event brought after this read was asked for are newer: keep those.
        if (this.#countsChanges === this.#countsAskedAt) this.#counts = counts;
        this.#noteSelected(peers);
        return { rows: peers, total: counts.total };
      },
    );
  }

  /** A log.grew of this session (routed here by its tab): new counts; the table is read again when it changed. */
  applyGrowth(peers: PeerCounts | null, peersVersion: number): void {
    if (peers) this.setCounts(peers);
    // Growth of the log alone leaves the table as it was; only a new version is read.
    if (peersVersion !== this.#version) {
      this.#version = peersVersion;
      this.rows.refresh();
    }
  }

  /** A session.state of this session (routed here by its tab). */
  applyState(snapshot: SessionSnapshot): void {
    this.setCounts(snapshot.peers);
    // Listening again: the ids picked before may be gone.
    if (snapshot.status === 'connecting') this.clearSelection();
    this.rows.refresh();
  }

  /** Counts a command's result brought (newer than any event before it). */
  setCounts(counts: PeerCounts | null): void {
    this.#counts = counts;
    this.#countsChanges += 1;
  }

  /** Peers listed, open and rejected, as main last said. */
  get counts(): PeerCounts | null {
    return this.#counts;
  }

  get total(): number {
    return this.#counts?.total ?? 0;
  }

  /** The last action's outcome in words. */
  get notice(): string | null {
    return this.#notice;
  }

  /** The last action's error. */
  get error(): WireError | null {
    return this.#error;
  }

  get busy(): boolean {
    return this.#busy;
  }

  get selectedCount(): number {
    return this.#selected.size;
  }

  get selectedIds(): string[] {
    return [...this.#selected.keys()];
  }

  get selectedOpenCount(): number {
    let open = 0;
    for (const peer of this.#selected.values()) if (peer.open) open++;
    return open;
  }

  /** The one selected peer, when exactly one is. */
  get single(): SelectedPeer | null {
    if (this.#selected.size !== 1) return null;
    const [peer] = this.#selected.values();
    return peer ?? null;
  }

  isSelected(id: string): boolean {
    return this.#selected.has(id);
  }

  /** A click on row `index`: alone, Ctrl/Cmd toggles it, Shift selects from the last click. */
  async click(index: number, modifiers: ClickModifiers = {}): Promise<void> {
    const peer = this.rows.rowAt(index);
    if (!peer) return;
    if (modifiers.range && this.#anchor !== null) {
      await this.#selectRange(this.#anchor, index, modifiers.toggle ?? false);
      return;
    }
    this.#anchor = index;
    if (modifiers.toggle) {
      this.toggle(peer);
    } else {
      this.#selected.clear();
      this.#selected.set(peer.id, selectedOf(peer));
    }
  }

  /** Adds or removes one peer (its checkbox). */
  toggle(peer: PeerInfo, index?: number): void {
    if (index !== undefined) this.#anchor = index;
    if (this.#selected.has(peer.id)) this.#selected.delete(peer.id);
    else if (this.#selected.size < MAX_PEER_IDS) this.#selected.set(peer.id, selectedOf(peer));
  }

  clearSelection(): void {
    this.#anchor = null;
    this.#selected.clear();
  }

  /** "Disconnect client": closes the selected clients. */
  async disconnectSelected(): Promise<void> {
    const peerIds = this.selectedIds;
    if (peerIds.length === 0) return;
    await this.#act(
      () => this.#bridge.peersDisconnect({ id: this.#id, peers: { type: 'peers', peerIds } }),
      ({ closed }) => (closed === 0 ? m.selected_already_closed() : m.closed_clients({ clients: formatCount(closed, 'client') })),
    );
  }

  /** "Disconnect all": closes every connected client. */
  async disconnectAll(): Promise<void> {
    await this.#act(
      () => this.#bridge.peersDisconnect({ id: this.#id, peers: { type: 'all' } }),
      ({ closed }) => (closed === 0 ? m.no_client_was_connected() : m.closed_clients({ clients: formatCount(closed, 'client') })),
    );
  }

  /** "Clear closed" (servers) or "Clear list" (UDP, which forgets every sender). */
  async clear(forgetsAll: boolean): Promise<void> {
    await this.#act(
      () => this.#bridge.peersClear({ id: this.#id }),
      ({ removed }) => {
        // Main forgot the closed ones (UDP: every sender); so does the selection.
        for (const [id, peer] of this.#selected) if (forgetsAll || !peer.open) this.#selected.delete(id);
        this.#anchor = null;
        return forgetsAll ? m.forgot_senders({ senders: formatCount(removed, 'sender') }) : m.removed_closed({ clients: formatCount(removed, 'closed client') });
      },
    );
  }

  dispose(): void {
    this.rows.dispose();
  }

  async #act<T>(run: () => Promise<Result<T>>, words: (value: T) => string): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    const result = await settle(run, 'The request');
    this.#busy = false;
    if (result.ok) {
      this.#error = null;
      this.#notice = words(result.value);
    } else {
      this.#error = result.error;
      this.#notice = null;
    }
    this.rows.refresh();
  }

  /** Keeps what is known of selected peers (open or closed) as fresh as the rows read. */
  #noteSelected(peers: PeerInfo[]): void {
    for (const peer of peers) {
      const known = this.#selected.get(peer.id);
      if (known && known.open !== (peer.status === 'open')) this.#selected.set(peer.id, selectedOf(peer));
    }
  }

  /** Selects rows [a, b] (either order); read from main where they are not in the window. */
  async #selectRange(a: number, b: number, add: boolean): Promise<void> {
    const from = Math.min(a, b);
    const to = Math.min(Math.max(a, b), from + MAX_PEER_IDS - 1);
    const peers: PeerInfo[] = [];
    const held = this.rows.heldFrom;
    if (from >= held && to < held + this.rows.heldCount) {
      peers.push(...this.rows.held.slice(from - held, to - held + 1));
    } else {
      for (let start = from; start <= to; start += MAX_READ_ENTRIES) {
        const count = Math.min(MAX_READ_ENTRIES, to - start + 1);
        const result = await this.#bridge.peersRead({ id: this.#id, from: start, count });
        if (!result.ok) {
          this.#error = result.error;
          return;
        }
        peers.push(...result.value.peers);
        if (result.value.peers.length < count) break;
      }
    }
    if (!add) this.#selected.clear();
    for (const peer of peers) if (this.#selected.size < MAX_PEER_IDS) this.#selected.set(peer.id, selectedOf(peer));
  }
}

function selectedOf(peer: PeerInfo): SelectedPeer {
  return { id: peer.id, label: peer.label, open: peer.status === 'open' };
}
