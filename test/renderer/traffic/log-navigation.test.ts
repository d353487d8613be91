import { fireEvent, waitFor, within } from '@testing-library/svelte';
import { describe, expect, test } from 'vitest';
import { clientRow, makePeer, showPeers, waitForClientRows } from '../clients/clients-fake.js';
import { bytesOf, logOf, makeEntry, type FakeBridge } from '../fake-bridge.js';
import { hugeLog, rowsOf, rowWithSeq, scrollerOf, showLog } from '../log-fixture.js';

const MILLION = 1_000_000;
/** A window of rows in view plus overscan: no read may ask for more. */
const MAX_WINDOW = 60;

function followOf(traffic: HTMLElement): HTMLInputElement {
  return within(traffic).getByRole('checkbox', { name: 'Follow' }) as HTMLInputElement;
}

/** Every read so far asked for one window at most, and a small number of reads were made. */
function expectBoundedReads(bridge: FakeBridge, maxReads: number): void {
  const reads = bridge.callsOf('log.read');
  expect(reads.length).toBeLessThanOrEqual(maxReads);
  for (const read of reads) expect(read.count).toBeLessThanOrEqual(MAX_WINDOW);
}

describe('log navigation in a 1,000,000-entry log', () => {
  test('Jump to start and Jump to end render those rows, with Follow off and on again', async () => {
    const { bridge, user, traffic } = await showLog(hugeLog(MILLION));
    await waitFor(() => expect(rowWithSeq(traffic, 999_999)).toBeTruthy());
    expect(followOf(traffic).checked).toBe(true);

    await user.click(within(traffic).getByRole('button', { name: 'Jump to start' }));
    await waitFor(() => expect(rowWithSeq(traffic, 0)).toBeTruthy());
    expect(rowWithSeq(traffic, 999_999)).toBeUndefined();
    expect(followOf(traffic).checked).toBe(false);
    expect(bridge.callsOf('log.read').at(-1)!.from).toBe(0);
    expect(rowsOf(traffic).length).toBeLessThanOrEqual(MAX_WINDOW);

    // Not following: growth leaves the start in view.
    bridge.setLog('s1', hugeLog(MILLION + 10));
    bridge.grow('s1');
    await waitFor(() => expect(within(traffic).getByText('1,000,010 entries')).toBeTruthy());
    expect(rowWithSeq(traffic, 0)).toBeTruthy();

    await user.click(within(traffic).getByRole('button', { name: 'Jump to end' }));
    await waitFor(() => expect(rowWithSeq(traffic, MILLION + 9)).toBeTruthy());
    expect(rowWithSeq(traffic, 0)).toBeUndefined();
    expect(followOf(traffic).checked).toBe(true);

    // Following again: growth brings the new tail into view.
    bridge.setLog('s1', hugeLog(MILLION + 20));
    bridge.grow('s1');
    await waitFor(() => expect(rowWithSeq(traffic, MILLION + 19)).toBeTruthy());
    expectBoundedReads(bridge, 12);
  });

  test('Go to entry scrolls entry 999,999, 0 and 500,000 into view and selects it', async () => {
    const { bridge, user, traffic, panel } = await showLog(hugeLog(MILLION));
    await waitFor(() => expect(rowWithSeq(traffic, 999_999)).toBeTruthy());
    await user.click(within(traffic).getByRole('button', { name: 'Jump to start' }));
    await waitFor(() => expect(rowWithSeq(traffic, 0)).toBeTruthy());
    const input = within(traffic).getByLabelText('Go to entry');

    await user.type(input, '999999{Enter}');
    await waitFor(() => expect(rowWithSeq(traffic, 999_999)?.getAttribute('aria-selected')).toBe('true'));
    expect(followOf(traffic).checked).toBe(false);
    const detail = await within(panel).findByRole('region', { name: 'Entry detail' });
    await waitFor(() => expect(detail.textContent).toContain('|msg 999999|'));
    expect(bridge.callsOf('log.bytes').at(-1)).toEqual({ id: 's1', seq: 999_999, offset: 0, length: 10 });

    await user.clear(input);
    await user.type(input, '0');
    await user.click(within(traffic).getByRole('button', { name: 'Go' }));
    await waitFor(() => expect(rowWithSeq(traffic, 0)?.getAttribute('aria-selected')).toBe('true'));
    expect(rowWithSeq(traffic, 999_999)).toBeUndefined();

    await user.clear(input);
    await user.type(input, '500,000{Enter}');
    await waitFor(() => expect(rowWithSeq(traffic, 500_000)?.getAttribute('aria-selected')).toBe('true'));
    const grid = within(traffic).getByRole('grid', { name: 'Log entries' });
    expect(grid.getAttribute('aria-activedescendant')).toBe(rowWithSeq(traffic, 500_000)!.id);
    expect(rowsOf(traffic).length).toBeLessThanOrEqual(MAX_WINDOW);
    expect(within(traffic).queryByRole('alert')).toBeNull();
    expectBoundedReads(bridge, 12);
  });

  test('a number out of range is refused in words, and nothing moves', async () => {
    const { bridge, user, traffic } = await showLog(hugeLog(MILLION));
    await waitFor(() => expect(rowWithSeq(traffic, 999_999)).toBeTruthy());
    const input = within(traffic).getByLabelText('Go to entry');
    const reads = bridge.callsOf('log.read').length;

    await user.type(input, '1000000{Enter}');
    const alert = await within(traffic).findByRole('alert');
    expect(alert.textContent).toBe('There is no entry 1,000,000: this log has entries 0 to 999,999.');
    expect(input.getAttribute('aria-invalid')).toBe('true');

    await user.clear(input);
    await user.type(input, '-3{Enter}');
    await waitFor(() => expect(within(traffic).getByRole('alert').textContent).toBe('Enter an entry number from 0 to 999,999.'));
    expect(followOf(traffic).checked).toBe(true);
    expect(rowWithSeq(traffic, 999_999)).toBeTruthy();
    expect(bridge.callsOf('log.read').length).toBe(reads);

    // A good number clears the error.
    await user.clear(input);
    await user.type(input, '12{Enter}');
    await waitFor(() => expect(rowWithSeq(traffic, 12)?.getAttribute('aria-selected')).toBe('true'));
    expect(within(traffic).queryByRole('alert')).toBeNull();
  });

  test('an empty log says there is nothing to go to', async () => {
    const { user, traffic } = await showLog(hugeLog(0));
    await user.type(within(traffic).getByLabelText('Go to entry'), '0{Enter}');
    expect((await within(traffic).findByRole('alert')).textContent).toBe('The log is empty: there is no entry to go to yet.');
  });

  test('scrolling up unchecks Follow; Jump to end checks it and shows the tail', async () => {
    const { bridge, user, traffic } = await showLog(hugeLog(MILLION));
    await waitFor(() => expect(rowWithSeq(traffic, 999_999)).toBeTruthy());
    const scroller = scrollerOf(traffic);
    scroller.scrollTop = Math.max(0, scroller.scrollTop - 2000);
    fireEvent.scroll(scroller);
    await waitFor(() => expect(followOf(traffic).checked).toBe(false));
    await waitFor(() => expect(rowWithSeq(traffic, 999_999)).toBeUndefined());

    await user.click(within(traffic).getByRole('button', { name: 'Jump to end' }));
    await waitFor(() => expect(rowWithSeq(traffic, 999_999)).toBeTruthy());
    expect(followOf(traffic).checked).toBe(true);
    expectBoundedReads(bridge, 8);
  });
});

