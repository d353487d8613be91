// End to end in Chromium through web mode, on the real engine and native addon: a Ping tab to
// 127.0.0.1 lists every reply and a summary with no loss; a Unix seqpacket server and client
// tab exchange a message. (CI runs as root, so Ping gets a raw ICMP socket.)
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { haveChromium, openTab, useWebModePage } from './harness.js';

describe.skipIf(!haveChromium)('native kinds, end to end in Chromium through web mode', () => {
  const browser = useWebModePage();
  const socketPath = join(tmpdir(), `wb-e2e-seqpacket-${process.pid}.sock`);

  afterEach(() => {
    rmSync(socketPath, { force: true });
  });

  test('a Ping tab to 127.0.0.1 with count 3 shows 3 replies and a summary with 0% loss', async () => {
    const { page } = browser;
    const panel = await openTab(page, 'Ping');
    await panel.getByLabel('Host').fill('127.0.0.1');
    await panel.getByLabel('Interval (ms)').fill('50');
    await panel.getByLabel('Count', { exact: true }).fill('3');
    await panel.getByRole('button', { name: 'Start', exact: true }).click();

    const replies = panel.getByRole('region', { name: 'Replies' });
    const answered = replies.getByRole('row').filter({ hasText: /127\.0\.0\.1.*\d ms/ });
    await expect.poll(() => answered.count(), { timeout: 10_000 }).toBe(3);
    const seqs = await answered.evaluateAll((rows) => rows.map((r) => r.querySelector('[role="gridcell"]')?.textContent?.trim()));
    expect(seqs).toHaveLength(3);
    expect(new Set(seqs).size).toBe(3);
    for (const ttl of await answered.evaluateAll((rows) => rows.map((r) => r.querySelectorAll('[role="gridcell"]')[3]?.textContent))) {
      expect(Number(ttl)).toBeGreaterThan(0);
    }

    const summary = replies.getByRole('group', { name: 'Ping summary' });
    await expect.poll(() => summary.textContent()).toMatch(/Sent\s*3\s*Received\s*3\s*Loss\s*0%/);
    expect(await summary.textContent()).toMatch(/RTT min\/avg\/max\s*[\d.]+ \/ [\d.]+ \/ [\d.]+ ms/);
    // The echo requests and replies are in the Traffic log too; Ping has no composer.
    const traffic = panel.getByRole('region', { name: 'Traffic' });
    await expect.poll(() => traffic.getByRole('row').count()).toBeGreaterThanOrEqual(1 + 6);
    expect(await panel.getByLabel('Message', { exact: true }).count()).toBe(0);
  });

  test('a Unix seqpacket server tab receives a client tab\'s message and answers it', async () => {
    const { page } = browser;
    const server = await openTab(page, 'Unix seqpacket server');
    await server.getByLabel('Path').fill(socketPath);
    await server.getByRole('button', { name: 'Listen' }).click();
    await expect.poll(() => server.getByRole('status', { name: 'Connection status' }).textContent()).toContain(`Listening on ${socketPath}`);

    const client = await openTab(page, 'Unix seqpacket client');
    await client.getByLabel('Path').fill(socketPath);
    await client.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => client.getByRole('status', { name: 'Connection status' }).textContent()).toContain(`Connected to ${socketPath}`);
    await client.getByLabel('Message', { exact: true }).fill('one');
    await client.getByRole('button', { name: 'Send', exact: true }).click();
    await client.getByLabel('Message', { exact: true }).fill('two');
    await client.getByRole('button', { name: 'Send', exact: true }).click();

    await page.getByRole('tab', { name: /Unix seqpacket server/ }).click();
    const serverPanel = page.getByRole('tabpanel');
    const traffic = serverPanel.getByRole('region', { name: 'Traffic' });
    await traffic.getByLabel('View').selectOption({ label: 'Text' });
    // Message boundaries kept: two entries of 3 bytes, not one of 6.
    await expect.poll(() => traffic.getByRole('row').filter({ hasText: 'one' }).count()).toBe(1);
    await expect.poll(() => traffic.getByRole('row').filter({ hasText: 'two' }).count()).toBe(1);
    expect(await traffic.getByRole('row').filter({ hasText: '3 B' }).count()).toBe(2);

    await serverPanel.getByLabel('Message', { exact: true }).fill('back');
    await serverPanel.getByRole('button', { name: 'Send to all' }).click();
    await page.getByRole('tab', { name: /Unix seqpacket (?!server)/ }).click();
    const clientTraffic = page.getByRole('tabpanel').getByRole('region', { name: 'Traffic' });
    await clientTraffic.getByLabel('View').selectOption({ label: 'Text' });
    await expect.poll(() => clientTraffic.getByRole('row').filter({ hasText: 'back' }).count()).toBe(1);
  });
});
