// Faults end to end in Chromium through web mode: a session method that throws (a bug's
// TypeError, injected through WIREBENCH_TEST_THROWING_SEND) is a coded error in the UI and the
// process serves on; the page reloaded, or its WebSocket killed (ss -K), in the middle of a flood
// comes back with the same tab and its counts, and every byte of the flood is in the log.
import { execFileSync } from 'node:child_process';
import type { Locator, Page } from 'playwright-core';
import { afterEach, describe, expect, test } from 'vitest';
import { haveChromium, useWebModePage } from './harness.js';
import { CHUNK, connectTcp, receivedBytes, startEchoPeer, startFloodPeer, status, type EchoPeer, type FloodPeer } from './peers.js';

describe.skipIf(!haveChromium)('a session method that throws', () => {
  const browser = useWebModePage(() => [], {}, { WIREBENCH_TEST_THROWING_SEND: '1' });
  let echo: EchoPeer | null = null;
  afterEach(async () => {
    await echo?.close();
    echo = null;
  });

  test('is an error in words under the composer, and the tab and the process go on', async () => {
    const { page, web } = browser;
    echo = await startEchoPeer();
    const panel = await connectTcp(page, echo.port);
    await panel.getByLabel('Message').fill('hello');
    await panel.getByRole('button', { name: 'Send', exact: true }).click();
    const alert = panel.getByRole('alert').filter({ hasText: 'Internal error' });
    await expect.poll(() => alert.textContent()).toMatch(/Internal error: Cannot read properties of undefined \(reading 'write'\)/);
    expect(echo.received().length).toBe(0);
    // Everything else still works: disconnect, then connect again.
    await panel.getByRole('button', { name: 'Disconnect' }).click();
    await expect.poll(() => status(panel).textContent()).toBe('Closed by you');
    await panel.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => status(panel).textContent()).toMatch(new RegExp(`Connected.*127\\.0\\.0\\.1:${echo.port}`));
    expect(web.process.exitCode).toBeNull();
  });
});

describe.skipIf(!haveChromium)('the page reloaded under a flood', () => {
  const browser = useWebModePage();
  let flood: FloodPeer | null = null;
  afterEach(async () => {
    await flood?.close();
    flood = null;
  });

  test('comes back with the same tab and counts, and the log holds every byte', async () => {
    const { page } = browser;
    flood = await startFloodPeer();
    const peer = flood;
    let panel = await connectTcp(page, peer.port);
    await expect.poll(() => peer.drains(), { timeout: 20_000 }).toBeGreaterThan(20);
    const before = await receivedBytes(panel);

    await page.reload();
    panel = page.getByRole('tabpanel');
    await sameTabFloodedToTheEnd(page, panel, peer, before);
  });

  test('its WebSocket killed: the page reconnects by itself, with the same tab and counts, and the log holds every byte', async () => {
    const { page, web } = browser;
    flood = await startFloodPeer();
    const peer = flood;
    const panel = await connectTcp(page, peer.port);
    await expect.poll(() => peer.drains(), { timeout: 20_000 }).toBeGreaterThan(20);
    const before = await receivedBytes(panel);
    const app = page.locator('.app');
    expect(await app.getAttribute('data-link-reopened')).toBe('0');

    // The kernel destroys the page's connections to web mode (both ends see a reset).
    const port = new URL(web.url).port;
    execFileSync('ss', ['-K', 'dst', '127.0.0.1', 'dport', '=', `:${port}`]);
    await expect.poll(() => app.getAttribute('data-link-reopened'), { timeout: 10_000 }).toBe('1');
    await expect.poll(() => page.getByRole('status', { name: /reconnecting/ }).count()).toBe(0);
    await sameTabFloodedToTheEnd(page, panel, peer, before);
  });
});

/** The one tab is back on the flood, its counts go on, and Disconnect leaves every byte counted. */
async function sameTabFloodedToTheEnd(page: Page, panel: Locator, peer: FloodPeer, before: number): Promise<void> {
  await expect.poll(() => page.getByRole('tab').count()).toBe(1);
  await expect.poll(() => status(panel).textContent()).toMatch(new RegExp(`Connected.*127\\.0\\.0\\.1:${peer.port}`));
  await expect.poll(() => panel.getByLabel('Port', { exact: true }).inputValue()).toBe(String(peer.port));
  // The counts went on while the page was away, and go on now.
  await expect.poll(() => receivedBytes(panel), { timeout: 20_000 }).toBeGreaterThan(before);
  const drainsNow = peer.drains();
  await expect.poll(() => peer.drains(), { timeout: 20_000 }).toBeGreaterThan(drainsNow + 20);

  await panel.getByRole('button', { name: 'Disconnect' }).click();
  await expect.poll(() => status(panel).textContent(), { timeout: 10_000 }).toBe('Closed by you');
  const { total, hadError } = await peer.closed;
  expect(hadError).toBe(false);
  expect(total).toBeGreaterThan(40 * CHUNK);
  await expect.poll(() => receivedBytes(panel)).toBe(total);
}
