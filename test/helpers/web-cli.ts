// `npm run web`'s CLI bundled the way the build bundles it, for tests that run it in its own
// process: built once per test file (beforeAll) with a stub page, removed after. The bundle
// lives in a temp folder, so its external packages are found through NODE_PATH (webCliEnv).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll } from 'vitest';

/** The stub page the bundle serves (index.html). */
export const STUB_INDEX = '<!doctype html><title>Wirebench web test</title>';

export interface BundledWebCli {
  /** The folder everything is in. */
  readonly dir: string;
  /** main/web.cjs */
  readonly script: string;
  /** For --renderer: holds STUB_INDEX as index.html. */
  readonly rendererDir: string;
}

export function useBundledWebCli(): BundledWebCli {
  const cli = { dir: '', script: '', rendererDir: '' };
  beforeAll(async () => {
    cli.dir = await mkdtemp(path.join(tmpdir(), 'wirebench-cli-'));
    cli.script = path.join(cli.dir, 'main', 'web.cjs');
    cli.rendererDir = path.join(cli.dir, 'renderer');
    await mkdir(cli.rendererDir, { recursive: true });
    await writeFile(path.join(cli.rendererDir, 'index.html'), STUB_INDEX);
    await build({ entryPoints: ['src-main/web/cli.ts'], outfile: cli.script, bundle: true, platform: 'node', format: 'cjs', packages: 'external', logLevel: 'silent' });
  });
  afterAll(() => rm(cli.dir, { recursive: true, force: true }));
  return cli;
}

/** The environment the bundle runs in: this checkout's node_modules for its external packages. */
export function webCliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, NODE_PATH: path.resolve('node_modules'), ...extra };
}
