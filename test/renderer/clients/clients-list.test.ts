import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, test } from 'vitest';
import { clientRow, clientRows, makePeer, PeerBridge, peersOf, serverConfig, showPeers, waitForClientRows } from './clients-fake.js';
import { openSnapshot } from '../fake-bridge.js';
import { renderApp } from '../helpers.js';
import { scrollerOf } from '../log-fixture.js';

describe('client list', () => {
  test('with 50,000 clients, reads and renders only a window of them', async () => {
    const { bridge, clients } = await showPeers(peersOf(50_000));
    await waitFor(() => expect(within(clients).getByText('10.0.0.1:40001')).toBeTruthy());
    expect(within(clients).getByText('50,000 open, 50,000 listed, 0 rejected')).toBeTruthy();

    const reads = bridge.callsOf('peers.read');
    expect(reads.length).toBeGreaterThan(0);
    for (const read of reads) {
      expect(read.from).toBe(0);
      expect(read.count).toBeLessThanOrEqual(20);
    }
    const rows = clientRows(clients);
    expect(rows.length).toBeLessThanOrEqual(20);
    expect(rows.length).toBeGreaterThan(3);

    // Halfway down is halfway through the table, read as one more window.
    const scroller = scrollerOf(clients);
    scroller.scrollTop = 25_000 * 24;
    fireEvent.scroll(scroller);
    await waitFor(() => expect(within(clients).getByText(makePeer(25_001).label)).toBeTruthy());
    const last = bridge.callsOf('peers.read').at(-1)!;
    expect(last.from).toBeGreaterThan(24_980);
    expect(last.from).toBeLessThanOrEqual(25_000);
    expect(last.count).toBeLessThanOrEqual(20);
    expect(clientRows(clients).length).toBeLessThanOrEqual(20);
    expect(within(clients).getByRole('grid', { name: 'Client list' }).getAttribute('aria-rowcount')).toBe('50001');
  });

  test('Shift-click past the window selects the range, read from main a bounded page at a time', async () => {
    const { bridge, clients } = await showPeers(peersOf(50_000));
    await waitFor(() => expect(within(clients).getByText('10.0.0.1:40001')).toBeTruthy());
    fireEvent.click(clientRow(clients, '10.0.0.1:40001'));
    await waitFor(() => expect(within(clients).getByText('1 selected')).toBeTruthy());

    const scroller = scrollerOf(clients);
    scroller.scrollTop = 3000 * 24;
    fireEvent.scroll(scroller);
    const target = makePeer(3001);
    await waitFor(() => expect(within(clients).getByText(target.label)).toBeTruthy());
    const before = bridge.callsOf('peers.read').length;
    fireEvent.click(clientRow(clients, target.label), { shiftKey: true });
    await waitFor(() => expect(within(clients).getByText('3,001 selected')).toBeTruthy());
    const pages = bridge.callsOf('peers.read').slice(before);
    expect(pages.map((r) => [r.from, r.count])).toEqual([
      [0, 1000],
      [1000, 1000],
      [2000, 1000],
      [3000, 1],
    ]);
    expect(clientRow(clients, target.label).getAttribute('aria-selected')).toBe('true');
  });

  test('each row shows the client, when it connected, last seen, state and traffic both ways', async () => {
    const closed = makePeer(2, {
      status: 'closed',
      closedBy: 'peer',
      stats: { bytesIn: 2048, bytesOut: 5, messagesIn: 3, messagesOut: 1 },
    });
    const { clients } = await showPeers([makePeer(1), closed, makePeer(3, { status: 'closed', closedBy: 'local' })]);
    await waitForClientRows(clients, 3);
    const headers = within(clients).getAllByRole('columnheader').map((h) => h.textContent?.trim());
    expect(headers).toEqual(['Selected', 'Client', 'Connected at', 'Last seen', 'State', 'In', 'Out']);

    const cells = within(clientRow(clients, closed.label)).getAllByRole('gridcell').map((c) => c.textContent?.trim());
    const time = (ts: number): string => {
      const d = new Date(ts);
      const two = (n: number) => String(n).padStart(2, '0');
      return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
    };
    expect(cells).toEqual(['', closed.label, time(closed.connectedAt), time(closed.lastSeenAt), 'closed by client', '2.0 KiB / 3', '5 B / 1']);
    expect(within(clientRow(clients, makePeer(1).label)).getAllByRole('gridcell')[4]!.textContent).toBe('open');
    expect(within(clientRow(clients, makePeer(3).label)).getAllByRole('gridcell')[4]!.textContent).toBe('closed by you');
    expect(within(clients).getByText('1 open, 3 listed, 0 rejected')).toBeTruthy();
  });

  test('re-reads the window once per new peersVersion, not for log growth alone', async () => {
    const peers = peersOf(3);
    const { bridge, clients } = await showPeers(peers);
    await waitForClientRows(clients, 3);
    bridge.peersChanged('s1');
    await waitFor(() => expect(bridge.callsOf('peers.read').length).toBeGreaterThan(1));
    await bridge.readsSettled();
    const reads = bridge.callsOf('peers.read').length;

    // The log grows, the table does not: nothing to read.
    bridge.grow('s1');
    bridge.grow('s1');
    await Promise.resolve();
    expect(bridge.callsOf('peers.read').length).toBe(reads);

    // A client closes and two connect: one event, one read, and the list shows it.
    peers[0] = { ...peers[0]!, status: 'closed', closedBy: 'peer' };
    peers.push(makePeer(4), makePeer(5));
    bridge.rejected = 1;
    bridge.peersChanged('s1');
    await waitFor(() => expect(within(clients).getByText('4 open, 5 listed, 1 rejected')).toBeTruthy());
    await waitForClientRows(clients, 5);
    expect(within(clientRow(clients, peers[0]!.label)).getAllByRole('gridcell')[4]!.textContent).toBe('closed by client');
    expect(bridge.callsOf('peers.read').length).toBe(reads + 1);
  });

  test('a burst of table changes costs one read, not one per event', async () => {
    const peers = peersOf(3);
    const { bridge, clients } = await showPeers(peers);
    await waitForClientRows(clients, 3);
    await bridge.readsSettled();
    const reads = bridge.callsOf('peers.read').length;
    for (let i = 0; i < 5; i++) {
      peers.push(makePeer(4 + i));
      bridge.peersChanged('s1');
    }
    await waitForClientRows(clients, 8);
    expect(within(clients).getByText('8 open, 8 listed, 0 rejected')).toBeTruthy();
    // The events came before any read could answer: they cost one read.
    expect(bridge.callsOf('peers.read').length).toBe(reads + 1);
  });

  test('a tab in the background does not read its client list; shown again, it reads the news', async () => {
    const peers = peersOf(2);
    const bridge = new PeerBridge();
    bridge.peers.set('s1', peers);
    bridge.addSession(openSnapshot('s1', serverConfig, { peers: bridge.countsOf('s1') }));
    bridge.addSession(openSnapshot('s2', { kind: 'tcp-client', host: '127.0.0.1', port: 7 }));
    const user = await renderApp(bridge);
    const clients = await screen.findByRole('region', { name: 'Clients' });
    await waitForClientRows(clients, 2);
    await bridge.readsSettled();
    const reads = bridge.callsOf('peers.read').length;

    await user.click(screen.getAllByRole('tab')[1]!);
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Clients' })).toBeNull());
    peers.push(makePeer(3));
    bridge.peersChanged('s1');
    await bridge.readsSettled();
    expect(bridge.callsOf('peers.read').length).toBe(reads);

    await user.click(screen.getAllByRole('tab')[0]!);
    const shown = await screen.findByRole('region', { name: 'Clients' });
    await waitForClientRows(shown, 3);
  });

  test('a UDP session lists the senders heard from, with no connections to close', async () => {
    const { clients } = await showPeers(peersOf(2), { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 5000 } });
    await waitForClientRows(clients, 2);
    expect(within(clients).getByText('2 senders heard from')).toBeTruthy();
    expect(within(clients).getAllByRole('columnheader')[2]!.textContent).toBe('First seen');
    expect(within(clients).queryByRole('button', { name: 'Disconnect client' })).toBeNull();
    expect(within(clients).getByRole('button', { name: 'Clear list' })).toBeTruthy();
  });

  test('a client session has no client list', async () => {
    const { FakeBridge, openSnapshot } = await import('../fake-bridge.js');
    const { renderApp } = await import('../helpers.js');
    const bridge = new FakeBridge();
    bridge.addSession(openSnapshot('s1', { kind: 'tcp-client', host: '127.0.0.1', port: 7 }));
    await renderApp(bridge);
    const panel = await within(document.body).findByRole('tabpanel');
    expect(within(panel).queryByRole('region', { name: 'Clients' })).toBeNull();
    expect(within(panel).queryByRole('columnheader', { name: 'Client' })).toBeNull();
  });
});
