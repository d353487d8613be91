import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The renderer imports the pure shared code as $shared/... (vite.config.ts, src-renderer/tsconfig.json).
const alias = { $shared: fileURLToPath(new URL('./src-main/shared', import.meta.url)) };

export default defineConfig({
  test: {
    projects: [
      {
        // The renderer's pure modules (tested here) use runes: the language is a $state.
        plugins: [svelte()],
        resolve: { alias },
        test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'test/main/**/*.test.ts'], environment: 'node' },
      },
      {
        // The web bridge (tested against main here) speaks through the renderer's runes too.
        plugins: [svelte()],
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [svelte()],
        resolve: { conditions: ['browser'], alias },
        test: {
          name: 'renderer',
          include: ['test/renderer/**/*.test.ts'],
          environment: 'jsdom',
          setupFiles: ['test/renderer/setup.ts'],
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
