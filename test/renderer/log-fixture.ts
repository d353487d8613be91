// A session restored with a (possibly huge) log, and queries into the virtual grids that show it,
// shared by the traffic-log and client-list tests.
import { screen, within } from '@testing-library/svelte';
import type { SessionConfigInput } from '../../src-main/shared/contract.js';
import { bytesOf, FakeBridge, makeEntry, openSnapshot, type FakeLog } from './fake-bridge.js';
import { renderApp, type User } from './helpers.js';

export const LOG_CONFIG: SessionConfigInput = { kind: 'tcp-client', host: '127.0.0.1', port: 7, timeoutMs: 10000 };

/** A log of `count` entries made on demand: "msg <seq>", alternating sent / received. */
export function hugeLog(count: number): FakeLog {
  return { count, entry: (seq) => makeEntry(seq, seq % 2 === 0 ? 'out' : 'in', bytesOf(`msg ${seq}`)) };
}

/** Restores one open session holding `log`, and returns its Traffic region. */
export async function showLog(log: FakeLog): Promise<{ bridge: FakeBridge; user: User; traffic: HTMLElement; panel: HTMLElement }> {
  const bridge = new FakeBridge();
  bridge.addSession(openSnapshot('s1', LOG_CONFIG, { logCount: log.count }), log);
  const user = await renderApp(bridge);
  const panel = await screen.findByRole('tabpanel');
  const traffic = within(panel).getByRole('region', { name: 'Traffic' });
  return { bridge, user, traffic, panel };
}

/** The log's entry rows (the grid's first row is the column header). */
export function rowsOf(traffic: HTMLElement): HTMLElement[] {
  return within(within(traffic).getByRole('grid', { name: 'Log entries' })).getAllByRole('row').slice(1);
}

/** The row whose first cell (the entry's number) is `seq`. */
export function rowWithSeq(traffic: HTMLElement, seq: number): HTMLElement | undefined {
  return rowsOf(traffic).find((r) => within(r).getAllByRole('gridcell')[0]?.textContent === String(seq));
}

/** The entry rows of the Traffic log in `panel`. */
export function logRows(panel: HTMLElement): HTMLElement[] {
  return rowsOf(within(panel).getByRole('region', { name: 'Traffic' }));
}

/** The element that scrolls a virtual grid's rows (the log's or the client list's): the parent of the rows' spacer. */
export function scrollerOf(grid: HTMLElement): HTMLElement {
  return within(grid).getAllByRole('rowgroup')[1]!.parentElement!.parentElement!;
}
