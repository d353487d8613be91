#!/usr/bin/env node
// `wirebench` (package.json "bin"; `npx wirebench` in a checkout): builds the command line's
// bundle on first use, or again when a source file is newer (as `npm run web` builds what it
// needs), then runs it. Build output goes to dist/; the native addon is copied beside it.
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = path.join(root, 'dist/cli/wirebench.cjs');
const addonBuilt = path.join(root, 'src-main/native/build/Release/wirebench_native.node');
const addonOut = path.join(root, 'dist/native/wirebench_native.node');

/** The newest modification time of the files under `dir`. */
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'build' && e.name !== 'node_modules') t = Math.max(t, newest(p));
    } else if (e.name.endsWith('.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

const stale = !existsSync(bundle) || (existsSync(path.join(root, 'src-main')) && newest(path.join(root, 'src-main')) > statSync(bundle).mtimeMs);
if (stale) {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    process.stderr.write('wirebench: INTERNAL: dist/cli/wirebench.cjs is not built and esbuild is missing: run "npm install" first.\n');
    process.exit(3);
  }
  const pkg = JSON.parse((await import('node:fs')).readFileSync(path.join(root, 'package.json'), 'utf8'));
  await esbuild.build({
    entryPoints: [path.join(root, 'src-main/cli/wirebench.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    external: Object.keys(pkg.dependencies ?? {}),
  });
}
if (existsSync(addonBuilt) && (!existsSync(addonOut) || statSync(addonBuilt).mtimeMs > statSync(addonOut).mtimeMs)) {
  mkdirSync(path.dirname(addonOut), { recursive: true });
  copyFileSync(addonBuilt, addonOut);
}
createRequire(import.meta.url)(bundle);
