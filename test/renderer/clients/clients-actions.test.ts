import { fireEvent, waitFor, within } from '@testing-library/svelte';
import { describe, expect, test } from 'vitest';
import type { LogEntry, PeerInfo } from '../../../src-main/shared/contract.js';
import { clientRow, clientRows, makePeer, peersOf, showPeers, udpConfig, waitForClientRows } from './clients-fake.js';
import { bytesOf, logOf, makeEntry } from '../fake-bridge.js';
import { logRows } from '../log-fixture.js';

function checkbox(clients: HTMLElement, peer: PeerInfo): HTMLInputElement {
  return within(clients).getByRole('checkbox', { name: `Select ${peer.label}` }) as HTMLInputElement;
}

function selectedLabels(clients: HTMLElement): string[] {
  return clientRows(clients)
    .filter((r) => r.getAttribute('aria-selected') === 'true')
    .map((r) => within(r).getAllByRole('gridcell')[1]!.textContent ?? '');
}

/** An entry to or from a peer. */
function peerEntry(seq: number, dir: 'in' | 'out', text: string, peer: PeerInfo | { label: string; id: string | null }): LogEntry {
  return { ...makeEntry(seq, dir, bytesOf(text)), peer: peer.label, peerId: peer.id };
}

describe('selecting clients', () => {
  test('a click selects one row alone, Ctrl toggles, Shift selects a range, the checkbox toggles', async () => {
    const peers = peersOf(6);
    const { clients } = await showPeers(peers);
    await waitForClientRows(clients, 6);
    const label = (i: number) => peers[i]!.label;

    fireEvent.click(clientRow(clients, label(1)));
    await waitFor(() => expect(selectedLabels(clients)).toEqual([label(1)]));
    expect(checkbox(clients, peers[1]!).checked).toBe(true);
    expect(within(clients).getByText('1 selected')).toBeTruthy();

    fireEvent.click(clientRow(clients, label(3)));
    await waitFor(() => expect(selectedLabels(clients)).toEqual([label(3)]));

    fireEvent.click(clientRow(clients, label(0)), { ctrlKey: true });
    await waitFor(() => expect(selectedLabels(clients)).toEqual([label(0), label(3)]));
    fireEvent.click(clientRow(clients, label(3)), { metaKey: true });
    await waitFor(() => expect(selectedLabels(clients)).toEqual([label(0)]));

    // A range runs from the last row clicked without Shift.
    fireEvent.click(clientRow(clients, label(0)));
    fireEvent.click(clientRow(clients, label(4)), { shiftKey: true });
    await waitFor(() => expect(selectedLabels(clients)).toEqual([0, 1, 2, 3, 4].map(label)));
    expect(within(clients).getByText('5 selected')).toBeTruthy();

    fireEvent.click(checkbox(clients, peers[2]!));
    await waitFor(() => expect(selectedLabels(clients)).toEqual([0, 1, 3, 4].map(label)));
    expect(checkbox(clients, peers[2]!).checked).toBe(false);
  });

  test('the arrow keys move the selection, Space toggles, Escape clears', async () => {
    const peers = peersOf(4);
    const { user, clients } = await showPeers(peers);
    await waitForClientRows(clients, 4);
    within(clients).getByRole('grid', { name: 'Client list' }).focus();
    await user.keyboard('{ArrowDown}{ArrowDown}');
    await waitFor(() => expect(selectedLabels(clients)).toEqual([peers[1]!.label]));
    await user.keyboard('{Control>}{ArrowDown}{/Control} ');
    await waitFor(() => expect(selectedLabels(clients)).toEqual([peers[1]!.label, peers[2]!.label]));
    await user.keyboard('{Escape}');
    await waitFor(() => expect(selectedLabels(clients)).toEqual([]));
  });
});

