// The workspace in the renderer: on a fresh start the saved tabs come back idle with every field,
// the composer and the View as they were, the saved tab selected (connected when the setting is
// on); changes are saved a moment after the last one; what main says about the file is shown.
import { screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, test } from 'vitest';
import type { Workspace } from '../../../src-main/shared/contract.js';
import { FakeBridge, idleSnapshot } from '../fake-bridge.js';
import { openTab, renderApp, statusOf } from '../helpers.js';

const SAVED: Workspace = {
  version: 1,
  tabs: [
    {
      kind: 'tcp-client',
      fields: { host: 'plc.local', port: '502', timeoutMs: '3000', noDelay: false, bogusField: 'kept out' },
      closeClients: true,
      composer: { text: '00 01 00 00 00 06 01 03 00 00 00 0a', format: 'hex', lineEnding: 'none', checksum: null },
      view: 'hex', encoding: 'utf-8', time: 'clock', receive: null, rules: [],
    },
    {
      kind: 'udp',
      fields: { localAddress: '0.0.0.0', localPort: '9000', host: '10.1.2.3', port: '9001', broadcast: true },
      closeClients: true,
      composer: { text: 'hello\\r\\n', format: 'text', lineEnding: 'crlf', checksum: null },
      view: 'text', encoding: 'utf-8', time: 'clock', receive: null, rules: [],
    },
  ],
  selected: 1,
  settings: { reconnectOnStart: false, language: 'system', theme: 'system', fontSize: 13, newTab: { format: 'text', lineEnding: 'none' }, logMemoryMib: null, spillDir: null },
};

function fieldValue(panel: HTMLElement, label: string): string {
  return (within(panel).getByLabelText(label) as HTMLInputElement).value;
}

