// End to end in Chromium through web mode: a reply rule added in the UI answers a real client,
// and a rule with a broken pattern says where and stays off.
import { connect as netConnect, type Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { haveChromium, openTab, portFromStatus, useWebModePage } from './harness.js';

const sockets: Socket[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.destroy();
});

describe.skipIf(!haveChromium)('reply rules, end to end in Chromium through web mode', () => {
  const browser = useWebModePage();

  test('a regex rule added in the UI answers a loopback client with its capture', async () => {
    const { page } = browser;
    const panel = await openTab(page, 'TCP server');
    await panel.getByLabel('Local address').fill('127.0.0.1');
    await panel.getByLabel('Local port').fill('0');

    const rules = panel.getByRole('region', { name: 'Rules' });
    await rules.locator('summary').click();
    await rules.getByRole('button', { name: 'Add rule' }).click();
    const rule = rules.getByRole('group', { name: 'Rule 1' });
    await rule.getByLabel('When').selectOption({ label: 'Matches regex' });
    // A mistake first: it is named with its position, and the rule stays off.
    await rule.getByLabel('Pattern', { exact: true }).fill('^hello (\\w+');
    await expect.poll(() => rule.getByRole('alert').textContent()).toMatch(/invalid at position 8: Unterminated group/);
    await rule.getByLabel('Pattern', { exact: true }).fill('^hello (\\w+)');
    await expect.poll(() => rule.getByRole('alert').count()).toBe(0);
    await rule.getByLabel('Reply', { exact: true }).fill('hi $1\\n');
    await rules.getByRole('button', { name: 'Apply' }).click();

    await panel.getByRole('button', { name: 'Listen' }).click();
    const port = await portFromStatus(panel, /Listening on 127\.0\.0\.1:(\d+)/);
    const client: Socket = await new Promise((resolve) => {
      const s = netConnect({ host: '127.0.0.1', port }, () => resolve(s));
      sockets.push(s);
    });
    let received = '';
    client.on('data', (d: Buffer) => (received += d.toString()));
    client.write('hello world');
    await expect.poll(() => received).toBe('hi world\n');
    await expect.poll(() => rule.textContent()).toContain('1 hit');
    // The reply is in the log, marked with the rule that sent it.
    const traffic = panel.getByRole('region', { name: 'Traffic' });
    await traffic.getByLabel('View').selectOption({ label: 'Text' });
    const replyRow = traffic.getByRole('row').filter({ hasText: '[rule 1]' });
    await expect.poll(() => replyRow.count()).toBe(1);
    expect(await replyRow.textContent()).toContain('hi world');
  });
});

describe.skipIf(!haveChromium)('sequences, end to end in Chromium through web mode', () => {
  const browser = useWebModePage();

  test('a sequence made in the library runs on the tab and passes', async () => {
    const { page } = browser;
    const { createServer } = await import('node:net');
    const echo = createServer((s) => {
      sockets.push(s);
      s.on('error', () => {});
      s.pipe(s);
    });
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (echo.address() as { port: number }).port;
      const panel = await openTab(page, 'TCP client');
      await panel.getByLabel('Host').fill('127.0.0.1');
      await panel.getByLabel('Port', { exact: true }).fill(String(port));
      await panel.getByRole('button', { name: 'Connect' }).click();
      await portFromStatus(panel, /Connected.*127\.0\.0\.1:(\d+)/);

      await page.getByRole('button', { name: 'Library' }).click();
      await page.getByRole('button', { name: 'New sequence' }).click();
      const ask = page.getByRole('group', { name: 'New sequence' });
      await ask.getByLabel('Name').fill('echo check');
      await ask.getByRole('button', { name: 'Save' }).click();
      const editor = page.getByRole('group', { name: 'Sequence' });
      await editor.getByRole('listitem', { name: 'Step 1' }).getByLabel('Payload').fill('hello {{counter}}\\n');
      await editor.getByRole('button', { name: 'Add step' }).click();
      const expectStep = editor.getByRole('listitem', { name: 'Step 2' });
      await expectStep.getByLabel('Step').selectOption({ label: 'Expect' });
      await expectStep.getByLabel('When').selectOption('regex');
      await expectStep.getByLabel('Pattern').fill('^hello (\\d+)');
      await expectStep.getByLabel('Capture as').fill('n');
      await editor.getByRole('button', { name: 'Save' }).click();

      await page.getByRole('list', { name: 'Sequences' }).getByRole('button', { name: 'Run sequence' }).click();
      const sequence = panel.getByRole('region', { name: 'Sequence' });
      await expect.poll(() => sequence.getByRole('status').textContent()).toMatch(/^Passed in \d+ ms$/);
      // What each step sent or matched is marked in the log.
      const traffic = panel.getByRole('region', { name: 'Traffic' });
      await traffic.getByLabel('View').selectOption({ label: 'Text' });
      for (const step of [1, 2]) await expect.poll(() => traffic.getByRole('row').filter({ hasText: `[step ${step}] hello 1` }).count()).toBe(1);
    } catch (err) {
      await page.screenshot({ path: '/tmp/seq-fail.png', fullPage: true });
      throw err;
    } finally {
      for (const s of sockets.splice(0)) s.destroy();
      await new Promise<void>((r) => echo.close(() => r()));
    }
  });
});
