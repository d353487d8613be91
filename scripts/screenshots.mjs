// `npm run screenshots`: the README's pictures, taken from the real app (web mode in Chromium)
// against loopback peers, so they follow the UI instead of being drawn by hand. Writes
// docs/screenshots/*.png: a TCP server tab with three clients and traffic (hex view), the same
// traffic as text, a reply rule answering, a sequence run from the library, the dark theme, and
// the server and the library again in 简体中文.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = path.join(root, 'docs', 'screenshots');
const data = mkdtempSync(path.join(tmpdir(), 'wirebench-shots-'));
mkdirSync(out, { recursive: true });

const build = spawn(process.execPath, [path.join(root, 'scripts/build.mjs'), '--quiet'], { stdio: 'inherit' });
if ((await new Promise((r) => build.on('exit', r))) !== 0) process.exit(1);

const web = spawn(process.execPath, [path.join(root, 'dist/main/web.cjs'), '--port', '0', '--data-dir', data], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve) => createInterface({ input: web.stdout }).once('line', (l) => resolve(l.replace(/^Wirebench web UI: /, ''))));
const sockets = [];
let zhBrowser = null;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
const until = async (check, what) => {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`screenshots: ${what} never happened`);
};

try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, colorScheme: 'light' });
  await page.goto(url);
  const shot = (name) => page.screenshot({ path: path.join(out, `${name}.png`) });

  // A server tab with three clients talking to it.
  await page.getByRole('button', { name: 'New connection' }).click();
  const panel = page.getByRole('tabpanel');
  await panel.getByLabel('Kind').selectOption({ label: 'TCP server' });
  await panel.getByLabel('Local address').fill('127.0.0.1');
  await panel.getByLabel('Local port').fill('0');
  const rules = panel.getByRole('region', { name: 'Rules' });
  await rules.locator('summary').click();
  await rules.getByRole('button', { name: 'Add rule' }).click();
  const rule = rules.getByRole('group', { name: 'Rule 1' });
  await rule.getByLabel('When').selectOption({ label: 'Matches regex' });
  await rule.getByLabel('Pattern', { exact: true }).fill('^GET (\\w+)');
  await rule.getByLabel('Reply', { exact: true }).fill('VALUE $1 = 42\\r\\n');
  await rules.getByRole('button', { name: 'Apply' }).click();
  await panel.getByRole('button', { name: 'Listen' }).click();
  const status = panel.getByRole('status', { name: 'Connection status' });
  await until(async () => /Listening on 127\.0\.0\.1:\d+/.test((await status.textContent()) ?? ''), 'listening');
  const port = Number(/127\.0\.0\.1:(\d+)/.exec((await status.textContent()) ?? '')[1]);
  const lines = [
    ['GET temperature\r\n', 'HELLO sensor-1\r\n'],
    ['GET pressure\r\n', Buffer.from([0x01, 0x03, 0x00, 0x00, 0x00, 0x0a, 0xc5, 0xcd])],
    ['GET humidity\r\n', 'PING\r\n'],
  ];
  for (const [first, second] of lines) {
    const s = connect({ host: '127.0.0.1', port });
    sockets.push(s);
    s.on('data', () => {});
    await new Promise((r) => s.once('connect', r));
    s.write(second);
    await new Promise((r) => setTimeout(r, 30));
    s.write(first);
  }
  const counters = panel.getByRole('region', { name: 'Counters' });
  await until(async () => /Sent \d+ B/.test((await counters.textContent()) ?? '') && !/Sent 0 B/.test((await counters.textContent()) ?? ''), 'the rule answered');
  await shot('server-hex');

  const traffic = panel.getByRole('region', { name: 'Traffic' });
  await traffic.getByLabel('View').selectOption({ label: 'Text' });
  await shot('server-text');

  // The library with a sequence, run on a client tab against an echo server.
  const echo = createServer((s) => s.pipe(s)).listen(0, '127.0.0.1');
  await new Promise((r) => echo.once('listening', r));
  await page.getByRole('button', { name: 'New connection' }).click();
  const client = page.getByRole('tabpanel');
  await client.getByLabel('Host').fill('127.0.0.1');
  await client.getByLabel('Port', { exact: true }).fill(String(echo.address().port));
  await client.getByRole('button', { name: 'Connect' }).click();
  await until(async () => /Connected/.test((await client.getByRole('status', { name: 'Connection status' }).textContent()) ?? ''), 'connected');
  await page.getByRole('button', { name: 'Library' }).click();
  await page.getByRole('button', { name: 'New sequence' }).click();
  const ask = page.getByRole('group', { name: 'New sequence' });
  await ask.getByLabel('Name').fill('Login handshake');
  await ask.getByRole('button', { name: 'Save' }).click();
  const editor = page.getByRole('group', { name: 'Sequence' });
  await editor.getByRole('listitem', { name: 'Step 1' }).getByLabel('Payload').fill('LOGIN admin {{counter}}\\n');
  await editor.getByRole('button', { name: 'Add step' }).click();
  const step2 = editor.getByRole('listitem', { name: 'Step 2' });
  await step2.getByLabel('Step').selectOption({ label: 'Expect' });
  await step2.getByLabel('When').selectOption('regex');
  await step2.getByLabel('Pattern').fill('^LOGIN (\\w+)');
  await step2.getByLabel('Capture as').fill('user');
  await editor.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('list', { name: 'Sequences' }).getByRole('button', { name: 'Run sequence' }).click();
  const sequence = client.getByRole('region', { name: 'Sequence' });
  await until(async () => /^Passed in \d+ ms$/.test((await sequence.getByRole('status').textContent()) ?? ''), 'the sequence passed');
  await until(async () => (await client.getByText('2 entries').count()) === 1, 'the echo listed');
  await shot('library-sequence');
  echo.close();

  // The same server tab in the dark theme.
  await page.getByRole('tab').first().click();
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('dialog', { name: 'Settings' }).getByLabel('Theme').selectOption({ label: 'Dark' });
  await page.getByRole('button', { name: 'Close settings' }).click();
  await page.keyboard.press('Control+b');
  await shot('server-dark');

  // The same in 简体中文 (Settings > Language), light again, in a browser whose own words
  // (the file chooser's button) are Chinese too.
  await page.getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByLabel('Theme').selectOption('light');
  await settings.getByLabel('Language').selectOption('zh-CN');
  await until(async () => (await page.getByRole('dialog', { name: '设置' }).count()) === 1, 'Chinese');
  zhBrowser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--lang=zh-CN'] });
  const zhContext = await zhBrowser.newContext({ viewport: { width: 1280, height: 1000 }, colorScheme: 'light', locale: 'zh-CN' });
  const zh = await zhContext.newPage();
  await zh.goto(url);
  await until(async () => (await zh.getByRole('tab').count()) === 2, 'the tabs in 简体中文');
  await zh.getByRole('tab').first().click();
  await zh.getByRole('tabpanel').getByRole('region', { name: '流量' }).getByLabel('视图').selectOption('hex');
  await zh.screenshot({ path: path.join(out, 'server-zh.png') });
  await zh.getByRole('tab').nth(1).click();
  await zh.keyboard.press('Control+b');
  await zh.screenshot({ path: path.join(out, 'library-sequence-zh.png') });
  console.log(`docs/screenshots: server-hex.png, server-text.png, library-sequence.png, server-dark.png, server-zh.png, library-sequence-zh.png`);
} finally {
  for (const s of sockets) s.destroy();
  await browser.close();
  await zhBrowser?.close();
  web.kill('SIGTERM');
  rmSync(data, { recursive: true, force: true });
}
