// End to end in Chromium through web mode: messages instead of chunks. A line-framed TCP server
// shows one entry per line however the lines are split; GBK text reads as Chinese; a send with
// "Append checksum" arrives with the checksum; Find reaches an entry in the spilled part of a log.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, connect as netConnect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { haveChromium, openTab, portFromStatus, useWebModePage } from './harness.js';

const sockets: Socket[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.destroy();
});

function connectClient(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.setNoDelay(true);
    socket.once('error', reject);
    sockets.push(socket);
  });
}

async function listenOnAnyPort(panel: Locator): Promise<number> {
  await panel.getByLabel('Local address').fill('127.0.0.1');
  await panel.getByLabel('Local port').fill('0');
  await panel.getByRole('button', { name: 'Listen' }).click();
  return portFromStatus(panel, /Listening on 127\.0\.0\.1:(\d+)/);
}

/** Opens "Receiving" and picks a framing mode (applied at once). */
async function frameLines(panel: Locator, keepDelimiter: boolean): Promise<void> {
  const receiving = panel.getByRole('region', { name: 'Receiving' });
  await receiving.getByText('Receiving').click();
  await receiving.getByLabel('Framing').selectOption({ label: 'Delimiter' });
  await receiving.getByLabel('Delimiter', { exact: true }).fill('\\n');
  await receiving.getByLabel('Delimiter', { exact: true }).press('Enter');
  if (!keepDelimiter) await receiving.getByLabel('Keep delimiter').uncheck();
  await expect.poll(() => receiving.locator('summary').textContent()).toContain('Framing: Delimiter');
}

describe.skipIf(!haveChromium)('messages, end to end in Chromium through web mode', () => {
  const browser = useWebModePage();

  test('a line-framed TCP server shows one entry per line, whatever the chunks; GBK reads as Chinese', async () => {
    const { page } = browser;
    const panel = await openTab(page, 'TCP server');
    // Framing is set before listening, as a user does.
    await frameLines(panel, false);
    const port = await listenOnAnyPort(panel);
    const client = await connectClient(port);
    const traffic = panel.getByRole('region', { name: 'Traffic' });
    await traffic.getByLabel('View').selectOption({ label: 'Text' });

    // Lines split at odd places, each piece sent once the one before has been received.
    const counters = panel.getByRole('region', { name: 'Counters' });
    const pieces = ['al', 'pha\nbe', 'ta', '\ngam', 'ma\n'];
    let total = 0;
    for (const piece of pieces) {
      client.write(piece);
      total += piece.length;
      await expect.poll(() => counters.textContent()).toContain(`Received ${total} B`);
    }
    const rows = traffic.getByRole('row');
    await expect.poll(() => traffic.getByText('3 entries').count()).toBe(1);
    for (const line of ['alpha', 'beta', 'gamma']) {
      await expect.poll(() => rows.filter({ hasText: new RegExp(`^\\d+.*${line}$`) }).count()).toBe(1);
    }

    // GBK bytes, shown in GB18030 as the characters they are.
    client.write(Buffer.from([0xc4, 0xe3, 0xba, 0xc3, 0x0a]));
    await expect.poll(() => traffic.getByText('4 entries').count()).toBe(1);
    await traffic.getByLabel('Encoding').selectOption({ label: 'GB18030 (GBK)' });
    await expect.poll(() => rows.filter({ hasText: '你好' }).count()).toBe(1);

    // A tail left when the client goes is logged as an incomplete frame.
    client.end('tail');
    await expect.poll(() => rows.filter({ hasText: '[incomplete] tail' }).count()).toBe(1);
  });

  test('"Append checksum" sends a Modbus RTU request with its CRC, low byte first', async () => {
    const { page } = browser;
    const received: Buffer[] = [];
    const server: Server = createServer((s) => {
      sockets.push(s);
      s.on('data', (d: Buffer) => received.push(d));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (server.address() as { port: number }).port;
      const panel = await openTab(page, 'TCP client');
      await panel.getByLabel('Host').fill('127.0.0.1');
      await panel.getByLabel('Port', { exact: true }).fill(String(port));
      await panel.getByRole('button', { name: 'Connect' }).click();
      await portFromStatus(panel, /Connected.*127\.0\.0\.1:(\d+)/);

      const composer = panel.locator('form.composer');
      await composer.getByLabel('Input format').selectOption({ label: 'Hex' });
      await composer.getByLabel('Message').fill('01 03 00 00 00 0A');
      await composer.getByLabel('Append checksum').selectOption({ label: 'CRC-16/MODBUS' });
      // Modbus sends its CRC low byte first: the byte order follows the choice.
      await expect.poll(() => composer.getByLabel('Checksum byte order').inputValue()).toBe('little');
      await composer.getByRole('button', { name: 'Send', exact: true }).click();
      await expect.poll(() => Buffer.concat(received).toString('hex')).toBe('01030000000ac5cd');

      // A range that does not parse is refused in words, and nothing is sent.
      await composer.getByLabel('From byte').fill('x');
      await composer.getByRole('button', { name: 'Send', exact: true }).click();
      await expect.poll(() => composer.getByRole('alert').first().textContent()).toMatch(/Append checksum: Enter a whole number/);
      expect(Buffer.concat(received).length).toBe(8);
    } finally {
      for (const s of sockets.splice(0)) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe.skipIf(!haveChromium)('Find in a spilled log, end to end in Chromium through web mode', () => {
  let spillDir = '';
  beforeAll(async () => {
    spillDir = await mkdtemp(join(tmpdir(), 'wb-e2e-find-'));
  });
  afterAll(async () => {
    await rm(spillDir, { recursive: true, force: true });
  });
  // A 1 MiB memory budget: a 6 MB log keeps its first entries only in the spill file.
  const browser = useWebModePage(() => ['--spill-dir', spillDir, '--log-memory-mib', '1']);

  test('Find goes to a match in the spilled part and marks it in the entry detail', async () => {
    const { page } = browser;
    const panel = await openTab(page, 'TCP server');
    await frameLines(panel, true);
    const port = await listenOnAnyPort(panel);
    const client = await connectClient(port);
    const lines: string[] = [];
    for (let i = 0; i < 30_000; i++) lines.push(i === 12 ? `line ${i} holds the needle-42 we want` : `line ${i} ${'x'.repeat(190)}`);
    client.write(lines.join('\n') + '\n');
    const traffic = panel.getByRole('region', { name: 'Traffic' });
    await expect.poll(() => traffic.getByText('30,000 entries').count(), { timeout: 30_000 }).toBe(1);

    await page.keyboard.press('Control+f');
    const find = panel.getByRole('search', { name: 'Find in log' });
    await find.getByLabel('Find', { exact: true }).fill('needle-42');
    await find.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => find.getByRole('status').textContent()).toMatch(/Match 1 of 1/);
    const detail = panel.getByRole('region', { name: 'Entry detail' });
    await expect.poll(() => detail.textContent()).toContain('Entry 12');
    await expect.poll(() => detail.locator('mark').count()).toBe(1);

    // A regex with a mistake is refused with where the mistake is.
    await find.getByLabel('Find as').selectOption({ label: 'Regex' });
    await find.getByLabel('Find', { exact: true }).fill('needle-(42');
    await find.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => find.getByRole('alert').textContent()).toMatch(/invalid at position 8: Unterminated group/);
  });
});