describe('sending to clients', () => {
  test('"Send" goes to the selected clients only, and is disabled with a hint when none is selected', async () => {
    const peers = peersOf(4);
    const { bridge, user, panel, clients } = await showPeers(peers);
    bridge.onSend = ({ to }) => ({ ok: true, value: { bytes: 5, seq: 9, targets: to?.type === 'peers' ? to.peerIds.length : 4 } });
    await waitForClientRows(clients, 4);
    const p = within(panel);
    await user.type(p.getByLabelText('Message'), 'hello');
    const send = p.getByRole('button', { name: 'Send' }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    expect(send.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(send.getAttribute('aria-describedby')!)?.textContent).toBe(
      'Select clients in the list to send to them, or use Send to all.',
    );
    // Ctrl+Enter does not get round the disabled button.
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(bridge.callsOf('session.send')).toEqual([]);

    fireEvent.click(clientRow(clients, peers[0]!.label));
    fireEvent.click(clientRow(clients, peers[2]!.label), { ctrlKey: true });
    await waitFor(() => expect(send.disabled).toBe(false));
    await user.click(send);
    await waitFor(() => expect(p.getByText('Sent 5 B to 2 clients.')).toBeTruthy());
    expect(bridge.callsOf('session.send')).toEqual([
      { id: 's1', payload: { format: 'text', text: 'hello', lineEnding: 'none', encoding: 'utf-8', checksum: null, expand: false }, to: { type: 'peers', peerIds: ['p1', 'p3'] } },
    ]);

    await user.click(p.getByRole('button', { name: 'Send to all' }));
    await waitFor(() => expect(p.getByText('Sent 5 B to 4 clients.')).toBeTruthy());
    expect(bridge.callsOf('session.send')[1]!.to).toEqual({ type: 'all' });
    expect((p.getByLabelText('Message') as HTMLTextAreaElement).value).toBe('hello');
  });

  test('a send error is an alert in words', async () => {
    const peers = peersOf(1);
    const { bridge, user, panel, clients } = await showPeers(peers);
    bridge.onSend = () => ({ ok: false, error: { code: 'NO_SUCH_PEER', message: 'Client p1 is closed; it can no longer be sent to.' } });
    await waitForClientRows(clients, 1);
    fireEvent.click(clientRow(clients, peers[0]!.label));
    await user.click(within(panel).getByRole('button', { name: 'Send' }));
    const alert = await within(panel).findByRole('alert');
    expect(alert.textContent).toBe('Client p1 is closed; it can no longer be sent to. (NO_SUCH_PEER)');
  });

  test('UDP with a default destination sends there when no sender is selected', async () => {
    const { bridge, user, panel, clients } = await showPeers(peersOf(2), {
      config: { ...udpConfig, remoteHost: '127.0.0.1', remotePort: 9000 },
    });
    bridge.onSend = () => ({ ok: true, value: { bytes: 2, seq: 0, targets: 1 } });
    await waitForClientRows(clients, 2);
    const p = within(panel);
    await user.type(p.getByLabelText('Message'), 'hi');
    await user.click(p.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(p.getByText('Sent 2 B to 127.0.0.1:9000.')).toBeTruthy());
    // The Host and Port in the form are the destination, named in the send (not main's config).
    expect(bridge.callsOf('session.send')).toEqual([
      { id: 's1', payload: { format: 'text', text: 'hi', lineEnding: 'none', encoding: 'utf-8', checksum: null, expand: false }, to: { type: 'address', host: '127.0.0.1', port: 9000 } },
    ]);

    // With a sender selected, "Send" goes to it instead.
    fireEvent.click(clientRow(clients, makePeer(2).label));
    await waitFor(() => expect(selectedLabels(clients)).toHaveLength(1));
    await user.click(p.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(bridge.callsOf('session.send')).toHaveLength(2));
    expect(bridge.callsOf('session.send')[1]!.to).toEqual({ type: 'peers', peerIds: ['p2'] });
  });

  test('UDP: Host and Port typed after Bind are where Send goes (and clearing Port takes it back)', async () => {
    const { bridge, user, panel, clients } = await showPeers(peersOf(1), { config: udpConfig });
    bridge.onSend = () => ({ ok: true, value: { bytes: 2, seq: 0, targets: 1 } });
    await waitForClientRows(clients, 1);
    const p = within(panel);
    const send = p.getByRole('button', { name: 'Send' }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    await user.type(p.getByLabelText('Host'), '::1');
    expect(send.disabled).toBe(true);
    await user.type(p.getByLabelText('Port'), '7001');
    await waitFor(() => expect(send.disabled).toBe(false));
    expect(p.queryByText('Select senders in the list, or set Host and Port, to send; or use Send to all.')).toBeNull();
    await user.type(p.getByLabelText('Message'), 'hi');
    await user.click(send);
    await waitFor(() => expect(p.getByText('Sent 2 B to [::1]:7001.')).toBeTruthy());
    expect(bridge.callsOf('session.send').at(-1)!.to).toEqual({ type: 'address', host: '::1', port: 7001 });

    await user.clear(p.getByLabelText('Port'));
    await waitFor(() => expect(send.disabled).toBe(true));
  });

  test('UDP without a default destination needs a selection', async () => {
    const { panel, clients } = await showPeers(peersOf(1), { config: udpConfig });
    await waitForClientRows(clients, 1);
    const send = within(panel).getByRole('button', { name: 'Send' }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    expect(within(panel).getByText('Select senders in the list, or set Host and Port, to send; or use Send to all.')).toBeTruthy();
  });
});

describe('disconnecting and clearing clients', () => {
  test('"Disconnect client" closes exactly the selected ones, which stay listed and marked closed', async () => {
    const peers = peersOf(3);
    const { bridge, user, clients } = await showPeers(peers);
    await waitForClientRows(clients, 3);
    const c = within(clients);
    expect((c.getByRole('button', { name: 'Disconnect client' }) as HTMLButtonElement).disabled).toBe(true);
    expect((c.getByRole('button', { name: 'Clear closed' }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(clientRow(clients, peers[1]!.label));
    await user.click(c.getByRole('button', { name: 'Disconnect client' }));
    await waitFor(() => expect(c.getByText('Closed 1 client.')).toBeTruthy());
    expect(bridge.callsOf('peers.disconnect')).toEqual([{ id: 's1', peers: { type: 'peers', peerIds: ['p2'] } }]);
    await waitFor(() => expect(within(clientRow(clients, peers[1]!.label)).getAllByRole('gridcell')[4]!.textContent).toBe('closed by you'));
    expect(clientRow(clients, peers[1]!.label).className).toContain('closed');
    expect(within(clientRow(clients, peers[0]!.label)).getAllByRole('gridcell')[4]!.textContent).toBe('open');
    await waitFor(() => expect(c.getByText('2 open, 3 listed, 0 rejected')).toBeTruthy());

    await user.click(c.getByRole('button', { name: 'Disconnect all' }));
    await waitFor(() => expect(c.getByText('Closed 2 clients.')).toBeTruthy());
    expect(bridge.callsOf('peers.disconnect')[1]).toEqual({ id: 's1', peers: { type: 'all' } });
    await waitFor(() => expect(c.getByText('0 open, 3 listed, 0 rejected')).toBeTruthy());
    expect((c.getByRole('button', { name: 'Disconnect all' }) as HTMLButtonElement).disabled).toBe(true);

    await user.click(c.getByRole('button', { name: 'Clear closed' }));
    await waitFor(() => expect(c.getByText('Removed 3 closed clients.')).toBeTruthy());
    await waitFor(() => expect(clientRows(clients)).toHaveLength(0));
    expect(c.getByText('No client has connected yet.')).toBeTruthy();
    // The cleared client is no longer selected, so there is nothing to disconnect.
    expect((c.getByRole('button', { name: 'Disconnect client' }) as HTMLButtonElement).disabled).toBe(true);
  });

  test('an error of a disconnect is an alert in words', async () => {
    const peers = peersOf(1);
    const { bridge, user, clients } = await showPeers(peers);
    bridge.peersDisconnect = async () => ({ ok: false, error: { code: 'NO_SUCH_PEER', message: 'There is no client p1 any more.' } });
    await waitForClientRows(clients, 1);
    fireEvent.click(clientRow(clients, peers[0]!.label));
    await user.click(within(clients).getByRole('button', { name: 'Disconnect client' }));
    const alert = await within(clients).findByRole('alert');
    expect(alert.textContent).toBe('There is no client p1 any more. (NO_SUCH_PEER)');
  });

  test('UDP "Clear list" forgets every sender', async () => {
    const { bridge, user, clients } = await showPeers(peersOf(2), { config: udpConfig });
    // A UDP socket forgets all its senders, not only closed ones.
    bridge.peersClear = async ({ id }) => {
      const removed = bridge.peers.get(id)?.length ?? 0;
      bridge.peers.set(id, []);
      bridge.peersVersion++;
      return { ok: true, value: { removed } };
    };
    await waitForClientRows(clients, 2);
    await user.click(within(clients).getByRole('button', { name: 'Clear list' }));
    await waitFor(() => expect(within(clients).getByText('Forgot 2 senders.')).toBeTruthy());
    await waitFor(() => expect(clientRows(clients)).toHaveLength(0));
  });
});

describe('the log by client', () => {
  const a = makePeer(1);
  const b = makePeer(2);
  const log = logOf([
    peerEntry(0, 'in', 'from a', a),
    peerEntry(1, 'in', 'from b', b),
    peerEntry(2, 'out', 'to a', a),
    peerEntry(3, 'out', 'to b', b),
  ]);

  test('every row says which client; the log can show one client\'s traffic only', async () => {
    const { bridge, user, panel, clients } = await showPeers([a, b], { log });
    await waitForClientRows(clients, 2);
    await waitFor(() => expect(logRows(panel)).toHaveLength(4));
    const traffic = within(panel).getByRole('region', { name: 'Traffic' });
    expect(within(traffic).getAllByRole('columnheader').map((h) => h.textContent)).toContain('Client');
    expect(logRows(panel).map((r) => within(r).getAllByRole('gridcell')[3]!.textContent)).toEqual([a.label, b.label, a.label, b.label]);

    const filter = within(clients).getByRole('button', { name: "Show only this client's traffic" }) as HTMLButtonElement;
    expect(filter.disabled).toBe(true);
    expect(within(clients).getByText('Select a client to show only its traffic.')).toBeTruthy();
    fireEvent.click(clientRow(clients, a.label));
    fireEvent.click(clientRow(clients, b.label), { ctrlKey: true });
    await waitFor(() => expect(within(clients).getByText('Select exactly one client to show only its traffic.')).toBeTruthy());
    expect(filter.disabled).toBe(true);

    fireEvent.click(clientRow(clients, b.label));
    await waitFor(() => expect(filter.disabled).toBe(false));
    await user.click(filter);
    await waitFor(() => expect(within(traffic).getByText(`Showing traffic of ${b.label} —`, { exact: false })).toBeTruthy());
    await waitFor(() => expect(logRows(panel)).toHaveLength(2));
    expect(logRows(panel).map((r) => within(r).getAllByRole('gridcell')[0]!.textContent)).toEqual(['1', '3']);
    expect(within(traffic).getByText('2 entries of 4')).toBeTruthy();
    const filtered = bridge.callsOf('log.read').filter((r) => r.peerId !== undefined);
    expect(filtered.length).toBeGreaterThan(0);
    for (const read of filtered) expect(read.peerId).toBe('p2');

    // The filtered view grows with that client's traffic, read with the filter.
    const more = logOf([...Array.from({ length: 4 }, (_, i) => log.entry(i)), peerEntry(4, 'in', 'a again', a), peerEntry(5, 'in', 'b again', b)]);
    bridge.setLog('s1', more);
    bridge.grow('s1');
    await waitFor(() => expect(logRows(panel).map((r) => within(r).getAllByRole('gridcell')[0]!.textContent)).toEqual(['1', '3', '5']));
    expect(logRows(panel)[2]!.textContent).toContain('62 20 61 67 61 69 6E');

    await user.click(within(traffic).getByRole('button', { name: 'Show all' }));
    await waitFor(() => expect(logRows(panel)).toHaveLength(6));
    expect(within(traffic).queryByText('Showing traffic of', { exact: false })).toBeNull();
  });

  test('an entry selected in the filtered view opens with its own seq', async () => {
    const { bridge, user, panel, clients } = await showPeers([a, b], { log });
    await waitForClientRows(clients, 2);
    fireEvent.click(clientRow(clients, b.label));
    await user.click(within(clients).getByRole('button', { name: "Show only this client's traffic" }));
    await waitFor(() => expect(logRows(panel)).toHaveLength(2));
    await user.click(logRows(panel)[1]!);
    const detail = await within(panel).findByRole('region', { name: 'Entry detail' });
    expect(detail.textContent).toContain('Entry 3 — sent');
    await waitFor(() => expect(bridge.callsOf('log.bytes')).toEqual([{ id: 's1', seq: 3, offset: 0, length: 4 }]));
  });
});

describe('UDP reply', () => {
  test('"Reply to sender" sends the message to the entry\'s peer, by id when main has one, else by address', async () => {
    const sender = makePeer(1, { label: '127.0.0.1:6000' });
    const log = logOf([
      peerEntry(0, 'in', 'ping', sender),
      peerEntry(1, 'in', 'pong', { label: '[::1]:7000', id: null }),
      peerEntry(2, 'out', 'sent', sender),
    ]);
    const { bridge, user, panel } = await showPeers([sender], { config: udpConfig, log });
    bridge.onSend = () => ({ ok: true, value: { bytes: 5, seq: 3, targets: 1 } });
    await waitFor(() => expect(logRows(panel)).toHaveLength(3));
    const p = within(panel);
    await user.type(p.getByLabelText('Message'), 'reply');

    await user.click(logRows(panel)[0]!);
    const detail = await p.findByRole('region', { name: 'Entry detail' });
    expect(detail.textContent).toContain('from 127.0.0.1:6000');
    await user.click(within(detail).getByRole('button', { name: 'Reply to sender' }));
    await waitFor(() => expect(p.getByText('Sent 5 B to 127.0.0.1:6000.')).toBeTruthy());

    await user.click(logRows(panel)[1]!);
    await waitFor(() => expect(detail.textContent).toContain('from [::1]:7000'));
    await user.click(within(detail).getByRole('button', { name: 'Reply to sender' }));
    await waitFor(() => expect(bridge.callsOf('session.send')).toHaveLength(2));
    expect(bridge.callsOf('session.send')).toEqual([
      { id: 's1', payload: { format: 'text', text: 'reply', lineEnding: 'none', encoding: 'utf-8', checksum: null, expand: false }, to: { type: 'peers', peerIds: ['p1'] } },
      { id: 's1', payload: { format: 'text', text: 'reply', lineEnding: 'none', encoding: 'utf-8', checksum: null, expand: false }, to: { type: 'address', host: '::1', port: 7000 } },
    ]);

    // A sent entry has no sender to reply to.
    await user.click(logRows(panel)[2]!);
    await waitFor(() => expect(detail.textContent).toContain('Entry 2 — sent'));
    expect(within(detail).queryByRole('button', { name: 'Reply to sender' })).toBeNull();
  });

  test('a TCP server has no Reply (its clients are chosen in the list)', async () => {
    const { user, panel } = await showPeers([makePeer(1)], { log: logOf([peerEntry(0, 'in', 'x', makePeer(1))]) });
    await waitFor(() => expect(logRows(panel)).toHaveLength(1));
    await user.click(logRows(panel)[0]!);
    const detail = await within(panel).findByRole('region', { name: 'Entry detail' });
    expect(within(detail).queryByRole('button', { name: 'Reply to sender' })).toBeNull();
  });
});
