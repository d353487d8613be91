// Which language the app speaks: Settings > Language is "System", "English" or "简体中文";
// "System" follows the OS (app.getLocale() on the desktop, navigator.languages in web mode).
// The strings themselves are in messages/<locale>.json, compiled by scripts/i18n.mjs.
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];
export const LANGUAGES = ['system', ...LOCALES] as const;
export type Language = (typeof LANGUAGES)[number];

/** The first preferred language we speak: any Chinese reads 简体中文, any English English; otherwise English. */
export function resolveLocale(language: Language, preferred: readonly string[]): Locale {
  if (language !== 'system') return language;
  for (const tag of preferred) {
    const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
    if (primary === 'zh') return 'zh-CN';
    if (primary === 'en') return 'en';
  }
  return 'en';
}
