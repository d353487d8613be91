import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, test } from 'vitest';
import { FakeBridge, idleSnapshot, openSnapshot } from '../fake-bridge.js';
import { connect, openTab, renderApp, statusOf } from '../helpers.js';
import { expectEvery } from '../../helpers/expect-every.js';

describe('tabs', () => {
  test('"New connection" opens an idle tab with the TCP client form', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    expect(screen.queryAllByRole('tab')).toHaveLength(0);

    const panel = await openTab(user, bridge);
    expect(bridge.callsOf('session.create')).toEqual([{ kind: 'tcp-client' }]);
    const tab = screen.getByRole('tab', { name: 'New connection' });
    expect(tab.getAttribute('aria-selected')).toBe('true');
    const p = within(panel);
    const kind = p.getByLabelText('Kind') as HTMLSelectElement;
    expect(kind.selectedOptions[0]?.textContent).toBe('TCP client');
    expect((p.getByLabelText('Connect timeout (ms)') as HTMLInputElement).value).toBe('10000');
    expect(statusOf(panel)).toBe('Idle');
    // The new tab's Host field has focus, ready to type.
    await waitFor(() => expect(document.activeElement).toBe(p.getByLabelText('Host')));
  });

  test('Ctrl+T opens a new tab', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    await user.keyboard('{Control>}t{/Control}');
    await screen.findByRole('tab', { name: 'New connection' });
    expect(bridge.callsOf('session.create')).toHaveLength(1);
  });

  test('restores the tabs of sessions main already holds', async () => {
    const bridge = new FakeBridge();
    bridge.addSession(openSnapshot('s4', { kind: 'tcp-client', host: '127.0.0.1', port: 7, timeoutMs: 5000 }));
    bridge.addSession(idleSnapshot('s5'));
    await renderApp(bridge);
    const tabs = await screen.findAllByRole('tab');
    expect(tabs.map((t) => t.textContent?.trim())).toEqual(['TCP 127.0.0.1:7', 'New connection']);
    const panel = screen.getByRole('tabpanel');
    expect(statusOf(panel)).toBe('Connected — local 127.0.0.1:5123 → remote 127.0.0.1:7');
    expect((within(panel).getByLabelText('Host') as HTMLInputElement).value).toBe('127.0.0.1');
    expect((within(panel).getByLabelText('Connect timeout (ms)') as HTMLInputElement).value).toBe('5000');
  });

  test('closing a tab calls session.close and removes the tab', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    await openTab(user, bridge);
    await openTab(user, bridge);
    expect(screen.getAllByRole('tab')).toHaveLength(2);

    await user.click(screen.getAllByTitle(/^Close .* \(Delete\)$/)[0]!);
    expect(bridge.callsOf('session.close')).toEqual([{ id: 's1' }]);
    await waitFor(() => expect(screen.getAllByRole('tab')).toHaveLength(1));
    expect(screen.getByRole('tab').getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('tabpanel').id).toBe('panel-s2');
  });

  test('Delete on a focused tab closes it (the × is for the mouse, outside the accessibility tree)', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    await openTab(user, bridge);
    await openTab(user, bridge);
    expectEvery(screen.getAllByTitle(/^Close .* \(Delete\)$/), (b) => b.getAttribute('aria-hidden') === 'true' && b.tabIndex === -1);
    screen.getByRole('tab', { selected: true }).focus();
    await user.keyboard('{Delete}');
    expect(bridge.callsOf('session.close')).toEqual([{ id: 's2' }]);
    await waitFor(() => expect(screen.getAllByRole('tab')).toHaveLength(1));
  });

  test('a session.closed event from main removes its tab', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    await openTab(user, bridge);
    bridge.emit('session.closed', { id: 's1' });
    await waitFor(() => expect(screen.queryAllByRole('tab')).toHaveLength(0));
  });

  test('an error creating a session is shown in words', async () => {
    const bridge = new FakeBridge();
    bridge.sessionCreate = async () => ({ ok: false, error: { code: 'INTERNAL', message: 'The engine is not running.' } });
    const user = await renderApp(bridge);
    await user.click(screen.getByRole('button', { name: 'New connection' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The engine is not running. (INTERNAL)');
  });

  test('two tabs keep their own form, state and status', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    const first = await openTab(user, bridge);
    await connect(user, first, '127.0.0.1', '7');
    expect(screen.getByRole('tab', { name: 'TCP 127.0.0.1:7' })).toBeTruthy();

    const second = await openTab(user, bridge);
    expect(statusOf(second)).toBe('Idle');
    await user.type(within(second).getByLabelText('Host'), 'example.test');
    expect(bridge.callsOf('session.connect')).toHaveLength(1);

    await user.click(screen.getByRole('tab', { name: 'TCP 127.0.0.1:7' }));
    const back = screen.getByRole('tabpanel');
    expect(statusOf(back)).toMatch(/^Connected/);
    expect((within(back).getByLabelText('Host') as HTMLInputElement).value).toBe('127.0.0.1');

    await user.click(screen.getByRole('tab', { name: 'New connection' }));
    const again = screen.getByRole('tabpanel');
    expect(statusOf(again)).toBe('Idle');
    expect((within(again).getByLabelText('Host') as HTMLInputElement).value).toBe('example.test');

    // An event for one session changes that tab only.
    bridge.setSnapshot({ ...bridge.sessions.get('s1')!, status: 'closed', closedBy: 'peer' });
    await user.click(screen.getByRole('tab', { name: 'TCP 127.0.0.1:7' }));
    expect(statusOf(screen.getByRole('tabpanel'))).toBe('Closed by peer');
    await user.click(screen.getByRole('tab', { name: 'New connection' }));
    expect(statusOf(screen.getByRole('tabpanel'))).toBe('Idle');
  });

  test('arrow keys move between tabs', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    await openTab(user, bridge);
    await openTab(user, bridge);
    const [one, two] = screen.getAllByRole('tab');
    expect(two!.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(two!, { key: 'ArrowLeft' });
    await waitFor(() => expect(one!.getAttribute('aria-selected')).toBe('true'));
    expect(screen.getByRole('tabpanel').id).toBe('panel-s1');
  });
});
