// Right-click menus: on a log entry (Copy as..., Find similar, Show only its client) and on a
// client (Send to it, Show only its traffic, Disconnect); from the keyboard too (Shift+F10 on the
// selected entry, arrows, Escape).
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, test } from 'vitest';
import type { LogEntry, PeerInfo } from '../../../src-main/shared/contract.js';
import { clientRow, peersOf, showPeers, waitForClientRows } from './clients-fake.js';
import { bytesOf, logOf, makeEntry } from '../fake-bridge.js';
import { logRows } from '../log-fixture.js';

const peerEntry = (seq: number, dir: 'in' | 'out', text: string, peer: PeerInfo): LogEntry => ({ ...makeEntry(seq, dir, bytesOf(text)), peer: peer.label, peerId: peer.id });
const menuItems = (menu: HTMLElement): string[] => within(menu).getAllByRole('menuitem').map((i) => i.textContent ?? '');

describe('context menus', () => {
  test('on a log entry: copy it, find similar entries, show only its client; Shift+F10 and Escape', async () => {
    const peers = peersOf(2);
    const log = logOf([peerEntry(0, 'in', 'GET /a', peers[0]!), peerEntry(1, 'in', 'GET /b', peers[1]!), peerEntry(2, 'out', 'OK', peers[0]!)]);
    const { user, panel } = await showPeers(peers, { log });
    await waitFor(() => expect(logRows(panel).map((r) => r.textContent ?? '').join('|')).toMatch(/2F 62/));

    fireEvent.contextMenu(logRows(panel)[1]!, { clientX: 50, clientY: 60 });
    const menu = await screen.findByRole('menu', { name: 'Entry #1' });
    expect(menuItems(menu)).toEqual([
      'Copy as Hex', 'Copy as C array', 'Copy as Python bytes', 'Copy as Base64', 'Copy as Text', 'Copy as Escaped text', 'Find similar', `Show only ${peers[1]!.label}`,
    ]);
    await waitFor(() => expect(document.activeElement).toBe(within(menu).getAllByRole('menuitem')[0]));
    await user.click(within(menu).getByRole('menuitem', { name: 'Copy as Hex' }));
    expect(screen.queryByRole('menu')).toBeNull();
    await waitFor(() => expect(within(panel).getByText('Copied 1 entry as Hex.')).toBeTruthy());
    expect(await navigator.clipboard.readText()).toBe('47 45 54 20 2F 62');

    fireEvent.contextMenu(logRows(panel)[0]!, { clientX: 50, clientY: 60 });
    await user.click(within(await screen.findByRole('menu')).getByRole('menuitem', { name: 'Find similar' }));
    await waitFor(() => expect((within(panel).getByLabelText('Find') as HTMLInputElement).value).toBe('47 45 54 20 2f 61'));

    fireEvent.contextMenu(logRows(panel)[0]!, { clientX: 50, clientY: 60 });
    await user.click(within(await screen.findByRole('menu')).getByRole('menuitem', { name: `Show only ${peers[0]!.label}` }));
    await waitFor(() => expect(within(panel).getByText(new RegExp(`Showing traffic of ${peers[0]!.label.replaceAll('.', '\\.')}`))).toBeTruthy());

    // From the keyboard: the selected row's menu, arrows, Escape.
    logRows(panel)[0]!.click();
    await user.keyboard('{Shift>}{F10}{/Shift}');
    const keyMenu = await screen.findByRole('menu');
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement?.textContent).toBe('Copy as C array');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).toBeNull();
    void keyMenu;
  });

  test('on a client: send to it (it alone is selected, the message box has focus), disconnect it', async () => {
    const peers = peersOf(3);
    const { bridge, user, panel, clients } = await showPeers(peers);
    await waitForClientRows(clients, 3);
    fireEvent.contextMenu(clientRow(clients, peers[1]!.label), { clientX: 30, clientY: 30 });
    const menu = await screen.findByRole('menu', { name: `Client ${peers[1]!.label}` });
    expect(menuItems(menu)).toEqual(['Send to this client', "Show only this client's traffic", 'Disconnect']);
    await user.click(within(menu).getByRole('menuitem', { name: 'Send to this client' }));
    expect(document.activeElement).toBe(within(panel).getByLabelText('Message'));

    fireEvent.contextMenu(clientRow(clients, peers[1]!.label), { clientX: 30, clientY: 30 });
    await user.click(within(await screen.findByRole('menu')).getByRole('menuitem', { name: 'Disconnect' }));
    await waitFor(() => expect(bridge.callsOf('peers.disconnect')).toEqual([{ id: 's1', peers: { type: 'peers', peerIds: ['p2'] } }]));
  });
});
