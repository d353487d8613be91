// Renderer tests: unmount whatever a test rendered, so tests never see each other's DOM.
import { cleanup } from '@testing-library/svelte';
import { afterEach } from 'vitest';
import { i18n } from '../../src-renderer/i18n/i18n.svelte.js';

afterEach(() => {
  cleanup();
  // The language is the page's: a test that switched it leaves English for the next.
  i18n.locale = 'en';
});
