// Builds the renderer (src-renderer) into dist/renderer. Relative base: Electron loads it
// from file://, web mode serves it over http.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [svelte()],
  // The pure code both sides share (contract, RPC client, codecs) is imported as $shared/...
  resolve: { alias: { $shared: fileURLToPath(new URL('./src-main/shared', import.meta.url)) } },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    // No inline scripts or data: modules: the CSP allows 'self' only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // One bundle for a desktop app loaded from disk; iconv-lite's code pages (GBK, Big5,
    // Shift_JIS...) make it about 550 kB.
    chunkSizeWarningLimit: 1024,
  },
  logLevel: 'warn',
});
