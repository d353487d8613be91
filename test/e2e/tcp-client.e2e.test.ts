import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { haveChromium, openTab, useWebModePage } from './harness.js';

interface EchoServer {
  port: number;
  received: Buffer[];
  /** Connections the peer saw end. */
  ended: () => number;
  close(): Promise<void>;
}

function startEchoServer(): Promise<EchoServer> {
  const sockets = new Set<Socket>();
  const received: Buffer[] = [];
  let ended = 0;
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (d) => {
      received.push(d);
      socket.write(d);
    });
    socket.on('close', () => {
      sockets.delete(socket);
      ended++;
    });
    socket.on('error', () => {});
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        received,
        ended: () => ended,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/** A port on which nothing listens (bound, then released). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function connect(page: Page, host: string, port: number) {
  const panel = await openTab(page, 'TCP client');
  await panel.getByLabel('Host').fill(host);
  await panel.getByLabel('Port', { exact: true }).fill(String(port));
  await panel.getByRole('button', { name: 'Connect' }).click();
  return panel;
}

describe.skipIf(!haveChromium)('TCP client, end to end in Chromium through web mode', () => {
  const browser = useWebModePage();
  let echo: EchoServer;

  beforeEach(async () => {
    echo = await startEchoServer();
  });
  afterEach(async () => {
    await echo.close();
  });

  test('connects, sends text and hex, and shows the echoed bytes in Hex and in Text', async () => {
    const { page } = browser;
    const panel = await connect(page, '127.0.0.1', echo.port);
    const status = panel.getByRole('status', { name: 'Connection status' });
    await expect.poll(() => status.textContent()).toMatch(new RegExp(`Connected.*127\\.0\\.0\\.1:${echo.port}`));

    await panel.getByLabel('Message').fill('hello\\tworld');
    await panel.getByLabel('Input format').selectOption({ label: 'Text' });
    await panel.getByLabel('Line ending').selectOption({ label: 'CRLF' });
    await panel.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => Buffer.concat(echo.received).toString('latin1')).toBe('hello\tworld\r\n');

    const traffic = panel.getByRole('region', { name: 'Traffic' });
    await traffic.getByLabel('View').selectOption({ label: 'Text' });
    // Sent and received: the same bytes twice, with the control bytes shown visibly.
    await expect.poll(() => traffic.getByText('hello␉world␍␊').count()).toBe(2);

    await traffic.getByLabel('View').selectOption({ label: 'Hex' });
    await expect
      .poll(() => traffic.getByText('68 65 6C 6C 6F 09 77 6F 72 6C 64 0D 0A').count())
      .toBe(2);

    // The received entry in full: offset, 16 bytes a line, ASCII gutter; then as text.
    await traffic.getByRole('row').filter({ hasText: '←' }).first().click();
    const detail = panel.getByRole('region', { name: 'Entry detail' });
    await expect.poll(() => detail.textContent()).toMatch(/00000000\s*68 65 6C 6C 6F 09 77 6F {2}72 6C 64 0D 0A\s*\|hello\.world\.\.\|/);
    await traffic.getByLabel('View').selectOption({ label: 'Text' });
    await expect.poll(() => detail.textContent()).toContain('hello␉world␍␊');
    await traffic.getByLabel('View').selectOption({ label: 'Hex' });

    await panel.getByLabel('Message').fill('0xDE, 0xAD:be ef 00');
    await panel.getByLabel('Input format').selectOption({ label: 'Hex' });
    await panel.getByLabel('Line ending').selectOption({ label: 'None' });
    await panel.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => Buffer.concat(echo.received).subarray(13).toString('hex')).toBe('deadbeef00');
    await expect.poll(() => traffic.getByText('DE AD BE EF 00').count()).toBe(2);

    await traffic.getByLabel('View').selectOption({ label: 'Text' });
    // DE AD is valid UTF-8 (U+07AD); BE and EF alone are not and show as escapes.
    await expect.poll(() => traffic.getByText('\u07AD\\xBE\\xEF␀').count()).toBe(2);
    await traffic.getByLabel('Encoding').selectOption({ label: 'Latin-1 (ISO-8859-1)' });
    await expect.poll(() => traffic.getByText('Þ\u00AD¾ï␀').count()).toBe(2);

    const counters = panel.getByRole('region', { name: 'Counters' });
    await expect.poll(() => counters.textContent()).toMatch(/Received\s+18 B in 2 messages/);
    await expect.poll(() => counters.textContent()).toMatch(/Sent\s+18 B in 2 messages/);
  });

  test('bad hex sends nothing and says where the problem is', async () => {
    const { page } = browser;
    const panel = await connect(page, '127.0.0.1', echo.port);
    const status = panel.getByRole('status', { name: 'Connection status' });
    await expect.poll(() => status.textContent()).toMatch(/Connected/);
    await panel.getByLabel('Input format').selectOption({ label: 'Hex' });
    await panel.getByLabel('Message').fill('48 6');
    await panel.getByRole('button', { name: 'Send', exact: true }).click();
    const alert = panel.getByRole('alert');
    await expect.poll(() => alert.textContent()).toMatch(/odd number of hex digits.*INVALID_HEX/s);
    expect(echo.received).toEqual([]);
  });

  test('a refused connection shows its error in words and its code', async () => {
    const { page } = browser;
    const port = await closedPort();
    const panel = await connect(page, '127.0.0.1', port);
    const status = panel.getByRole('status', { name: 'Connection status' });
    await expect.poll(() => status.textContent()).toMatch(/Failed: Connection refused.*\(ECONNREFUSED\)/);
  });

  test('two tabs at once, each with its own connection and log', async () => {
    const { page } = browser;
    const other = await startEchoServer();
    try {
      const first = await connect(page, '127.0.0.1', echo.port);
      await expect.poll(() => first.getByRole('status', { name: 'Connection status' }).textContent()).toMatch(/Connected/);
      await first.getByLabel('Message').fill('first');
      await first.getByRole('button', { name: 'Send', exact: true }).click();
      await expect.poll(() => Buffer.concat(echo.received).toString()).toBe('first');

      const second = await connect(page, '127.0.0.1', other.port);
      await expect.poll(() => second.getByRole('status', { name: 'Connection status' }).textContent()).toMatch(/Connected/);
      await second.getByLabel('Message').fill('second');
      await second.getByRole('button', { name: 'Send', exact: true }).click();
      await expect.poll(() => Buffer.concat(other.received).toString()).toBe('second');
      await second.getByRole('region', { name: 'Traffic' }).getByLabel('View').selectOption({ label: 'Text' });
      await expect.poll(() => second.getByRole('region', { name: 'Traffic' }).getByText('second').count()).toBe(2);
      expect(await second.getByRole('region', { name: 'Traffic' }).getByText('first').count()).toBe(0);

      const tabs = page.getByRole('tab');
      await expect.poll(() => tabs.count()).toBe(2);
      await tabs.nth(0).click();
      const back = page.getByRole('tabpanel');
      await back.getByRole('region', { name: 'Traffic' }).getByLabel('View').selectOption({ label: 'Text' });
      await expect.poll(() => back.getByRole('region', { name: 'Traffic' }).getByText('first').count()).toBe(2);
      expect(Buffer.concat(echo.received).toString()).toBe('first');

      // Closing a tab closes its socket: that peer sees its connection end, the other does not.
      await page.getByTitle(/^Close .* \(Delete\)$/).nth(1).click();
      await expect.poll(() => other.ended()).toBe(1);
      await expect.poll(() => tabs.count()).toBe(1);
      expect(echo.ended()).toBe(0);
    } finally {
      await other.close();
    }
  });
});
