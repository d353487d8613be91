// A fake bridge for the client list: a peer table of any size made once, a log whose entries
// each belong to a peer (and that log.read filters by peer), and the steps to show a server tab.
import { screen, waitFor, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { expect } from 'vitest';
import type { LogEntry, PeerInfo, SessionConfigInput } from '../../../src-main/shared/contract.js';
import { FakeBridge, logOf, openSnapshot, type FakeLog } from '../fake-bridge.js';
import { renderApp, type User } from '../helpers.js';

export const T0 = Date.UTC(2024, 0, 1, 12, 0, 0);

/** Peer n (1-based): "p<n>" at 10.0.<hi>.<lo>:<40000 + n % 20000>, open unless told. */
export function makePeer(n: number, overrides: Partial<PeerInfo> = {}): PeerInfo {
  const address = `10.0.${Math.floor(n / 256) % 256}.${n % 256}`;
  const port = 40000 + (n % 20000);
  return {
    id: `p${n}`,
    label: `${address}:${port}`,
    remote: { address, port, family: 'IPv4' },
    connectedAt: T0 + n,
    lastSeenAt: T0 + n + 1000,
    status: 'open',
    closedBy: null,
    error: null,
    stats: { bytesIn: n, bytesOut: 2 * n, messagesIn: 1, messagesOut: 2 },
    certificate: null,
    ...overrides,
  };
}

export function peersOf(count: number): PeerInfo[] {
  return Array.from({ length: count }, (_, i) => makePeer(i + 1));
}

/**
 * FakeBridge, plus what a peer table needs: reads return copies (as a real transport does, so
 * a peer changed in the table is a new object to the renderer), log.read honours peerId, and
 * a rejected count a test may set.
 */
export class PeerBridge extends FakeBridge {
  rejected = 0;
  #reading = 0;

  constructor() {
    super();
    const peersRead = this.handlers['peers.read']!;
    this.handlers['peers.read'] = async (input) => {
      this.#reading++;
      const result = await Promise.resolve(peersRead(input)).finally(() => this.#reading--);
      if (!result.ok) return result;
      const peers = result.value.peers.map((p) => ({ ...p, remote: p.remote && { ...p.remote }, stats: { ...p.stats } }));
      return { ok: true, value: { peers, counts: { ...result.value.counts, rejected: this.rejected } } };
    };
    const logRead = this.handlers['log.read']!;
    this.handlers['log.read'] = async (input) => {
      const { peerId } = input;
      if (peerId === undefined) return logRead(input);
      // Filtering means looking at every entry: fine for the small logs these tests use.
      const log = this.logs.get(input.id) ?? logOf([]);
      const all: LogEntry[] = [];
      for (let seq = 0; seq < log.count; seq++) {
        const entry = log.entry(seq);
        if (entry.peerId === peerId) all.push(entry);
      }
      return { ok: true, value: { entries: all.slice(input.from, input.from + input.count), total: all.length } };
    };
  }

  /** Waits until no peers.read is being answered and the renderer has taken the last answer in. */
  async readsSettled(): Promise<void> {
    await waitFor(() => expect(this.#reading).toBe(0));
    await tick();
  }

  /** Announces a change of the peer table, as main's growth tick does. */
  peersChanged(id: string): void {
    this.peersVersion++;
    this.grow(id);
  }

  countsOf(id: string): { total: number; open: number; rejected: number } {
    const peers = this.peers.get(id) ?? [];
    return { total: peers.length, open: peers.filter((p) => p.status === 'open').length, rejected: this.rejected };
  }
}

export const serverConfig: SessionConfigInput = { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 5000 };
export const udpConfig = { kind: 'udp', localAddress: '127.0.0.1', localPort: 5000 } as const satisfies SessionConfigInput;

export interface Shown {
  bridge: PeerBridge;
  user: User;
  panel: HTMLElement;
  clients: HTMLElement;
}

/** Restores one open session of a peer kind holding `peers` (and `log`), and returns its Clients region. */
export async function showPeers(
  peers: PeerInfo[],
  options: { config?: SessionConfigInput; log?: FakeLog; bridge?: PeerBridge } = {},
): Promise<Shown> {
  const bridge = options.bridge ?? new PeerBridge();
  bridge.peers.set('s1', peers);
  const log = options.log ?? logOf([]);
  bridge.addSession(openSnapshot('s1', options.config ?? serverConfig, { logCount: log.count, peers: bridge.countsOf('s1') }), log);
  const user = await renderApp(bridge);
  const panel = await screen.findByRole('tabpanel');
  const clients = within(panel).getByRole('region', { name: 'Clients' });
  return { bridge, user, panel, clients };
}

/** The client list's data rows (the first row is the column header). */
export function clientRows(clients: HTMLElement): HTMLElement[] {
  return within(within(clients).getByRole('grid', { name: 'Client list' })).getAllByRole('row').slice(1);
}

/** The row showing the client labelled `label`. */
export function clientRow(clients: HTMLElement, label: string): HTMLElement {
  const row = clientRows(clients).find((r) => within(r).queryByText(label, { exact: true }));
  if (!row) throw new Error(`no row for ${label}`);
  return row;
}

/** Waits until the peer rows are read and shown (not "Loading…"). */
export async function waitForClientRows(clients: HTMLElement, count: number): Promise<void> {
  await waitFor(() => {
    const rows = clientRows(clients);
    expect(rows).toHaveLength(count);
    for (const row of rows) expect(row.textContent).not.toContain('Loading');
  });
}
