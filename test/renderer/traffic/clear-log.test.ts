// "Clear log" in the Traffic toolbar: main empties the log, the view empties with it, the
// counters keep their totals, and entry numbers go on from where the cleared ones ended.
import { waitFor, within } from '@testing-library/svelte';
import { describe, expect, test } from 'vitest';
import { bytesOf, logOf, makeEntry } from '../fake-bridge.js';
import { rowsOf, rowWithSeq, showLog } from '../log-fixture.js';

describe('Clear log', () => {
  test('empties the view; counters keep their totals; new entries go on numbering; cleared ones are said to be', async () => {
    const entries = Array.from({ length: 5 }, (_, i) => makeEntry(i, 'in', bytesOf(`line ${i}`)));
    const { bridge, user, traffic, panel } = await showLog(logOf(entries));
    const stats = { bytesIn: 30, bytesOut: 0, messagesIn: 5, messagesOut: 0 };
    bridge.grow('s1', stats);
    await waitFor(() => expect(rowsOf(traffic)).toHaveLength(5));
    const counters = within(panel).getByText(/Received 30 B in 5 messages/);
    const t = within(traffic);

    await user.click(t.getByRole('button', { name: 'Clear log' }));
    await waitFor(() => expect(bridge.callsOf('log.clear')).toEqual([{ id: 's1' }]));
    await waitFor(() => expect(t.getByText('0 entries')).toBeTruthy());
    expect(rowsOf(traffic)).toHaveLength(0);
    expect((t.getByRole('button', { name: 'Clear log' }) as HTMLButtonElement).disabled).toBe(true);
    bridge.grow('s1', stats);
    await waitFor(() => expect(counters.textContent).toContain('Received 30 B in 5 messages'));

    // New traffic after the clear: numbered 5 and 6, at the top of the (new) log.
    bridge.setLog('s1', logOf([makeEntry(5, 'in', bytesOf('after 5')), makeEntry(6, 'out', bytesOf('after 6'))]));
    bridge.grow('s1', { bytesIn: 37, bytesOut: 7, messagesIn: 6, messagesOut: 1 });
    await waitFor(() => expect(rowWithSeq(traffic, 6)).toBeTruthy());

    await user.type(t.getByLabelText('Go to entry'), '3');
    await user.click(t.getByRole('button', { name: 'Go' }));
    expect((await t.findByRole('alert')).textContent).toBe('Entry 3 was cleared: this log has entries 5 to 6.');
    await user.clear(t.getByLabelText('Go to entry'));
    await user.type(t.getByLabelText('Go to entry'), '6');
    await user.click(t.getByRole('button', { name: 'Go' }));
    await waitFor(() => expect(rowWithSeq(traffic, 6)!.getAttribute('aria-selected')).toBe('true'));
    expect(t.queryByRole('alert')).toBeNull();
  });
});
