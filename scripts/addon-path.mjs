// Where node-gyp leaves the native addon: built by build-native.mjs, copied by build.mjs, and
// pointed at by bench.mjs (src-main/native/native.ts looks in the same place).
import { fileURLToPath } from 'node:url';

export const addonPath = fileURLToPath(new URL('../src-main/native/build/Release/wirebench_native.node', import.meta.url));
