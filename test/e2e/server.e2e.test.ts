// End to end: a TCP server tab in Chromium through web mode, with three real clients from the
// test: they show in "Clients", their bytes in the log under the right client, and "Send",
// "Send to all" and "Disconnect client" reach exactly the clients they should.
import { connect as netConnect, type Socket } from 'node:net';
import type { Locator } from 'playwright-core';
import { afterEach, describe, expect, test } from 'vitest';
import { haveChromium, openTab, portFromStatus, useWebModePage } from './harness.js';

interface TestClient {
  socket: Socket;
  /** "127.0.0.1:<its port>", as the server lists it. */
  label: string;
  received: () => string;
  ended: () => boolean;
}

function connectClient(port: number): Promise<TestClient> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let ended = false;
    const socket = netConnect({ host: '127.0.0.1', port }, () => {
      resolve({
        socket,
        label: `127.0.0.1:${socket.localPort}`,
        received: () => Buffer.concat(chunks).toString('latin1'),
        ended: () => ended,
      });
    });
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('close', () => (ended = true));
    socket.on('error', () => {});
    socket.once('error', reject);
  });
}

/** The Clients region's row of one client. */
function clientRow(clients: Locator, label: string): Locator {
  return clients.getByRole('row').filter({ has: clients.page().getByText(label, { exact: true }) });
}

describe.skipIf(!haveChromium)('TCP server, end to end in Chromium through web mode', () => {
  const browser = useWebModePage();
  let sockets: TestClient[] = [];

  afterEach(() => {
    for (const client of sockets) client.socket.destroy();
    sockets = [];
  });

  test('three clients: listed, logged under their own address, sent to one, to all, one disconnected', async () => {
    const { page } = browser;
    const panel = await openTab(page, 'TCP server');
    await panel.getByLabel('Local address').fill('127.0.0.1');
    await panel.getByLabel('Local port').fill('0');
    await panel.getByRole('button', { name: 'Listen' }).click();

    // Port 0 picks a free port; the status line names it.
    const port = await portFromStatus(panel, /Listening on 127\.0\.0\.1:(\d+)/);
    expect(port).toBeGreaterThan(0);

    for (let i = 0; i < 3; i++) sockets.push(await connectClient(port));
    sockets.forEach((client, i) => client.socket.write(`hello from client ${i}`));

    const clients = panel.getByRole('region', { name: 'Clients' });
    await expect.poll(() => clients.textContent()).toContain('3 open, 3 listed, 0 rejected');
    for (const client of sockets) {
      await expect.poll(() => clientRow(clients, client.label).getByRole('gridcell').nth(4).textContent()).toBe('open');
    }

    // Each client's bytes are logged under that client.
    const traffic = panel.getByRole('region', { name: 'Traffic' });
    await traffic.getByLabel('View').selectOption({ label: 'Text' });
    for (const [i, client] of sockets.entries()) {
      const row = traffic.getByRole('row').filter({ hasText: `hello from client ${i}` });
      await expect.poll(() => row.count()).toBe(1);
      expect(await row.getByRole('gridcell').nth(3).textContent()).toBe(client.label);
    }

    // "Send" goes to the selected client only.
    const [first, second, third] = sockets as [TestClient, TestClient, TestClient];
    await clientRow(clients, second.label).click();
    await panel.getByLabel('Message', { exact: true }).fill('only you');
    await panel.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => second.received()).toBe('only you');
    await expect.poll(() => panel.getByText('Sent 8 B to 1 client.').count()).toBe(1);

    // "Send to all" reaches all three; TCP keeps order, so had the others been sent
    // "only you", they would have it before this.
    await panel.getByLabel('Message', { exact: true }).fill('everyone');
    await panel.getByRole('button', { name: 'Send to all' }).click();
    await expect.poll(() => first.received()).toBe('everyone');
    await expect.poll(() => third.received()).toBe('everyone');
    await expect.poll(() => second.received()).toBe('only youeveryone');
    await expect.poll(() => panel.getByText('Sent 8 B to 3 clients.').count()).toBe(1);

    // "Disconnect client" ends exactly the selected connection; its row stays, marked closed.
    await clientRow(clients, third.label).click();
    await clients.getByRole('button', { name: 'Disconnect client' }).click();
    await expect.poll(() => third.ended()).toBe(true);
    await expect.poll(() => clientRow(clients, third.label).getByRole('gridcell').nth(4).textContent()).toBe('closed by you');
    await expect.poll(() => clients.textContent()).toContain('2 open, 3 listed, 0 rejected');
    // The others are still connected: they get the next "Send to all".
    await panel.getByLabel('Message', { exact: true }).fill('!');
    await panel.getByRole('button', { name: 'Send to all' }).click();
    await expect.poll(() => first.received()).toBe('everyone!');
    await expect.poll(() => second.received()).toBe('only youeveryone!');
    expect(first.ended()).toBe(false);
    expect(second.ended()).toBe(false);
    expect(third.received()).toBe('everyone');

    // The log shows only the selected client's traffic when asked.
    await clientRow(clients, first.label).click();
    await clients.getByRole('button', { name: "Show only this client's traffic" }).click();
    await expect.poll(() => traffic.textContent()).toContain(`Showing traffic of ${first.label}`);
    const rows = traffic.getByRole('row').filter({ hasText: first.label });
    await expect.poll(() => rows.count()).toBe(3);
    expect(await traffic.getByRole('row').filter({ hasText: second.label }).count()).toBe(0);
  });
});
