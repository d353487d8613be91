// Renderer tests: unmount whatever a test rendered, so tests never see each other's DOM, and
// fail a test during which Svelte printed a dev warning (an unbound prop mutated, a binding
// that does not reach its owner…): those are bugs the page would only mention in its console.
import { cleanup } from '@testing-library/svelte';
import { afterEach, beforeEach, vi, type MockInstance } from 'vitest';
import { i18n } from '../../src-renderer/i18n/i18n.svelte.js';

/** console.warn, still printing, with its calls recorded. */
let warn: MockInstance<typeof console.warn>;

beforeEach(() => {
  warn = vi.spyOn(console, 'warn');
});

afterEach(() => {
  cleanup();
  // The language is the page's: a test that switched it leaves English for the next.
  i18n.locale = 'en';
  const svelte = warn.mock.calls.map((args) => args.filter((a) => typeof a === 'string').join(' ')).filter((text) => text.includes('[svelte] '));
  warn.mockRestore();
  if (svelte.length > 0) throw new Error(`Svelte warned during this test:\n${[...new Set(svelte.map((t) => t.replace(/%c/g, '').trim()))].join('\n')}`);
});
