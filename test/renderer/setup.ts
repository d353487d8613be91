// Renderer tests: unmount whatever a test rendered, so tests never see each other's DOM, and
// fail a test during which Svelte printed a dev warning (an unbound prop mutated, a binding
// that does not reach its owner…): those are bugs the page would only mention in its console.
import { cleanup } from '@testing-library/svelte';
import { afterEach, beforeEach } from 'vitest';
import { i18n } from '../../src-renderer/i18n/i18n.svelte.js';

const svelteWarnings: string[] = [];
const warn = console.warn.bind(console);

beforeEach(() => {
  svelteWarnings.length = 0;
  console.warn = (...args: unknown[]): void => {
    const text = args.filter((a) => typeof a === 'string').join(' ');
    if (text.includes('[svelte] ')) svelteWarnings.push(text.replace(/%c/g, '').trim());
    warn(...args);
  };
});

afterEach(() => {
  cleanup();
  console.warn = warn;
  // The language is the page's: a test that switched it leaves English for the next.
  i18n.locale = 'en';
  if (svelteWarnings.length > 0) throw new Error(`Svelte warned during this test:\n${[...new Set(svelteWarnings)].join('\n')}`);
});
