// Lint: typescript-eslint (strict about `any`) + Svelte, and the import rules that keep
// runtimes apart (contract pure, engine without electron, renderer without node).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

const noNodeOrElectron = {
  patterns: [
    { group: ['node:*', 'electron'], message: 'This file must stay pure: no node: or electron import.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'coverage/**', 'src-main/shared/i18n/paraglide/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
      globals: { ...globals.browser },
    },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', noNodeOrElectron] },
  },
  {
    // The one place pure code lives: the renderer imports it as $shared/..., so no node: or electron.
    files: ['src-main/shared/**'],
    rules: { 'no-restricted-imports': ['error', noNodeOrElectron] },
  },
  {
    files: ['src-main/engine/**', 'src-main/api/router.ts', 'src-main/api/ipc.ts', 'src-main/api/ws.ts', 'src-main/web/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only main.ts, preload.ts and security.ts may import electron.' }] },
      ],
    },
  },
);
