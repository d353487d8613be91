// Accessibility in Chromium through web mode: axe-core finds no serious or critical violation on
// the main screens (a client tab, a server tab with Options and Rules open, the Library with a
// sequence editor, Settings, the Save log form), in the light and the dark theme.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { haveChromium, openTab, useWebModePage } from './harness.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Serious and critical violations on the page as it is, in words. */
async function violations(page: Page): Promise<string[]> {
  // Evaluated through DevTools, which the page's CSP (no inline script) rightly does not allow as a tag.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe.skipIf(!haveChromium)('accessibility (axe-core), end to end in Chromium through web mode', () => {
  const browser = useWebModePage();

  test('the main screens have no serious or critical violations, light and dark', async () => {
    const { page } = browser;
    const client = await openTab(page, 'TCP client');
    expect(await violations(page)).toEqual([]);

    const server = await openTab(page, 'TCP server');
    await server.locator('summary', { hasText: /^Options$/ }).click();
    const rules = server.getByRole('region', { name: 'Rules' });
    await rules.locator('summary').click();
    await rules.getByRole('button', { name: 'Add rule' }).click();
    await server.getByRole('region', { name: 'Traffic' }).getByRole('button', { name: 'Save log…' }).click();
    expect(await violations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Library' }).click();
    await page.getByRole('button', { name: 'New sequence' }).click();
    const ask = page.getByRole('group', { name: 'New sequence' });
    await ask.getByLabel('Name').fill('a11y');
    await ask.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Settings' }).click();
    expect(await violations(page)).toEqual([]);

    await page.getByRole('dialog', { name: 'Settings' }).getByLabel('Theme').selectOption({ label: 'Dark' });
    expect(await violations(page)).toEqual([]);
    void client;
  });
});
