// End to end: "Send file…" in Chromium through web mode. The file is picked with the browser's
// file chooser, read a piece at a time in the page, and arrives at a real TCP peer byte for byte.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { haveChromium, openTab, useWebModePage } from './harness.js';

describe.skipIf(!haveChromium)('send file, end to end in Chromium through web mode', () => {
  const browser = useWebModePage();
  let server: Server;
  let received: Buffer[] = [];
  const sockets: Socket[] = [];

  beforeEach(async () => {
    received = [];
    server = createServer((socket) => {
      sockets.push(socket);
      socket.on('data', (chunk: Buffer) => received.push(chunk));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('a 3 MiB file chosen in the browser arrives at the peer byte for byte', async () => {
    const { page } = browser;
    const port = (server.address() as { port: number }).port;
    const panel = await openTab(page, 'TCP client');
    await panel.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await panel.getByLabel('Port', { exact: true }).fill(String(port));
    await panel.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => panel.getByRole('status', { name: 'Connection status' }).textContent()).toMatch(/^Connected/);

    const file = randomBytes(3 * 1024 * 1024);
    await panel.getByText('Send file…').click();
    await panel.getByLabel('File to send').setInputFiles({ name: 'image.bin', mimeType: 'application/octet-stream', buffer: file });
    await panel.getByRole('button', { name: 'Send file' }).click();
    await expect.poll(() => panel.getByRole('status', { name: 'File send' }).textContent(), { timeout: 30_000 }).toBe('Sent image.bin (3.0 MiB).');
    await expect.poll(() => received.reduce((n, c) => n + c.byteLength, 0)).toBe(file.byteLength);
    expect(createHash('sha256').update(Buffer.concat(received)).digest('hex')).toBe(createHash('sha256').update(file).digest('hex'));
  });
});
