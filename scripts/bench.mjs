// `npm run bench`: bundles test/bench/run.ts with esbuild and runs it on Node 24 (the
// runtime Electron ships). Every figure is printed as a ratio against a baseline measured in
// the same run, because absolute numbers drift on a shared machine. Arguments pass through:
//   npm run bench -- --only tcp-ingest,echo --tcp-bytes 536870912
// Names for --only: tcp-ingest, echo, udp, fan-in, repeat, file-send, file-heap, framing,
// framing-scale, search, rules, export, ui, idle, memory.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { addonPath } from './addon-path.mjs';
import { nodeForTests } from './node24.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
// Inside node_modules so the bundle's bare imports (valibot) resolve as from the repo.
const cache = join(root, 'node_modules', '.cache');
mkdirSync(cache, { recursive: true });
const dir = mkdtempSync(join(cache, 'wirebench-bench-'));
const out = join(dir, 'bench.mjs');
try {
  await build({
    entryPoints: [join(root, 'test/bench/run.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    logLevel: 'warning',
  });
  // The fan-in server holds one fd per client: raise the soft limit in a shell (Node cannot), up
  // to the hard limit when 65536 is above it. -S only: the hard limit stays for the idle
  // benchmark, which raises its own processes to it (a bare -n would lower both).
  const raise = 'ulimit -Sn 65536 2>/dev/null || ulimit -Sn "$(ulimit -Hn)"; exec "$@"';
  // The bundle is ESM in a temp folder, where the native addon's loader cannot look next to
  // itself: point it at the build (the sessions use it as the app does, e.g. SO_RCVBUFFORCE).
  const env = existsSync(addonPath) && !process.env.WIREBENCH_NATIVE_PATH ? { ...process.env, WIREBENCH_NATIVE_PATH: addonPath } : process.env;
  const r = spawnSync('bash', ['-c', raise, 'bench', nodeForTests(), '--expose-gc', out, ...process.argv.slice(2)], {
    stdio: 'inherit',
    cwd: root,
    env,
  });
  process.exitCode = r.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
