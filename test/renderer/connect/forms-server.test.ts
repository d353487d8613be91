// Listening and binding kinds: their buttons, "Close clients when stopping", the status line
// with peer counts, and the offer to remove a stale Unix socket file.
import { screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, test } from 'vitest';
import type { PeerCounts, SessionSnapshot } from '../../../src-main/shared/contract.js';
import { FakeBridge, openSnapshot } from '../fake-bridge.js';
import { fill, openTabOfKind } from '../forms-helpers.js';
import { renderApp, statusOf } from '../helpers.js';

const STATS = { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 };

/** A fake main whose listeners and sockets bind where asked (port 0: 5000). */
function listeningBridge(): FakeBridge {
  const bridge = new FakeBridge();
  bridge.onConnect = ({ id, config }) => {
    const overrides: Partial<SessionSnapshot> = { resolved: [], remote: null, peers: { total: 0, open: 0, rejected: 0 } };
    if ('path' in config) overrides.local = { address: config.path, port: 0, family: 'unix' };
    else if ('localAddress' in config && config.localAddress !== undefined) {
      const address = config.localAddress;
      overrides.local = { address, port: ('localPort' in config && config.localPort) || 5000, family: address.includes(':') ? 'IPv6' : 'IPv4' };
    }
    const snapshot = openSnapshot(id, config, overrides);
    bridge.setSnapshot(snapshot);
    return { ok: true, value: snapshot };
  };
  return bridge;
}

/** Main's peer counts change: its snapshot holds them, and a growth tick announces them. */
function grow(bridge: FakeBridge, id: string, peers: PeerCounts): void {
  bridge.sessions.set(id, { ...bridge.sessions.get(id)!, peers });
  bridge.emit('log.grew', { id, logCount: 0, logFirst: 0, stats: STATS, peers, peersVersion: 1, ping: null, repeat: null });
}

