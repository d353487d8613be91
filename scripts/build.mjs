// `npm run build`: the renderer with Vite (dist/renderer), then the Node side with esbuild
// (dist/main): main.cjs and preload.cjs for Electron, web.cjs for `npm run web`.
// The native addon, when built (npm install runs scripts/build-native.mjs), is copied to
// dist/native/ beside them. Prints one line per output; exits non-zero with the reason on any error.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';
import { addonPath } from './addon-path.mjs';
import { compileMessages } from './i18n.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
// --quiet: print nothing but errors (`npm run web` prints exactly one line of its own).
const log = process.argv.includes('--quiet') ? () => {} : console.log;
process.chdir(root);
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

const nodeBundle = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // Electron's own Node is newer; node22 keeps web.cjs working on the older LTS too.
  target: 'node22',
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
};

const bundles = [
  // Everything but electron is bundled, so the app needs no node_modules at run time.
  { entry: 'src-main/main.ts', out: 'dist/main/main.cjs', external: ['electron'] },
  // A sandboxed preload may require only 'electron' (and a few polyfilled modules): it must be
  // self-contained, which onlyRequires checks below.
  { entry: 'src-main/preload.ts', out: 'dist/main/preload.cjs', external: ['electron'], onlyRequires: ['electron'] },
  // Web mode runs on plain Node from the checkout, where the dependencies are installed: they
  // stay external, so ws can pick up its optional native helpers when present.
  { entry: 'src-main/web/cli.ts', out: 'dist/main/web.cjs', external: Object.keys(pkg.dependencies ?? {}) },
  // The `wirebench` command line (bin/wirebench.mjs also builds just this one on first use).
  { entry: 'src-main/cli/wirebench.ts', out: 'dist/cli/wirebench.cjs', external: Object.keys(pkg.dependencies ?? {}) },
];

function kB(bytes) {
  return `${(bytes / 1024).toFixed(1)} kB`;
}

async function buildRenderer() {
  const result = await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => ('output' in r ? r.output : []));
  const bytes = outputs.reduce((sum, o) => sum + (o.type === 'chunk' ? Buffer.byteLength(o.code) : o.source.length), 0);
  log(`dist/renderer/index.html  ${outputs.length} files, ${kB(bytes)}`);
}

async function buildBundle({ entry, out, external, onlyRequires }) {
  const result = await esbuild({ ...nodeBundle, entryPoints: [entry], outfile: out, external });
  const output = result.metafile.outputs[out];
  if (!output) throw new Error(`esbuild wrote no ${out}`);
  if (onlyRequires) {
    const extra = output.imports.filter((i) => i.external && !onlyRequires.includes(i.path)).map((i) => i.path);
    if (extra.length > 0) {
      throw new Error(`${out} requires ${extra.join(', ')}; a sandboxed preload may only require ${onlyRequires.join(', ')}`);
    }
  }
  log(`${out}  ${kB(output.bytes)}`);
}

/** esbuild's and rolldown's errors carry a list; their message is only "Build failed with N errors". */
function describeError(err) {
  const list = err && Array.isArray(err.errors) ? err.errors : [];
  const texts = list.map((e) => (typeof e?.text === 'string' ? e.text : typeof e?.message === 'string' ? e.message : ''));
  if (texts.some(Boolean)) return texts.filter(Boolean).join('\n');
  return err instanceof Error ? err.message : String(err);
}

async function step(label, run) {
  try {
    await run();
  } catch (err) {
    console.error(`build failed (${label}): ${describeError(err)}`);
    process.exit(1);
  }
}

await step('messages', compileMessages);
await step('renderer', buildRenderer);
rmSync('dist/main', { recursive: true, force: true });
for (const bundle of bundles) await step(bundle.out, () => buildBundle(bundle));

// dist/main/*.cjs load ../native/wirebench_native.node (src-main/native/native.ts); electron-builder
// unpacks it from the asar. Without it the app still runs, minus the native kinds.
const nativeBuilt = path.relative(root, addonPath);
const nativeOut = 'dist/native/wirebench_native.node';
rmSync('dist/native', { recursive: true, force: true });
if (existsSync(nativeBuilt)) {
  await step(nativeOut, () => {
    mkdirSync('dist/native', { recursive: true });
    copyFileSync(nativeBuilt, nativeOut);
    log(`${nativeOut}  copied from ${nativeBuilt}`);
  });
} else {
  log(`${nativeOut}  not built (npm run build:native says why): the native session kinds will be unavailable`);
}
