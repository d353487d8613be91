// A Unix datagram server tab: senders listed like UDP's, Send to all, and "Reply to sender" to
// a sender's peer or, without one, its socket path.
import { waitFor, within } from '@testing-library/svelte';
import { describe, expect, test } from 'vitest';
import type { LogEntry, PeerInfo } from '../../../src-main/shared/contract.js';
import { makePeer, showPeers, waitForClientRows } from './clients-fake.js';
import { bytesOf, logOf, makeEntry } from '../fake-bridge.js';
import { logRows } from '../log-fixture.js';

const config = { kind: 'unix-dgram-server', path: '/tmp/wb-dgram.sock' } as const;

function unixPeer(n: number, path: string): PeerInfo {
  return makePeer(n, { label: path, remote: { address: path, port: 0, family: 'unix' } });
}

function entry(seq: number, text: string, peer: string | null, peerId: string | null): LogEntry {
  return { ...makeEntry(seq, 'in', bytesOf(text)), peer, peerId };
}

describe('Unix datagram server', () => {
  test('lists senders, replies by peer id or by path, and sends to all', async () => {
    const a = unixPeer(1, '/tmp/wb-a.sock');
    const log = logOf([entry(0, 'hello', a.label, a.id), entry(1, 'anon', '@wb-b', null), entry(2, 'unnamed', null, null)]);
    const { bridge, user, panel, clients } = await showPeers([a], { config, log });
    await waitForClientRows(clients, 1);
    expect(within(clients).getByText('/tmp/wb-a.sock')).toBeTruthy();
    expect(within(clients).getByRole('button', { name: 'Clear list' })).toBeTruthy();
    expect(within(clients).queryByRole('button', { name: 'Disconnect all' })).toBeNull();
    const p = within(panel);
    expect(p.getByText('Select senders in the list to send to them, or use Send to all.')).toBeTruthy();
    await user.type(p.getByLabelText('Message'), 'back');

    await waitFor(() => expect(logRows(panel)).toHaveLength(3));
    await user.click(logRows(panel)[0]!);
    const detail = await p.findByRole('region', { name: 'Entry detail' });
    await user.click(within(detail).getByRole('button', { name: 'Reply to sender' }));
    await waitFor(() => expect(bridge.callsOf('session.send')).toHaveLength(1));
    await user.click(logRows(panel)[1]!);
    await waitFor(() => expect(detail.textContent).toContain('from @wb-b'));
    await user.click(within(detail).getByRole('button', { name: 'Reply to sender' }));
    await waitFor(() => expect(bridge.callsOf('session.send')).toHaveLength(2));
    // A sender without a name cannot be answered.
    await user.click(logRows(panel)[2]!);
    await waitFor(() => expect(detail.textContent).toContain('Entry 2'));
    expect(within(detail).queryByRole('button', { name: 'Reply to sender' })).toBeNull();

    await user.click(p.getByRole('button', { name: 'Send to all' }));
    await waitFor(() => expect(bridge.callsOf('session.send')).toHaveLength(3));
    const payload = { format: 'text', text: 'back', lineEnding: 'none', encoding: 'utf-8', checksum: null, expand: false };
    expect(bridge.callsOf('session.send')).toEqual([
      { id: 's1', payload, to: { type: 'peers', peerIds: ['p1'] } },
      { id: 's1', payload, to: { type: 'path', path: '@wb-b' } },
      { id: 's1', payload, to: { type: 'all' } },
    ]);
  });
});
