// End to end: web mode restarted on the same --data-dir, in Chromium. The tabs, their fields, the
// composer's text, the selected tab and the library (a message, a profile) come back; a corrupted workspace file is kept aside and
// reported; a read-only data folder warns and everything else keeps working.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { mountTmpfs, type Tmpfs } from '../helpers/tmpfs.js';
import { haveChromium, launchChromium, openTab, startWebMode, type WebMode } from './harness.js';

describe.skipIf(!haveChromium)('the workspace, end to end in Chromium through web mode', () => {
  let browser: Browser;
  const cleanups: (() => Promise<void> | void)[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function dataDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'wirebench-e2e-workspace-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  }

  /** Web mode on `dir` and a page at its UI; errors the page logs fail the test. */
  async function open(dir: string): Promise<{ web: WebMode; page: Page; close(): Promise<void> }> {
    const web = await startWebMode(['--data-dir', dir]);
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(String(err)));
    await page.goto(web.url);
    const close = async (): Promise<void> => {
      await context.close();
      await web.stop();
      expect(errors).toEqual([]);
    };
    cleanups.push(close);
    return { web, page, close };
  }

  test('tabs, fields, composer text and the selected tab come back after a restart', async () => {
    const dir = dataDir();
    const file = join(dir, 'workspace.json');
    const first = await open(dir);
    const tcp = await openTab(first.page, 'TCP client');
    await tcp.getByLabel('Host', { exact: true }).fill('device.example');
    await tcp.getByLabel('Port', { exact: true }).fill('502');
    await tcp.getByLabel('Input format').selectOption({ label: 'Hex' });
    await tcp.getByLabel('Message', { exact: true }).fill('01 03 00 00 00 0a');
    // The library too: a saved message and a profile.
    await tcp.getByRole('button', { name: 'Save message' }).click();
    await tcp.getByRole('group', { name: 'Save message' }).getByLabel('Name').fill('Read registers');
    await tcp.getByRole('group', { name: 'Save message' }).getByRole('button', { name: 'Save' }).click();
    await tcp.getByRole('button', { name: 'Save as profile' }).click();
    await tcp.getByRole('group', { name: 'Save as profile' }).getByLabel('Name').fill('PLC');
    await tcp.getByRole('group', { name: 'Save as profile' }).getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => (existsSync(join(dir, 'library.json')) ? readFileSync(join(dir, 'library.json'), 'utf8') : '')).toContain('"PLC"');
    const udp = await openTab(first.page, 'UDP');
    await udp.getByLabel('Local port').fill('9911');
    await first.page.getByRole('tab').first().click();
    // Saved a moment after the last change: wait for the file to say so.
    await expect
      .poll(() => (existsSync(file) ? readFileSync(file, 'utf8') : ''))
      .toMatch(/"selected": 0[\s\S]*$/);
    await expect.poll(() => readFileSync(file, 'utf8')).toContain('9911');
    await first.close();

    const second = await open(dir);
    const tabs = second.page.getByRole('tab');
    await expect.poll(() => tabs.count()).toBe(2);
    expect(await tabs.first().getAttribute('aria-selected')).toBe('true');
    const panel = second.page.getByRole('tabpanel');
    await expect.poll(() => panel.getByLabel('Host', { exact: true }).inputValue()).toBe('device.example');
    expect(await panel.getByLabel('Port', { exact: true }).inputValue()).toBe('502');
    expect(await panel.getByLabel('Message', { exact: true }).inputValue()).toBe('01 03 00 00 00 0a');
    expect(await panel.getByRole('status', { name: 'Connection status' }).textContent()).toBe('Idle');
    await tabs.nth(1).click();
    await expect.poll(() => second.page.getByRole('tabpanel').getByLabel('Local port').inputValue()).toBe('9911');

    await second.page.getByRole('button', { name: 'Library' }).click();
    const library = second.page.getByRole('complementary', { name: 'Library' });
    const message = library.getByRole('list', { name: 'Messages' }).getByRole('listitem', { name: 'Read registers' });
    await expect.poll(() => message.textContent()).toContain('hex: 01 03 00 00 00 0a');
    await library.getByRole('list', { name: 'Profiles' }).getByRole('listitem', { name: 'PLC' }).getByRole('button', { name: 'Open' }).click();
    await expect.poll(() => tabs.count()).toBe(3);
    await expect.poll(() => second.page.getByRole('tabpanel').getByLabel('Host', { exact: true }).inputValue()).toBe('device.example');
  });

  test('a corrupted workspace file is kept aside, byte for byte, and the app says so and starts empty', async () => {
    const dir = dataDir();
    const garbage = '{"version": 1, "tabs": [ {"kind": "tcp-cli';
    writeFileSync(join(dir, 'workspace.json'), garbage);
    const { page } = await open(dir);
    const notice = page.getByRole('alert', { name: 'Workspace notice' });
    await expect.poll(() => notice.textContent()).toContain('is not JSON');
    const kept = readdirSync(dir).filter((f) => f.startsWith('workspace.json.corrupt-'));
    expect(kept).toHaveLength(1);
    expect(await notice.textContent()).toContain(`It was kept as ${kept[0]} in ${dir}`);
    expect(readFileSync(join(dir, kept[0]!), 'utf8')).toBe(garbage);
    expect(await page.getByRole('tab').count()).toBe(0);
  });

  test('a read-only data folder: a warning in words, and connecting still works', async () => {
    const mounted = mountTmpfs('size=1m', 'wirebench-e2e-ro-');
    if ('problem' in mounted) {
      if (process.env.CI === 'true') throw new Error(`Under CI=true this test must run, but ${mounted.problem}.`);
      return;
    }
    const disk: Tmpfs = mounted;
    cleanups.push(() => disk.unmount());
    disk.remountReadOnly();
    const server: Server = createServer((socket) => socket.pipe(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const port = (server.address() as { port: number }).port;

    const { page } = await open(disk.dir);
    const panel = await openTab(page, 'TCP client');
    await panel.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await panel.getByLabel('Port', { exact: true }).fill(String(port));
    const warning = page.getByRole('alert', { name: 'Workspace warning' });
    await expect.poll(() => warning.textContent()).toContain('is on a read-only file system. Everything else keeps working. (EROFS)');
    await panel.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => panel.getByRole('status', { name: 'Connection status' }).textContent()).toMatch(/^Connected/);
  });
});
