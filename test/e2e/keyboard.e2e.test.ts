// The keyboard alone, end to end in Chromium through web mode: a new tab (Tab to "New
// connection", Enter: the browser keeps Ctrl+T for itself), a TCP server
// chosen and filled with Tab and typing, Listen with Enter, a message sent with Ctrl+Enter to all
// clients... no mouse at all; a client on loopback sees the bytes, and the log shows them.
import { connect as netConnect, type Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { haveChromium, portFromStatus, useWebModePage } from './harness.js';

const sockets: Socket[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.destroy();
});

describe.skipIf(!haveChromium)('the keyboard alone, end to end in Chromium through web mode', () => {
  const browser = useWebModePage();

  test('open a server tab, listen, answer a client and find the answer in the log without the mouse', async () => {
    const { page } = browser;
    // The page is ready for input once the sessions and the workspace are in.
    await page.locator('.app[data-ready="true"]').waitFor();
    const focused = (): Promise<string> => page.evaluate(() => `${document.activeElement?.tagName ?? ''} ${document.activeElement?.id ?? ''} ${document.activeElement?.textContent?.trim().slice(0, 40) ?? ''}`);
    for (let i = 0; i < 10 && !/^BUTTON .*New connection/.test(await focused()); i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const panel = page.getByRole('tabpanel');
    await expect.poll(() => page.getByRole('tab').count(), { timeout: 5000 }).toBe(1);
    // The new tab's first field has focus; the kind chooser is one Shift+Tab back... or more.
    await expect.poll(focused).toMatch(/-host /);
    for (let i = 0; i < 10 && !(await focused()).match(/^SELECT .*-kind/); i++) await page.keyboard.press('Shift+Tab');
    expect(await focused()).toMatch(/^SELECT .*-kind/);
    // The kind by keyboard: TCP server is the option after TCP client.
    await page.keyboard.press('ArrowDown');
    // The tab's session is replaced by one of the new kind, which takes a moment.
    await expect.poll(() => panel.getByLabel('Local port').count(), { timeout: 5000 }).toBe(1);

    await panel.getByLabel('Local address').focus();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('127.0.0.1');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('0');
    await page.keyboard.press('Enter');
    const port = await portFromStatus(panel, /Listening on 127\.0\.0\.1:(\d+)/);

    const client: Socket = await new Promise((resolve) => {
      const s = netConnect({ host: '127.0.0.1', port }, () => resolve(s));
      sockets.push(s);
    });
    let received = '';
    client.on('data', (d: Buffer) => (received += d.toString()));
    await expect.poll(() => panel.getByRole('region', { name: 'Clients' }).textContent()).toContain('1 open');

    await panel.getByLabel('Message', { exact: true }).focus();
    await page.keyboard.type('hello from the keyboard');
    // Send to all: Tab to it, Enter.
    await page.getByRole('button', { name: 'Send to all' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => received).toBe('hello from the keyboard');

    // The log: Ctrl+F, type, Enter finds it.
    await page.keyboard.press('Control+f');
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.getAttribute('aria-label') ?? (document.activeElement as HTMLElement | null)?.id ?? '')).toMatch(/Find|find/);
    await page.keyboard.type('keyboard');
    await page.keyboard.press('Enter');
    await expect.poll(() => panel.getByRole('region', { name: 'Traffic' }).getByRole('status').first().textContent()).toMatch(/Match 1 of 1/);
  });
});
