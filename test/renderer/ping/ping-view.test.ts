// A Ping tab: the "Replies" region lists each request's outcome, read from main a window at a
// time; the summary follows log.grew and the snapshot; the session's notice is shown.
import { screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, test } from 'vitest';
import type { PingRow, PingSummary } from '../../../src-main/shared/contract.js';
import { emptyPingSummary, FakeBridge, openSnapshot, type FakePing } from '../fake-bridge.js';
import { renderApp } from '../helpers.js';

const SENT_AT = Date.UTC(2024, 0, 1, 12, 0, 0);
const PING = { kind: 'ping', host: '127.0.0.1', count: 3, intervalMs: 100 } as const;

function reply(index: number, rttMs: number): PingRow {
  return { index, icmpSeq: index + 1, status: 'reply', from: '127.0.0.1', ttl: 64, rttMs, bytes: 64, sentAt: SENT_AT + index * 100, message: null };
}

function rowsOf(rows: PingRow[], summary: PingSummary): FakePing {
  return { count: rows.length, row: (i) => rows[i]!, summary };
}

function replyRows(region: HTMLElement): string[] {
  return within(region)
    .getAllByRole('row')
    .slice(1)
    .map((r) => within(r).getAllByRole('gridcell').map((c) => c.textContent?.trim() ?? '').join(' | '));
}

describe('Ping tab', () => {
  test('lists replies, a timeout and an error; the summary follows log.grew; no composer, Traffic kept', async () => {
    const bridge = new FakeBridge();
    const running = emptyPingSummary({ socket: 'raw', target: '127.0.0.1', identifier: 4660, running: true });
    bridge.addSession(openSnapshot('s1', PING, { ping: running }));
    bridge.pings.set('s1', rowsOf([], running));
    await renderApp(bridge);
    const panel = await screen.findByRole('tabpanel');
    const replies = within(panel).getByRole('region', { name: 'Replies' });
    expect(within(replies).getByText('No echo requests sent yet.')).toBeTruthy();
    expect(within(panel).queryByLabelText('Message')).toBeNull();
    expect(within(panel).getByRole('heading', { name: 'Traffic' })).toBeTruthy();

    const pending: PingRow = { ...reply(2, 0), status: 'pending', from: null, ttl: null, rttMs: null, bytes: 0 };
    const timeout: PingRow = { ...pending, status: 'timeout' };
    const rows = [reply(0, 0.045), { ...timeout, index: 1, icmpSeq: 2, sentAt: SENT_AT + 100 }, pending];
    const summary: PingSummary = { ...running, sent: 3, received: 1, timeouts: 1, lossPercent: 50, minMs: 0.045, avgMs: 0.045, maxMs: 0.045 };
    bridge.pings.set('s1', rowsOf(rows, summary));
    bridge.grow('s1');
    await waitFor(() => expect(replyRows(replies)[0]).toMatch(/^1 \| \d\d:\d\d:\d\d\.000 \| 127\.0\.0\.1 \| 64 \| 0\.045 ms$/));
    expect(replyRows(replies)).toHaveLength(3);
    expect(replyRows(replies)[1]).toMatch(/^2 \| .* \| {2}\| {2}\| timeout$/);
    expect(replyRows(replies)[2]).toMatch(/waiting…$/);
    const totals = within(replies).getByRole('group', { name: 'Ping summary' });
    expect(totals.textContent).toMatch(/Sent\s*3\s*Received\s*1\s*Loss\s*50%\s*RTT min\/avg\/max\s*0\.045 \/ 0\.045 \/ 0\.045 ms/);
    expect(totals.textContent).toContain('to 127.0.0.1, id 4660');

    // The pending row is answered by an ICMP error: rows change in place, so the window is read again.
    const error: PingRow = { ...pending, status: 'error', from: '10.0.0.1', message: 'Destination host unreachable' };
    bridge.pings.set('s1', rowsOf([rows[0]!, rows[1]!, error], { ...summary, errors: 1, lossPercent: 66.66666666666667, running: false }));
    bridge.grow('s1');
    await waitFor(() => expect(replyRows(replies)[2]).toMatch(/10\.0\.0\.1 \| {2}\| Destination host unreachable$/));
    expect(totals.textContent).toContain('Loss 66.7%');
  });

  test('a million rows: only the window in view is read, and Follow keeps the newest in view', async () => {
    const bridge = new FakeBridge();
    const total = 1_000_000;
    const summary: PingSummary = emptyPingSummary({ socket: 'raw', target: '127.0.0.1', running: true, sent: total, received: total, lossPercent: 0, minMs: 0.01, avgMs: 0.02, maxMs: 1.5 });
    bridge.addSession(openSnapshot('s1', PING, { ping: summary }));
    bridge.pings.set('s1', { count: total, row: (i) => reply(i, 0.02), summary });
    await renderApp(bridge);
    const replies = await screen.findByRole('region', { name: 'Replies' });
    await waitFor(() => expect(replyRows(replies).at(-1)).toMatch(/^1000000 \|/));
    const reads = bridge.callsOf('ping.read');
    expect(reads.length).toBeGreaterThan(0);
    for (const read of reads) expect(read.count).toBeLessThanOrEqual(30);
    expect(replyRows(replies).length).toBeLessThanOrEqual(30);
    expect(within(replies).getByRole('grid', { name: 'Ping replies' }).getAttribute('aria-rowcount')).toBe(String(total + 1));
    expect(within(replies).getByRole('group', { name: 'Ping summary' }).textContent).toMatch(/Sent\s*1,000,000.*Loss\s*0%.*0\.010 \/ 0\.020 \/ 1\.50 ms/);

    // Home goes to the first request without reading anything but its window.
    const grid = within(replies).getByRole('grid', { name: 'Ping replies' });
    grid.focus();
    const before = bridge.callsOf('ping.read').length;
    grid.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true }));
    await waitFor(() => expect(replyRows(replies)[0]).toMatch(/^1 \|/));
    expect((within(replies).getByLabelText('Follow') as HTMLInputElement).checked).toBe(false);
    const after = bridge.callsOf('ping.read').slice(before);
    expect(after.length).toBeGreaterThan(0);
    for (const read of after) expect(read.from + read.count).toBeLessThanOrEqual(30);
  });

  test('the session notice is shown in the status line, for any kind', async () => {
    const bridge = new FakeBridge();
    const notice = 'Ping uses an unprivileged datagram ICMP socket: the kernel picks the identifier.';
    bridge.addSession(openSnapshot('s1', PING, { notice, ping: emptyPingSummary({ socket: 'datagram', running: true }) }));
    bridge.addSession(openSnapshot('s2', { kind: 'tcp-client', host: '127.0.0.1', port: 7 }, { notice: 'Something worth knowing.' }));
    const user = await renderApp(bridge);
    const panel = await screen.findByRole('tabpanel');
    expect(within(panel).getByRole('note', { name: 'Notice' }).textContent).toBe(notice);
    expect(within(panel).getByRole('status', { name: 'Connection status' }).textContent).toContain('Pinging 127.0.0.1 (datagram ICMP socket)');
    await user.click(screen.getAllByRole('tab')[1]!);
    await waitFor(() => expect(within(screen.getByRole('tabpanel')).getByRole('note', { name: 'Notice' }).textContent).toBe('Something worth knowing.'));
  });
});
