// The composer's Repeat, by role and label: the schedule fields appear with the checkbox, Send
// starts the repeat in main and turns into "Stop repeat", main's progress reads "Sent k of n",
// and how it ended is said in words; bad numbers are explained and nothing starts.
import { waitFor, within } from '@testing-library/svelte';
import { describe, expect, test } from 'vitest';
import type { RepeatState } from '../../../src-main/shared/contract.js';
import { openSnapshot, type FakeBridge } from '../fake-bridge.js';
import { connectedTab } from '../helpers.js';

const STATS = { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 };

async function connectedComposer() {
  const { bridge, user, panel } = await connectedTab();
  const p = within(panel);
  await user.type(p.getByLabelText('Message'), 'PING\\r\\n');
  return { bridge, user, panel, p };
}

/** Main's growth notice carrying the repeat's progress. */
function progress(bridge: FakeBridge, repeat: RepeatState): void {
  bridge.emit('log.grew', { id: 's1', logCount: repeat.sent, logFirst: 0, stats: STATS, peers: null, peersVersion: 0, ping: null, repeat });
}

describe('repeat', () => {
  test('Repeat shows its schedule; Send starts it in main; progress and the end are shown; the button stops it', async () => {
    const { bridge, user, p } = await connectedComposer();
    expect(p.queryByLabelText('Every (ms)')).toBeNull();
    await user.click(p.getByLabelText('Repeat'));
    await user.clear(p.getByLabelText('Every (ms)'));
    await user.type(p.getByLabelText('Every (ms)'), '5');
    await user.clear(p.getByLabelText('Times'));
    await user.type(p.getByLabelText('Times'), '3');
    await user.click(p.getByRole('button', { name: 'Send' }));

    await waitFor(() => expect(bridge.callsOf('session.repeat')).toHaveLength(1));
    expect(bridge.callsOf('session.repeat')[0]).toEqual({
      id: 's1',
      payload: { format: 'text', text: 'PING\\r\\n', lineEnding: 'none', encoding: 'utf-8', checksum: null, expand: false },
      intervalMs: 5,
      times: 3,
    });
    expect(bridge.callsOf('session.send')).toEqual([]);
    const stop = await p.findByRole('button', { name: 'Stop repeat' });
    expect((p.getByLabelText('Every (ms)') as HTMLInputElement).disabled).toBe(true);

    progress(bridge, { running: true, sent: 2, times: 3, intervalMs: 5, ended: null, error: null });
    await waitFor(() => expect(p.getByRole('status', { name: 'Repeat' }).textContent).toBe('Sent 2 of 3'));
    const done: RepeatState = { running: false, sent: 3, times: 3, intervalMs: 5, ended: 'done', error: null };
    bridge.setSnapshot({ ...openSnapshot('s1', { kind: 'tcp-client', host: '127.0.0.1', port: 7 }), repeat: done });
    await waitFor(() => expect(p.getByRole('status', { name: 'Repeat' }).textContent).toBe('Repeat done: sent 3 of 3.'));
    expect(p.getByRole('button', { name: 'Send' })).toBeTruthy();
    expect(stop.isConnected).toBe(true);
  });

  test('"Stop repeat" stops it in main, and until stopped counts without a total', async () => {
    const { bridge, user, p } = await connectedComposer();
    await user.click(p.getByLabelText('Repeat'));
    await user.clear(p.getByLabelText('Times'));
    await user.type(p.getByLabelText('Times'), '0');
    await user.click(p.getByRole('button', { name: 'Send' }));
    await p.findByRole('button', { name: 'Stop repeat' });
    progress(bridge, { running: true, sent: 4, times: 0, intervalMs: 1000, ended: null, error: null });
    await waitFor(() => expect(p.getByRole('status', { name: 'Repeat' }).textContent).toBe('Sent 4 (until stopped)'));
    bridge.repeats.set('s1', { running: true, sent: 4, times: 0, intervalMs: 1000, ended: null, error: null });
    await user.click(p.getByRole('button', { name: 'Stop repeat' }));
    await waitFor(() => expect(bridge.callsOf('session.stopRepeat')).toEqual([{ id: 's1' }]));
    await waitFor(() => expect(p.getByRole('status', { name: 'Repeat' }).textContent).toBe('Repeat stopped after 4 sends.'));
    expect(p.getByRole('button', { name: 'Send' })).toBeTruthy();
  });

  test('a repeat ended by a failed send or a closed connection says why', async () => {
    const { bridge, user, p } = await connectedComposer();
    await user.click(p.getByLabelText('Repeat'));
    await user.click(p.getByRole('button', { name: 'Send' }));
    await p.findByRole('button', { name: 'Stop repeat' });
    progress(bridge, { running: false, sent: 7, times: 10, intervalMs: 1000, ended: 'failed', error: { code: 'EPIPE', message: 'The connection to 127.0.0.1:7 is closed for writing (broken pipe).' } });
    const alert = await p.findByRole('alert', { name: 'Repeat' });
    expect(alert.textContent).toBe('Repeat stopped after 7 sends: a send failed: The connection to 127.0.0.1:7 is closed for writing (broken pipe). (EPIPE)');
    progress(bridge, { running: false, sent: 1, times: 0, intervalMs: 1000, ended: 'disconnected', error: null });
    await waitFor(() => expect(p.getByRole('status', { name: 'Repeat' }).textContent).toBe('Repeat stopped after 1 send: the connection closed.'));
  });

  test('bad numbers are explained next to their fields, and nothing starts', async () => {
    const { bridge, user, p } = await connectedComposer();
    await user.click(p.getByLabelText('Repeat'));
    await user.clear(p.getByLabelText('Every (ms)'));
    await user.type(p.getByLabelText('Every (ms)'), '0');
    await user.clear(p.getByLabelText('Times'));
    await user.type(p.getByLabelText('Times'), 'ten');
    await user.click(p.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(p.getByLabelText('Every (ms)').getAttribute('aria-invalid')).toBe('true'));
    expect(p.getByText('Every (ms) must be a whole number of milliseconds from 1 to 86400000.')).toBeTruthy();
    expect(p.getByText('Times must be a whole number from 0 (until stopped) to 1000000000.')).toBeTruthy();
    expect(bridge.callsOf('session.repeat')).toEqual([]);
  });
});