describe('the workspace', () => {
  test('comes back on a fresh start: tabs idle with their fields, composer and View, the saved tab selected', async () => {
    const bridge = new FakeBridge();
    bridge.workspace = SAVED;
    await renderApp(bridge);
    await waitFor(() => expect(screen.getAllByRole('tab')).toHaveLength(2));
    expect(bridge.callsOf('session.create')).toEqual([{ kind: 'tcp-client' }, { kind: 'udp' }]);
    expect(bridge.callsOf('session.connect')).toEqual([]);

    const udp = screen.getByRole('tabpanel');
    expect(screen.getByRole('tab', { selected: true }).id).toBe('tab-s2');
    await waitFor(() => expect(fieldValue(udp, 'Local port')).toBe('9000'));
    expect(fieldValue(udp, 'Host')).toBe('10.1.2.3');
    expect(fieldValue(udp, 'Message')).toBe('hello\\r\\n');
    expect((within(udp).getByLabelText('Line ending') as HTMLSelectElement).value).toBe('crlf');
    expect((within(udp).getByLabelText('View') as HTMLSelectElement).value).toBe('text');
    expect(statusOf(udp)).toBe('Idle');

    screen.getByRole('tab', { name: 'New connection', selected: false }).click();
    const tcp = await waitFor(() => {
      const panel = screen.getByRole('tabpanel');
      if (panel.id !== 'panel-s1') throw new Error('still the UDP tab');
      return panel;
    });
    expect(fieldValue(tcp, 'Host')).toBe('plc.local');
    expect(fieldValue(tcp, 'Connect timeout (ms)')).toBe('3000');
    expect(fieldValue(tcp, 'Message')).toBe('00 01 00 00 00 06 01 03 00 00 00 0a');
    expect((within(tcp).getByLabelText('Input format') as HTMLSelectElement).value).toBe('hex');
  });

  test("a server saved with the old Auto-reply field answers with the rule that does the same, kept after its rules", async () => {
    const bridge = new FakeBridge();
    bridge.handlers['session.rules'] = async (input) => ({ ok: true, value: { hits: input.rules.map(() => 0) } });
    const rule = { enabled: true, when: 'equals', pattern: 'PING', then: 'reply', reply: 'PONG', format: 'text', lineEnding: 'none', delayMs: 0, expand: false } as const;
    bridge.workspace = {
      ...SAVED,
      selected: 0,
      tabs: [
        {
          kind: 'tcp-server',
          fields: { localPort: '7000', autoReply: 'costs $5', autoReplyFormat: 'text' },
          closeClients: true,
          composer: { text: '', format: 'text', lineEnding: 'none', checksum: null },
          view: 'text', encoding: 'utf-8', time: 'clock', receive: null, rules: [rule],
        },
      ],
    };
    await renderApp(bridge);
    await waitFor(() => expect(bridge.callsOf('session.rules').map((c) => c.rules.length)).toEqual([1, 2]));
    const [kept, autoReply] = bridge.callsOf('session.rules').at(-1)!.rules;
    expect(kept).toEqual(rule);
    // Contains nothing, i.e. every message; a $ stays a dollar sign.
    expect(autoReply).toEqual({ ...rule, when: 'contains', pattern: '', reply: 'costs $$5' });
    // Saved as rules with the next change; the form has no such field.
    await userEvent.type(within(screen.getByRole('tabpanel')).getByLabelText('Message'), 'x');
    await waitFor(() => expect(bridge.workspace.tabs[0]?.rules).toHaveLength(2));
    expect(bridge.workspace.tabs[0]?.fields['autoReply']).toBeUndefined();
    expect(within(screen.getByRole('tabpanel')).queryByLabelText('Auto-reply')).toBeNull();
  });

  test('is saved a moment after a change, once for a burst of typing, with what was typed', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    const panel = await openTab(user, bridge);
    await user.type(within(panel).getByLabelText('Host'), 'device.example');
    await user.type(within(panel).getByLabelText('Message'), 'PING\\r\\n');
    await waitFor(() => expect(bridge.workspace.tabs[0]?.composer.text).toBe('PING\\r\\n'));
    const saved = bridge.workspace;
    expect(saved.tabs).toHaveLength(1);
    expect(saved.tabs[0]).toMatchObject({ kind: 'tcp-client', fields: { host: 'device.example' }, view: 'hex', encoding: 'utf-8', time: 'clock' });
    // Far fewer writes than keystrokes (21 typed).
    expect(bridge.callsOf('workspace.save').length).toBeLessThan(8);

    await user.click(screen.getByRole('button', { name: 'Settings' }));
    await user.click(screen.getByLabelText('Reconnect tabs on start'));
    await waitFor(() => expect(bridge.workspace.settings.reconnectOnStart).toBe(true));
  });

  test('with "Reconnect tabs on start", connects each restored tab whose form is complete', async () => {
    const bridge = new FakeBridge();
    bridge.workspace = { ...SAVED, settings: { ...SAVED.settings, reconnectOnStart: true } };
    await renderApp(bridge);
    await waitFor(() => expect(bridge.callsOf('session.connect')).toHaveLength(2));
    expect(bridge.callsOf('session.connect')[0]).toMatchObject({ id: 's1', config: { kind: 'tcp-client', host: 'plc.local', port: 502, timeoutMs: 3000 } });
    expect(bridge.callsOf('session.connect')[1]).toMatchObject({ id: 's2', config: { kind: 'udp', localPort: 9000, remoteHost: '10.1.2.3', remotePort: 9001 } });
    screen.getByRole('button', { name: 'Settings' }).click();
    await waitFor(() => expect((screen.getByLabelText('Reconnect tabs on start') as HTMLInputElement).checked).toBe(true));
  });

  test('is not restored over the sessions main already holds (the page was reloaded)', async () => {
    const bridge = new FakeBridge();
    bridge.workspace = SAVED;
    bridge.addSession(idleSnapshot('s7'));
    await renderApp(bridge);
    await waitFor(() => expect(bridge.callsOf('workspace.load')).toHaveLength(1));
    expect(screen.getAllByRole('tab')).toHaveLength(1);
    expect(bridge.callsOf('session.create')).toEqual([]);
  });

  test('shows what main says about the file, and why changes are not saved', async () => {
    const bridge = new FakeBridge();
    bridge.workspaceNotice = 'The saved workspace could not be used: it is not JSON. It was kept as workspace.json.corrupt-x in /d.';
    bridge.handlers['workspace.save'] = async () => ({
      ok: true,
      value: { saved: false, warning: { code: 'EROFS', message: 'Your tabs are not being saved: The folder /d is on a read-only file system.' } },
    });
    const user = await renderApp(bridge);
    const notice = await screen.findByRole('alert', { name: 'Workspace notice' });
    expect(notice.textContent).toContain('It was kept as workspace.json.corrupt-x in /d.');
    await user.click(within(notice).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert', { name: 'Workspace notice' })).toBeNull();

    await openTab(user, bridge);
    const warning = await screen.findByRole('alert', { name: 'Workspace warning' });
    expect(warning.textContent).toBe('Your tabs are not being saved: The folder /d is on a read-only file system. (EROFS)');
  });
});
