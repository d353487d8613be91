import { screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, test } from 'vitest';
import { FakeBridge } from '../fake-bridge.js';
import { connectedTab, openTab, renderApp } from '../helpers.js';

describe('composer', () => {
  test('Hex and Base64 keep the chosen line ending', async () => {
    const { bridge, user, panel } = await connectedTab();
    const p = within(panel);
    for (const [format, text, ending] of [['Hex', 'de ad', 'CRLF'], ['Base64', '3q0=', 'LF']] as const) {
      await user.clear(p.getByLabelText('Message'));
      await user.type(p.getByLabelText('Message'), text);
      await user.selectOptions(p.getByLabelText('Input format'), format);
      await user.selectOptions(p.getByLabelText('Line ending'), ending);
      await user.click(p.getByRole('button', { name: 'Send' }));
    }
    await waitFor(() => expect(bridge.callsOf('session.send')).toHaveLength(2));
    expect(bridge.callsOf('session.send')).toEqual([
      { id: 's1', payload: { format: 'hex', text: 'de ad', lineEnding: 'crlf', encoding: 'utf-8', checksum: null, expand: false } },
      { id: 's1', payload: { format: 'base64', text: '3q0=', lineEnding: 'lf', encoding: 'utf-8', checksum: null, expand: false } },
    ]);
  });

  test('sends the text with its input format and line ending, and keeps the text', async () => {
    const { bridge, user, panel } = await connectedTab();
    const p = within(panel);

    await user.type(p.getByLabelText('Message'), 'hello');
    await user.selectOptions(p.getByLabelText('Line ending'), 'CRLF');
    await user.click(p.getByRole('button', { name: 'Send' }));
    await user.clear(p.getByLabelText('Message'));
    await user.type(p.getByLabelText('Message'), 'de ad');
    await user.selectOptions(p.getByLabelText('Input format'), 'Hex');
    await user.selectOptions(p.getByLabelText('Line ending'), 'None');
    await user.click(p.getByRole('button', { name: 'Send' }));

    await waitFor(() => expect(bridge.callsOf('session.send')).toHaveLength(2));
    expect(bridge.callsOf('session.send')).toEqual([
      { id: 's1', payload: { format: 'text', text: 'hello', lineEnding: 'crlf', encoding: 'utf-8', checksum: null, expand: false } },
      { id: 's1', payload: { format: 'hex', text: 'de ad', lineEnding: 'none', encoding: 'utf-8', checksum: null, expand: false } },
    ]);
    expect((p.getByLabelText('Message') as HTMLTextAreaElement).value).toBe('de ad');
    expect(p.queryByRole('alert')).toBeNull();
  });

  test('Ctrl+Enter in the message sends it', async () => {
    const { bridge, user, panel } = await connectedTab();
    const message = within(panel).getByLabelText('Message');
    await user.type(message, 'ping');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(bridge.callsOf('session.send')).toHaveLength(1));
    expect(bridge.callsOf('session.send')[0]!.payload.text).toBe('ping');
  });

  test('an error result is shown as an alert with its code, keeps the text, and clears on success', async () => {
    const bridge = new FakeBridge();
    bridge.onSend = ({ payload }) =>
      payload.text === '48 6'
        ? { ok: false, error: { code: 'INVALID_HEX', message: 'An odd number of hex digits: "6" at position 4 needs a second digit.' } }
        : { ok: true, value: { bytes: 1, seq: 3, targets: 1 } };
    const { user, panel } = await connectedTab(bridge);
    const p = within(panel);

    await user.selectOptions(p.getByLabelText('Input format'), 'Hex');
    await user.type(p.getByLabelText('Message'), '48 6');
    await user.click(p.getByRole('button', { name: 'Send' }));
    const alert = await p.findByRole('alert');
    expect(alert.textContent).toBe('An odd number of hex digits: "6" at position 4 needs a second digit. (INVALID_HEX)');
    expect((p.getByLabelText('Message') as HTMLTextAreaElement).value).toBe('48 6');

    await user.type(p.getByLabelText('Message'), '8');
    await user.click(p.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(p.queryByRole('alert')).toBeNull());
    expect(p.getByText('Sent 1 B as entry 3.')).toBeTruthy();
  });

  test('sending on a tab that is not connected shows NOT_CONNECTED in words', async () => {
    const bridge = new FakeBridge();
    bridge.onSend = () => ({ ok: false, error: { code: 'NOT_CONNECTED', message: 'This session is not connected. Connect first.' } });
    const user = await renderApp(bridge);
    const panel = await openTab(user, bridge);
    await user.type(within(panel).getByLabelText('Message'), 'x');
    await user.click(within(panel).getByRole('button', { name: 'Send' }));
    const alert = await within(panel).findByRole('alert');
    expect(alert.textContent).toBe('This session is not connected. Connect first. (NOT_CONNECTED)');
  });
});

describe('counters', () => {
  test('follow log.grew events', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    const panel = await openTab(user, bridge);
    const counters = within(panel).getByRole('region', { name: 'Counters' });
    expect(counters.textContent).toMatch(/Received\s+0 B in 0 messages/);
    expect(counters.textContent).toMatch(/Sent\s+0 B in 0 messages/);

    bridge.emit('log.grew', { id: 's1', logCount: 3, logFirst: 0, stats: { bytesIn: 12, bytesOut: 5, messagesIn: 2, messagesOut: 1 }, peers: null, peersVersion: 0, ping: null, repeat: null });
    await waitFor(() => expect(counters.textContent).toMatch(/Received\s+12 B in 2 messages/));
    expect(counters.textContent).toMatch(/Sent\s+5 B in 1 message(?!s)/);

    bridge.emit('log.grew', { id: 's1', logCount: 4, logFirst: 0, stats: { bytesIn: 3 * 1024 * 1024, bytesOut: 5, messagesIn: 1234, messagesOut: 1 }, peers: null, peersVersion: 0, ping: null, repeat: null });
    await waitFor(() => expect(counters.textContent).toMatch(/Received\s+3\.0 MiB in 1,234 messages/));
    // Events for another session leave this tab alone.
    bridge.emit('log.grew', { id: 's9', logCount: 1, logFirst: 0, stats: { bytesIn: 1, bytesOut: 1, messagesIn: 1, messagesOut: 1 }, peers: null, peersVersion: 0, ping: null, repeat: null });
    expect(screen.getByRole('region', { name: 'Counters' }).textContent).toMatch(/Received\s+3\.0 MiB/);
  });
});
