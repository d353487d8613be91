import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { haveChromium, openTab, useWebModePage } from './harness.js';

// Raw sockets need root (or CAP_NET_RAW): CI runs as root.
const privileged = process.platform === 'linux' && process.getuid?.() === 0;

/** Opens a Raw IP tab on protocol 253 (for experiments) with 127.0.0.1 as its destination. */
async function openRaw(page: Page, includeHeader: boolean): Promise<Locator> {
  const panel = await openTab(page, 'Raw IP');
  await panel.getByLabel('Protocol', { exact: true }).fill('253');
  await panel.getByLabel('Host', { exact: true }).fill('127.0.0.1');
  if (includeHeader) await panel.getByLabel('Include IP header').check();
  await panel.getByRole('button', { name: 'Open socket' }).click();
  const status = panel.getByRole('status', { name: 'Connection status' });
  await expect.poll(() => status.textContent()).toMatch(/^Raw socket open/);
  return panel;
}

/** The decoded header of the entry detail as "term: value" pairs. */
async function headerFields(detail: Locator): Promise<Record<string, string>> {
  const header = detail.getByRole('region', { name: 'IPv4 header' });
  const terms = await header.locator('dt').allTextContents();
  const values = await header.locator('dd').allTextContents();
  return Object.fromEntries(terms.map((t, i) => [t, values[i] ?? '']));
}

describe.skipIf(!haveChromium || !privileged)('Raw IP, end to end in Chromium through web mode', () => {
  const browser = useWebModePage();

  test('a packet with a header written field by field reaches another raw socket intact, its header decoded above the payload', async () => {
    const { page } = browser;
    await openRaw(page, false);
    const sender = await openRaw(page, true);

    const editor = sender.getByRole('form', { name: 'Raw IP send' });
    await editor.getByLabel('TTL', { exact: true }).fill('33');
    await editor.getByLabel('ID', { exact: true }).fill('4660');
    await editor.getByLabel("DF (don't fragment)").check();
    await editor.getByLabel('Payload').fill('hello');
    const preview = editor.getByRole('region', { name: 'Header preview' });
    await expect.poll(() => preview.textContent()).toMatch(/Checksum\s*0x[0-9a-f]{4} \(computed\)/);
    expect(await preview.textContent()).toContain('45 00 00 19 12 34 40 00 21 FD');
    await editor.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => editor.textContent()).toContain('Sent 25 B as entry');

    // The first tab, a plain raw socket for protocol 253, received it.
    await page.getByRole('tab').first().click();
    const panel = page.getByRole('tabpanel');
    const traffic = panel.getByRole('region', { name: 'Traffic' });
    // Other raw sockets on this machine may use protocol 253 too: pick ours by its header bytes.
    const received = traffic.getByRole('row').filter({ hasText: '←' }).filter({ hasText: '45 00 00 19 12 34 40 00 21 FD' });
    await expect.poll(() => received.count(), { timeout: 10_000 }).toBe(1);
    await received.first().click();
    const detail = panel.getByRole('region', { name: 'Entry detail' });
    await expect.poll(() => headerFields(detail)).toMatchObject({
      Version: '4',
      'Total length': '25',
      ID: '4660 (0x1234)',
      Flags: 'DF (2)',
      TTL: '33',
      Protocol: '253 (Experimental)',
      Source: '127.0.0.1',
      Destination: '127.0.0.1',
    });
    expect((await headerFields(detail)).Checksum).toMatch(/^0x[0-9a-f]{4} \(verifies\)$/);
    const dump = detail.getByRole('region', { name: 'Hex dump' });
    await expect.poll(() => dump.textContent()).toMatch(/00000000\s*68 65 6C 6C 6F\s*\|hello\|/);
  });

  test('a plain raw socket sends the composer message and shows its own packet back with the header the kernel wrote', async () => {
    const { page } = browser;
    const panel = await openRaw(page, false);
    await panel.getByLabel('Message').fill('ping');
    await panel.getByRole('button', { name: 'Send', exact: true }).click();

    const traffic = panel.getByRole('region', { name: 'Traffic' });
    const received = traffic.getByRole('row').filter({ hasText: '←' }).filter({ hasText: '70 69 6E 67' });
    await expect.poll(() => received.count(), { timeout: 10_000 }).toBe(1);
    await received.first().click();
    const detail = panel.getByRole('region', { name: 'Entry detail' });
    await expect.poll(() => headerFields(detail)).toMatchObject({ Protocol: '253 (Experimental)', 'Total length': '24', Source: '127.0.0.1' });
    expect((await headerFields(detail)).Checksum).toMatch(/\(verifies\)$/);
    await expect.poll(() => detail.getByRole('region', { name: 'Hex dump' }).textContent()).toMatch(/70 69 6E 67\s*\|ping\|/);

    // What was sent is the payload alone: no header to decode.
    await traffic.getByRole('row').filter({ hasText: '→' }).first().click();
    await expect.poll(() => detail.getByRole('region', { name: 'Hex dump' }).textContent()).toMatch(/00000000\s*70 69 6E 67/);
    expect(await detail.getByRole('region', { name: 'IPv4 header' }).count()).toBe(0);
  });
});
