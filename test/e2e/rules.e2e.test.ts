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
  });
});
