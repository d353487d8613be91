import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { haveChromium, openTab, useWebModePage } from './harness.js';

/** A TCP peer on loopback that accepts and holds connections. */
async function startPeer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
  };
}

// Linux doubles a buffer size that is set (for its bookkeeping) and reads the double back.
describe.skipIf(!haveChromium || process.platform !== 'linux')('Socket options, end to end in Chromium through web mode', () => {
  const browser = useWebModePage();
  let peer: Awaited<ReturnType<typeof startPeer>>;

  beforeEach(async () => {
    peer = await startPeer();
  });
  afterEach(async () => {
    await peer.close();
  });

  test('a TCP client sets SO_RCVBUF to 65536 and reads back 131072 bytes, by name and by number; an unknown option says ENOPROTOOPT', async () => {
    const { page } = browser;
    const panel = await openTab(page, 'TCP client');
    await panel.getByLabel('Host').fill('127.0.0.1');
    await panel.getByLabel('Port', { exact: true }).fill(String(peer.port));
    await panel.getByRole('button', { name: 'Connect' }).click();
    const status = panel.getByRole('status', { name: 'Connection status' });
    await expect.poll(() => status.textContent()).toMatch(/^Connected/);

    const options = panel.getByRole('region', { name: 'Socket options' });
    await options.getByText('Socket options', { exact: true }).click();
    const option = options.getByLabel('Option', { exact: true });
    // Only the names this OS has are offered; Linux has them all.
    await expect.poll(() => option.locator('option').count()).toBeGreaterThan(30);
    await option.selectOption('SO_RCVBUF');
    await options.getByLabel('Value', { exact: true }).fill('65536');
    await options.getByRole('button', { name: 'Set', exact: true }).click();
    const reading = options.getByRole('status', { name: 'Socket option reading' });
    await expect.poll(() => reading.textContent()).toContain('131072 bytes');
    expect(await reading.textContent()).toContain('00 00 02 00');

    // The same option by level and number (SOL_SOCKET 1, SO_RCVBUF 8 on Linux), as raw bytes.
    await options.getByRole('radio', { name: 'Level and number' }).check();
    await options.getByLabel('Level', { exact: true }).fill('1');
    await options.getByLabel('Option number').fill('8');
    await options.getByRole('button', { name: 'Get', exact: true }).click();
    await expect.poll(() => reading.textContent()).toContain('level 1, option 8');
    expect(await reading.textContent()).toMatch(/Raw bytes\s*00 00 02 00/);

    await options.getByLabel('Option number').fill('99999');
    await options.getByRole('button', { name: 'Get', exact: true }).click();
    await expect.poll(() => options.getByRole('alert').textContent()).toContain('(ENOPROTOOPT)');
  });
});
