// Compiles the message catalogue (src-main/shared/i18n/messages/<locale>.json, inlang's message
// format) into typed message functions with paraglide-js: src-main/shared/i18n/paraglide/
// (generated, git-ignored). `npm install`, `npm run build` and `npm test` run it; it takes about
// a second. The message-format plugin is loaded from node_modules, not from a CDN.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '@inlang/paraglide-js';

const root = fileURLToPath(new URL('..', import.meta.url));
const i18n = path.join(root, 'src-main/shared/i18n');

export async function compileMessages() {
  await compile({
    project: path.join(i18n, 'project.inlang'),
    outdir: path.join(i18n, 'paraglide'),
    // The app picks the locale itself (Settings > Language) and tells the runtime with
    // overwriteGetLocale: no cookies, URLs or reloads.
    strategy: ['globalVariable', 'baseLocale'],
    emitGitIgnore: false,
    emitPrettierIgnore: false,
    emitReadme: false,
    // Typed message functions for tsc and svelte-check without allowJs.
    emitTsDeclarations: true,
    includeEslintDisableComment: true,
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  compileMessages().catch((err) => {
    console.error(`i18n: could not compile the messages: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
