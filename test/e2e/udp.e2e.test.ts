// End to end: a UDP tab in Chromium through web mode receives a datagram from a real peer in
// the test, shows who sent it, and "Reply to sender" sends the composer's message back to it;
// Host and Port typed after Bind are where Send goes.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import type { Locator, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { haveChromium, openTab, portFromStatus, useWebModePage } from './harness.js';

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

/** A new UDP tab bound to 127.0.0.1 on a free port: its panel and the port it got. */
async function bindUdpTab(page: Page): Promise<{ panel: Locator; port: number }> {
  const panel = await openTab(page, 'UDP');
  await panel.getByLabel('Local address').fill('127.0.0.1');
  await panel.getByLabel('Local port').fill('0');
  await panel.getByRole('button', { name: 'Bind' }).click();
  return { panel, port: await portFromStatus(panel, /Bound to 127\.0\.0\.1:(\d+)/) };
}

describe.skipIf(!haveChromium)('UDP, end to end in Chromium through web mode', () => {
  const browser = useWebModePage();
  let peer: Peer;

  beforeEach(async () => {
    peer = await bindPeer();
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => peer.socket.close(() => resolve()));
  });

  test('receives a datagram with its sender shown, and replies to that sender', async () => {
    const { page } = browser;
    const { panel, port } = await bindUdpTab(page);
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
  });

  test('a destination typed after Bind is where Send goes', async () => {
    const { page } = browser;
    const { panel, port } = await bindUdpTab(page);

    // As a new user would: bound first, then the destination.
    await panel.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await panel.getByLabel('Port', { exact: true }).fill(String(peer.port));
    await panel.getByLabel('Message', { exact: true }).fill('typed after bind');
    const send = panel.getByRole('button', { name: 'Send', exact: true });
    await expect.poll(() => send.isEnabled()).toBe(true);
    await send.click();

    await expect.poll(() => peer.received.length).toBe(1);
    expect(peer.received[0]!.text).toBe('typed after bind');
    expect(peer.received[0]!.from.port).toBe(port);
    await expect.poll(() => panel.getByText(`Sent 16 B to 127.0.0.1:${peer.port}.`).count()).toBe(1);
  });
});
