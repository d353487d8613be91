import { screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, test } from 'vitest';
import type { CommandOutput, Result, SessionConfig, SessionSnapshot } from '../../../src-main/shared/contract.js';
import { FakeBridge, idleSnapshot, openSnapshot } from '../fake-bridge.js';
import { descriptionOf } from '../forms-helpers.js';
import { openTab, renderApp, statusOf } from '../helpers.js';

describe('connect form', () => {
  test('explains an empty host and a bad port next to each field and sends nothing', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    const panel = within(await openTab(user, bridge));
    const host = panel.getByLabelText('Host');
    const port = panel.getByLabelText('Port');

    await user.click(panel.getByRole('button', { name: 'Connect' }));
    expect(host.getAttribute('aria-invalid')).toBe('true');
    expect(descriptionOf(host)).toBe('Enter a host name or an IP address.');
    expect(port.getAttribute('aria-invalid')).toBe('true');
    expect(descriptionOf(port)).toBe('Enter a port from 1 to 65535.');
    await waitFor(() => expect(document.activeElement).toBe(host));

    for (const bad of ['0', '65536', 'abc', '80.5', '-1']) {
      await user.clear(port);
      await user.type(port, bad);
      await user.click(panel.getByRole('button', { name: 'Connect' }));
      expect(descriptionOf(port), bad).toBe('Enter a port from 1 to 65535.');
    }
    expect(bridge.callsOf('session.connect')).toEqual([]);

    // Editing a field clears its error; a good port is accepted.
    await user.type(host, 'localhost');
    expect(host.getAttribute('aria-invalid')).toBeNull();
    expect(host.getAttribute('aria-describedby')).toBeNull();
  });

  test('rejects a timeout outside 100..600000 ms', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    const panel = within(await openTab(user, bridge));
    await user.type(panel.getByLabelText('Host'), '127.0.0.1');
    await user.type(panel.getByLabelText('Port'), '7');
    const timeout = panel.getByLabelText('Connect timeout (ms)');
    await user.clear(timeout);
    await user.type(timeout, '50');
    await user.click(panel.getByRole('button', { name: 'Connect' }));
    expect(descriptionOf(timeout)).toBe('Enter a timeout from 100 to 600000 ms.');
    expect(bridge.callsOf('session.connect')).toEqual([]);
  });

  test('Connect sends the parsed config, and the tab is named after its target', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    const panelElement = await openTab(user, bridge);
    const panel = within(panelElement);
    await user.type(panel.getByLabelText('Host'), '  127.0.0.1 ');
    await user.type(panel.getByLabelText('Port'), '7');
    const timeout = panel.getByLabelText('Connect timeout (ms)');
    await user.clear(timeout);
    await user.type(timeout, '2500{Enter}');

    expect(bridge.callsOf('session.connect')).toEqual([
      { id: 's1', config: { kind: 'tcp-client', host: '127.0.0.1', port: 7, timeoutMs: 2500 } },
    ]);
    await screen.findByRole('tab', { name: 'TCP 127.0.0.1:7' });
    // Connected: the one button now disconnects.
    await user.click(panel.getByRole('button', { name: 'Disconnect' }));
    expect(bridge.callsOf('session.disconnect')).toEqual([{ id: 's1' }]);
    await waitFor(() => expect(statusOf(panelElement)).toBe('Closed by you'));
    expect(panel.getByRole('button', { name: 'Connect' })).toBeTruthy();
  });
});

describe('status line', () => {
  const config: SessionConfig = {
    kind: 'tcp-client',
    host: '127.0.0.1',
    port: 9,
    timeoutMs: 10000,
    options: { noDelay: true, keepAlive: false, keepAliveDelayMs: 60_000, idleTimeoutMs: 0 },
  };

  test('shows each state in words', async () => {
    const bridge = new FakeBridge();
    let finish: (r: Result<CommandOutput<'session.connect'>>) => void = () => {};
    bridge.onConnect = () => new Promise((resolve) => (finish = resolve));
    const user = await renderApp(bridge);
    const panel = await openTab(user, bridge);
    const p = within(panel);
    expect(statusOf(panel)).toBe('Idle');

    await user.type(p.getByLabelText('Host'), '127.0.0.1');
    await user.type(p.getByLabelText('Port'), '9');
    await user.click(p.getByRole('button', { name: 'Connect' }));
    // Before main has said anything, the pending request already reads as connecting.
    expect(statusOf(panel)).toBe('Connecting to 127.0.0.1:9…');

    const set = async (s: SessionSnapshot, expected: string) => {
      bridge.setSnapshot(s);
      await waitFor(() => expect(statusOf(panel)).toBe(expected));
    };
    await set(idleSnapshot('s1', { status: 'connecting', config }), 'Connecting to 127.0.0.1:9…');
    const failed = idleSnapshot('s1', {
      status: 'failed',
      config,
      resolved: ['127.0.0.1', '::1'],
      error: {
        code: 'ECONNREFUSED',
        message: 'Connection refused by 127.0.0.1:9: nothing is listening there, or a firewall rejected it.',
      },
    });
    await set(failed, 'Failed: Connection refused by 127.0.0.1:9: nothing is listening there, or a firewall rejected it. (ECONNREFUSED)');
    expect(p.getByText('Resolved: 127.0.0.1, ::1')).toBeTruthy();
    finish({ ok: false, error: failed.error! });
    await waitFor(() => expect(p.getByRole('button', { name: 'Connect' }).hasAttribute('disabled')).toBe(false));
    expect(statusOf(panel)).toMatch(/^Failed: Connection refused .*\(ECONNREFUSED\)$/);

    await set(openSnapshot('s1', config), 'Connected — local 127.0.0.1:5123 → remote 127.0.0.1:9');
    await set(
      openSnapshot('s1', config, { error: { code: 'LOG_SPILL_FAILED', message: 'The traffic log could not be written to the folder /full.' } }),
      'Connected — local 127.0.0.1:5123 → remote 127.0.0.1:9 — The traffic log could not be written to the folder /full. (LOG_SPILL_FAILED)',
    );
    await set(openSnapshot('s1', config, { status: 'closed', closedBy: 'peer' }), 'Closed by peer');
    await set(openSnapshot('s1', config, { status: 'closed', closedBy: 'local' }), 'Closed by you');
    await set(
      openSnapshot('s1', config, { status: 'closed', closedBy: 'peer', error: { code: 'ECONNRESET', message: 'The peer reset the connection.' } }),
      'Closed by peer — The peer reset the connection. (ECONNRESET)',
    );
    await set(
      openSnapshot('s1', { ...config, host: '::1' }, { remote: { address: '::1', port: 9, family: 'IPv6' }, local: { address: '::1', port: 40000, family: 'IPv6' } }),
      'Connected — local [::1]:40000 → remote [::1]:9',
    );
  });

  test('an error result the session does not carry is shown as the failure', async () => {
    const bridge = new FakeBridge();
    bridge.onConnect = () => ({ ok: false, error: { code: 'INVALID_PAYLOAD', message: 'config.host must not be empty.' } });
    const user = await renderApp(bridge);
    const panel = await openTab(user, bridge);
    await user.type(within(panel).getByLabelText('Host'), 'h');
    await user.type(within(panel).getByLabelText('Port'), '1{Enter}');
    await waitFor(() => expect(statusOf(panel)).toBe('Failed: config.host must not be empty. (INVALID_PAYLOAD)'));
  });
});