describe('servers', () => {
  test('Listen, the listening address and client counts, then Stop listening closing the clients', async () => {
    const bridge = listeningBridge();
    const user = await renderApp(bridge);
    const panel = await openTabOfKind(user, bridge, 'tcp-server');
    const p = within(panel);
    expect((p.getByLabelText('Close clients when stopping') as HTMLInputElement).checked).toBe(true);

    await user.click(p.getByRole('button', { name: 'Listen' }));
    await waitFor(() => expect(statusOf(panel)).toBe('Listening on [::]:5000 — 0 clients open'));
    expect(screen.getByRole('tab', { name: 'TCP server [::]:5000' })).toBeTruthy();

    // log.grew carries the counts between state changes.
    grow(bridge, 's2', { total: 4, open: 3, rejected: 1 });
    await waitFor(() => expect(statusOf(panel)).toBe('Listening on [::]:5000 — 3 clients open, 1 rejected'));
    grow(bridge, 's2', { total: 4, open: 1, rejected: 0 });
    await waitFor(() => expect(statusOf(panel)).toBe('Listening on [::]:5000 — 1 client open'));

    await user.click(p.getByRole('button', { name: 'Stop listening' }));
    expect(bridge.callsOf('session.disconnect')).toEqual([{ id: 's2', closeClients: true }]);
    await waitFor(() => expect(p.getByRole('button', { name: 'Listen' })).toBeTruthy());
  });

  test('Stop listening can keep the clients open', async () => {
    const bridge = listeningBridge();
    const user = await renderApp(bridge);
    const panel = await openTabOfKind(user, bridge, 'tls-server');
    const p = within(panel);
    await fill(user, panel, 'Local address', '127.0.0.1');
    await user.click(p.getByRole('button', { name: 'Listen' }));
    await waitFor(() => expect(statusOf(panel)).toBe('Listening on 127.0.0.1:5000 — 0 clients open'));
    grow(bridge, 's2', { total: 2, open: 2, rejected: 0 });
    await user.click(p.getByLabelText('Close clients when stopping'));
    await user.click(p.getByRole('button', { name: 'Stop listening' }));
    expect(bridge.callsOf('session.disconnect')).toEqual([{ id: 's2', closeClients: false }]);
    await waitFor(() => expect(statusOf(panel)).toBe('Stopped listening — 2 clients still open'));
  });

  test('UDP: Bind and Close socket; the status says where it is bound', async () => {
    const bridge = listeningBridge();
    const user = await renderApp(bridge);
    const panel = await openTabOfKind(user, bridge, 'udp');
    const p = within(panel);
    expect(p.queryByLabelText('Close clients when stopping')).toBeNull();
    await user.click(p.getByRole('button', { name: 'Bind' }));
    await waitFor(() => expect(statusOf(panel)).toBe('Bound to 0.0.0.0:5000'));
    expect(screen.getByRole('tab', { name: 'UDP 0.0.0.0:5000' })).toBeTruthy();
    await user.click(p.getByRole('button', { name: 'Close socket' }));
    expect(bridge.callsOf('session.disconnect')).toEqual([{ id: 's2' }]);
    await waitFor(() => expect(statusOf(panel)).toBe('Socket closed'));
  });

  test('Unix server: listening on its path', async () => {
    const bridge = listeningBridge();
    const user = await renderApp(bridge);
    const panel = await openTabOfKind(user, bridge, 'unix-server');
    await fill(user, panel, 'Path', '/tmp/x.sock');
    await user.click(within(panel).getByRole('button', { name: 'Listen' }));
    await waitFor(() => expect(statusOf(panel)).toBe('Listening on /tmp/x.sock — 0 clients open'));
    expect(screen.getByRole('tab', { name: 'Unix server /tmp/x.sock' })).toBeTruthy();
  });

  test('a stale socket file: the failure in words, and an offer to remove it and listen', async () => {
    const bridge = listeningBridge();
    const listen = bridge.onConnect;
    const stale = { code: 'STALE_SOCKET', message: '/tmp/x.sock exists but nobody listens on it (a stale socket file).' };
    bridge.onConnect = (input) => {
      if (input.config.kind === 'unix-server' && input.config.removeStale) return listen(input);
      const failed = openSnapshot(input.id, input.config, { status: 'failed', error: stale, local: null });
      bridge.setSnapshot(failed);
      return { ok: false, error: stale };
    };
    const user = await renderApp(bridge);
    const panel = await openTabOfKind(user, bridge, 'unix-server');
    const p = within(panel);
    await fill(user, panel, 'Path', '/tmp/x.sock');
    expect(p.queryByRole('button', { name: 'Remove stale socket file and listen' })).toBeNull();
    await user.click(p.getByRole('button', { name: 'Listen' }));
    await waitFor(() => expect(statusOf(panel)).toBe(`Failed: ${stale.message} (STALE_SOCKET)`));

    await user.click(p.getByRole('button', { name: 'Remove stale socket file and listen' }));
    expect(bridge.callsOf('session.connect').map((c) => c.config)).toEqual([
      { kind: 'unix-server', path: '/tmp/x.sock' },
      { kind: 'unix-server', path: '/tmp/x.sock', removeStale: true },
    ]);
    await waitFor(() => expect(statusOf(panel)).toBe('Listening on /tmp/x.sock — 0 clients open'));
    expect(p.queryByRole('button', { name: 'Remove stale socket file and listen' })).toBeNull();
  });

  test('other failures offer no removal', async () => {
    const bridge = new FakeBridge();
    const inUse = { code: 'EADDRINUSE', message: 'Port 5000 on :: is already in use by another program.' };
    bridge.onConnect = () => ({ ok: false, error: inUse });
    const user = await renderApp(bridge);
    const panel = await openTabOfKind(user, bridge, 'tcp-server');
    await user.click(within(panel).getByRole('button', { name: 'Listen' }));
    await waitFor(() => expect(statusOf(panel)).toBe(`Failed: ${inUse.message} (EADDRINUSE)`));
    expect(within(panel).queryByRole('button', { name: /stale/ })).toBeNull();
  });
});
