// End to end: the built renderer and web mode (dist/), driven in Debian's Chromium by
// playwright-core. Real UI, real router, real engine, real sockets on loopback.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { CHROMIUM, launchHeadlessChromium } from '../helpers/chromium.js';

/** Outside CI a missing Chromium skips the e2e tests; under CI=true it is a failure. */
export const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI === 'true') {
  throw new Error(`Chromium is required under CI=true but ${CHROMIUM} is missing (apt-get install chromium).`);
}

function ensureBuilt(): void {
  if (existsSync('dist/main/web.cjs') && existsSync('dist/renderer/index.html')) return;
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build failed');
}

export interface WebMode {
  url: string;
  origin: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts `node dist/main/web.cjs --port 0` and waits for its one line. Without a --data-dir in
 * `extraArgs` it gets a fresh empty one (removed when it stops), so no test sees another's tabs
 * and none touches the user's own workspace.
 */
export async function startWebMode(extraArgs: string[] = [], env: Record<string, string> = {}): Promise<WebMode> {
  ensureBuilt();
  const ownDataDir = extraArgs.some((a) => a === '--data-dir' || a.startsWith('--data-dir=')) ? null : mkdtempSync(join(tmpdir(), 'wirebench-e2e-data-'));
  const args = ownDataDir ? [...extraArgs, '--data-dir', ownDataDir] : extraArgs;
  const child = spawn(process.execPath, ['dist/main/web.cjs', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    lines.once('line', (line) => {
      const m = /^Wirebench web UI: (http:\/\/\S+\/\?token=\S+)$/.exec(line);
      if (m?.[1]) resolve(m[1]);
      else reject(new Error(`unexpected first line from web mode: ${JSON.stringify(line)}`));
    });
    child.once('exit', (code) => reject(new Error(`web mode exited ${code}: ${stderr}`)));
  });
  return {
    url,
    origin: new URL(url).origin,
    process: child,
    stop: async () => {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
      if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return launchHeadlessChromium();
}

/** Collects console errors and CSP violations so a spec can assert there were none. */
function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(String(err)));
  return errors;
}

export interface BrowserFixture {
  web: WebMode;
  page: Page;
  /** Console errors and CSP violations seen by this test's page. */
  errors: string[];
}

/**
 * Registers the hooks every e2e file needs: one Chromium per file, and per test a fresh web
 * mode (main keeps sessions across page loads, so tabs would otherwise carry over), a fresh
 * browser context and a page at the web UI; after each test, no console error or CSP violation
 * may have been logged. Read the fields inside tests only. `webArgs` gives extra web mode
 * options, read when each test starts (e.g. a folder a beforeAll made); `contextOptions` the
 * browser context's (a locale, say).
 */
export function useWebModePage(webArgs: () => string[] = () => [], contextOptions: BrowserContextOptions = {}, env: Record<string, string> = {}): BrowserFixture {
  let browser: Browser;
  let context: BrowserContext;
  const fixture = {} as BrowserFixture;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    fixture.web = await startWebMode(webArgs(), env);
    context = await browser.newContext(contextOptions);
    fixture.page = await context.newPage();
    fixture.errors = watchPageErrors(fixture.page);
    await fixture.page.goto(fixture.web.url);
  });
  afterEach(async () => {
    const errors = fixture.errors ?? [];
    await context?.close();
    await fixture.web?.stop();
    // Every e2e test also proves the page logged no error and broke no CSP rule.
    expect(errors).toEqual([]);
  });
  return fixture;
}

/** Opens a new tab of the given kind and returns its panel. */
export async function openTab(page: Page, kind: string): Promise<Locator> {
  const tabs = page.getByRole('tab');
  const before = await tabs.count();
  await page.getByRole('button', { name: 'New connection' }).click();
  // The new tab is shown once it is listed: only then is the panel below it the new one.
  await expect.poll(() => tabs.count()).toBe(before + 1);
  const panel = page.getByRole('tabpanel');
  await panel.getByLabel('Kind').selectOption({ label: kind });
  return panel;
}

/** Waits until the status line matches `pattern` and returns its first capture group as a number. */
export async function portFromStatus(panel: Locator, pattern: RegExp): Promise<number> {
  const status = panel.getByRole('status', { name: 'Connection status' });
  await expect.poll(() => status.textContent()).toMatch(pattern);
  return Number(pattern.exec((await status.textContent()) ?? '')?.[1]);
}
