// End to end: a UDP tab in Chromium through web mode receives a datagram from a real peer in
// the test, shows who sent it, and "Reply to sender" sends the composer's message back to it.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { haveChromium, launchChromium, startWebMode, watchPageErrors, type WebMode } from './harness.js';

interface Peer {
  socket: Socket;
  port: number;
  received: { text: string; from: RemoteInfo }[];
}

function bindPeer(): Promise<Peer> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    const received: Peer['received'] = [];
    socket.on('message', (msg, from) => received.push({ text: msg.toString('latin1'), from }));
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve({ socket, port: socket.address().port, received }));
  });
}

describe.skipIf(!haveChromium)('UDP, end to end in Chromium through web mode', () => {
  let web: WebMode;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let peer: Peer;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    web = await startWebMode();
    peer = await bindPeer();
    context = await browser.newContext();
    page = await context.newPage();
    errors = watchPageErrors(page);
    await page.goto(web.url);
  });
  afterEach(async () => {
    await context.close();
    await new Promise<void>((resolve) => peer.socket.close(() => resolve()));
    await web.stop();
  });

  test('receives a datagram with its sender shown, and replies to that sender', async () => {
    await page.getByRole('button', { name: 'New connection' }).click();
    const panel = page.getByRole('tabpanel');
    await panel.getByLabel('Kind').selectOption({ label: 'UDP' });
    await panel.getByLabel('Local address').fill('127.0.0.1');
    await panel.getByLabel('Local port').fill('0');
    await panel.getByRole('button', { name: 'Bind' }).click();

    const status = panel.getByRole('status', { name: 'Connection status' });
    await expect.poll(() => status.textContent()).toMatch(/Bound to 127\.0\.0\.1:\d+/);
    const port = Number(/Bound to 127\.0\.0\.1:(\d+)/.exec((await status.textContent()) ?? '')![1]);
    expect(port).toBeGreaterThan(0);

    peer.socket.send('ping from the test', port, '127.0.0.1');
    const sender = `127.0.0.1:${peer.port}`;
    const traffic = panel.getByRole('region', { name: 'Traffic' });
    await traffic.getByLabel('View').selectOption({ label: 'Text' });
    const received = traffic.getByRole('row').filter({ hasText: 'ping from the test' });
    await expect.poll(() => received.count()).toBe(1);
    expect(await received.getByRole('gridcell').nth(3).textContent()).toBe(sender);

    // The sender is listed in "Clients" too.
    const clients = panel.getByRole('region', { name: 'Clients' });
    await expect.poll(() => clients.getByText(sender, { exact: true }).count()).toBe(1);

    await panel.getByLabel('Message', { exact: true }).fill('pong\\n');
    await received.click();
    const detail = panel.getByRole('region', { name: 'Entry detail' });
    await expect.poll(() => detail.textContent()).toContain(`from ${sender}`);
    await detail.getByRole('button', { name: 'Reply to sender' }).click();

    await expect.poll(() => peer.received.length).toBe(1);
    expect(peer.received[0]!.text).toBe('pong\n');
    // It came from the tab's own socket, the one the ping went to.
    expect(peer.received[0]!.from.port).toBe(port);
    await expect.poll(() => panel.getByText(`Sent 5 B to ${sender}.`).count()).toBe(1);
    const sent = traffic.getByRole('row').filter({ hasText: 'pong␊' });
    await expect.poll(() => sent.count()).toBe(1);
    expect(await sent.getByRole('gridcell').nth(3).textContent()).toBe(sender);
    expect(errors).toEqual([]);
  });
});
