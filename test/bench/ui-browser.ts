// The UI benchmark's setup: the renderer and web mode built from the current source into a
// private folder (dist/ may be stale or in use by e2e runs), web mode started from that build
// like the e2e harness does, and Debian's Chromium with the e2e flags. Loopback only.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { build as esbuild } from 'esbuild';
import type { Browser } from 'playwright-core';
import { build as viteBuild } from 'vite';
import { CHROMIUM, launchHeadlessChromium } from '../helpers/chromium.js';
import { within } from '../helpers/net.js';

/** Builds dist-like output into `dir`: dir/renderer (Vite) and dir/main/web.cjs (esbuild). */
export async function buildWebMode(root: string, dir: string): Promise<string> {
  await viteBuild({
    configFile: join(root, 'vite.config.ts'),
    root: join(root, 'src-renderer'),
    logLevel: 'error',
    build: { outDir: join(dir, 'renderer'), emptyOutDir: true },
  });
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const out = join(dir, 'main', 'web.cjs');
  await esbuild({
    entryPoints: [join(root, 'src-main/web/cli.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: Object.keys(pkg.dependencies ?? {}),
    logLevel: 'error',
  });
  return out;
}

export interface WebMode {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts web mode (`node web.cjs --port 0`) and waits for the one line with its URL. Its
 * workspace goes in a "data" folder beside the spill folder, never the user's own.
 */
export async function startWebMode(webCjs: string, spillDir: string): Promise<WebMode> {
  const dataDir = join(dirname(spillDir), 'data');
  const child = spawn(process.execPath, [webCjs, '--port', '0', '--spill-dir', spillDir, '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const stop = (): Promise<void> =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  const line = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (first) => {
      const m = /^Wirebench web UI: (http:\/\/\S+\/\?token=\S+)$/.exec(first);
      if (m?.[1]) resolve(m[1]);
      else reject(new Error(`unexpected first line from web mode: ${JSON.stringify(first)}`));
    });
    child.once('exit', (code) => reject(new Error(`web mode exited ${code}: ${stderr.trim()}`)));
  });
  try {
    const url = await within(line, 20_000, 'web mode did not print its URL');
    return { url, process: child, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is needed at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  return launchHeadlessChromium({ timeout: 30_000 });
}
