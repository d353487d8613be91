// End to end: the built renderer and web mode (dist/), driven in Debian's Chromium by
// playwright-core. Real UI, real router, real engine, real sockets on loopback.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Outside CI a missing Chromium skips the e2e tests; under CI=true it is a failure. */
export const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI === 'true') {
  throw new Error(`Chromium is required under CI=true but ${CHROMIUM} is missing (apt-get install chromium).`);
}

export function ensureBuilt(): void {
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

/** Starts `node dist/main/web.cjs --port 0` and waits for its one line. */
export async function startWebMode(extraArgs: string[] = []): Promise<WebMode> {
  ensureBuilt();
  const child = spawn(process.execPath, ['dist/main/web.cjs', '--port', '0', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
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
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
}

/** Collects console errors and CSP violations so a spec can assert there were none. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(String(err)));
  return errors;
}