test('Go to entry in a log filtered by client shows the whole log again and selects that entry', async () => {
  const a = makePeer(1);
  const b = makePeer(2);
  const entries = [0, 1, 2, 3].map((seq) => ({ ...makeEntry(seq, 'in', bytesOf(`e${seq}`)), peer: (seq % 2 ? b : a).label, peerId: (seq % 2 ? b : a).id }));
  const { user, panel, clients } = await showPeers([a, b], { log: logOf(entries) });
  await waitForClientRows(clients, 2);
  const traffic = within(panel).getByRole('region', { name: 'Traffic' });
  await user.click(clientRow(clients, b.label));
  await user.click(within(clients).getByRole('button', { name: "Show only this client's traffic" }));
  await waitFor(() => expect(rowsOf(traffic).map((r) => within(r).getAllByRole('gridcell')[0]!.textContent)).toEqual(['1', '3']));

  // Entry 2 is a's: it is not in b's view, so the view shows all entries to reach it.
  await user.type(within(traffic).getByLabelText('Go to entry'), '2{Enter}');
  await waitFor(() => expect(rowWithSeq(traffic, 2)?.getAttribute('aria-selected')).toBe('true'));
  expect(within(traffic).queryByText(/Showing traffic of/)).toBeNull();
  expect(rowsOf(traffic)).toHaveLength(4);
});
