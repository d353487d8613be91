// The renderer's language. Message functions (m.*) ask paraglide's runtime for the locale on
// every call; the runtime asks this rune, so a template that shows a message re-renders
// when the language changes: switching applies at once, with no reload and no lost input.
import { overwriteGetLocale } from '$shared/i18n/paraglide/runtime.js';
import type { Locale } from '$shared/i18n/locale.js';

let current = $state<Locale>('en');
overwriteGetLocale(() => current);

export const i18n = {
  get locale(): Locale {
    return current;
  },
  set locale(locale: Locale) {
    current = locale;
    if (typeof document !== 'undefined') document.documentElement.lang = locale;
  },
};

export { m } from '$shared/i18n/paraglide/messages.js';
