// electron-builder.yml is checked against electron-builder's own JSON schema (the one it
// validates with at `npm run dist`), so a typo fails here rather than on a release machine.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
// js-yaml and the schema come with electron-builder; js-yaml ships no types of its own.
const yaml = require('js-yaml') as { load(text: string): unknown };
const schemaPath = require.resolve('app-builder-lib/scheme.json');

const root = new URL('../../', import.meta.url);
const config = yaml.load(readFileSync(new URL('electron-builder.yml', root), 'utf8'));
// The same options app-builder-lib's schemaValidator uses; compiled once, it takes ~0.5 s.
const validate = new Ajv({ allErrors: true, strict: false }).compile(
  JSON.parse(readFileSync(schemaPath, 'utf8')) as object,
);

interface TargetEntry {
  target: string;
  arch: string[];
}

function record(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
  return value as Record<string, unknown>;
}

function targetsOf(platform: string): TargetEntry[] {
  const targets = record(config)[platform];
  const list = record(targets)['target'];
  if (!Array.isArray(list)) throw new Error(`${platform}.target is not a list`);
  return list.map((entry) => {
    const e = record(entry);
    return { target: String(e['target']), arch: (e['arch'] as string[] | undefined) ?? [] };
  });
}

describe('electron-builder.yml', () => {
  it('matches the schema electron-builder validates against', () => {
    const valid = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('rejects a misspelled option, so the schema check has teeth', () => {
    expect(validate({ ...record(config), npmRebuilt: false })).toBe(false);
  });

  it('names the app and keeps the Node-API addon usable', () => {
    const c = record(config);
    expect(c['appId']).toBe('dev.wirebench.app');
    expect(c['productName']).toBe('Wirebench');
    expect(c['npmRebuild']).toBe(false);
    expect(c['asarUnpack']).toContain('**/*.node');
    expect(record(c['directories'])).toEqual({ output: 'release', buildResources: 'build' });
    expect(c['files']).toEqual(expect.arrayContaining(['dist/**', 'package.json', '!**/*.map']));
  });

  it('builds installers and portable builds for x64 and arm64 on every platform', () => {
    const both = ['x64', 'arm64'];
    expect(targetsOf('win')).toEqual([
      { target: 'nsis', arch: both },
      { target: 'portable', arch: both },
    ]);
    expect(targetsOf('mac')).toEqual([
      { target: 'dmg', arch: both },
      { target: 'zip', arch: both },
    ]);
    expect(targetsOf('linux').map((t) => t.target)).toEqual(['AppImage', 'deb']);
  });

  it('signs macOS builds with the hardened runtime and network entitlements', () => {
    const mac = record(record(config)['mac']);
    expect(mac['category']).toBe('public.app-category.developer-tools');
    expect(mac['hardenedRuntime']).toBe(true);
    expect(mac['entitlements']).toBe('build/entitlements.mac.plist');
    const plist = readFileSync(new URL('build/entitlements.mac.plist', root), 'utf8');
    expect(plist).toMatch(/<key>com\.apple\.security\.network\.client<\/key>\s*<true\/>/);
    expect(plist).toMatch(/<key>com\.apple\.security\.network\.server<\/key>\s*<true\/>/);
    expect(record(record(config)['linux'])['category']).toBe('Development');
  });
});
