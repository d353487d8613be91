// The packaging config as electron-builder reads it: valid against app-builder-lib's own schema,
// Electron's fuses set as the security checklist asks, and what a .deb needs in package.json.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const config = load(readFileSync(`${root}/electron-builder.yml`, 'utf8')) as Record<string, unknown>;
const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as Record<string, unknown>;

describe('packaging', () => {
  it("electron-builder.yml is valid against app-builder-lib's schema", () => {
    const schema = JSON.parse(readFileSync(`${root}/node_modules/app-builder-lib/scheme.json`, 'utf8')) as object;
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    expect(validate(config), JSON.stringify(validate.errors, null, 2)).toBe(true);
    // The schema would accept a mistyped fuse as an extra key nowhere else: check ours are its names.
    const fuses = (schema as { definitions: { FuseOptionsV1: { properties: object } } }).definitions.FuseOptionsV1.properties;
    for (const name of Object.keys(config['electronFuses'] as object)) expect(Object.keys(fuses)).toContain(name);
  });

  it('sets the fuses: no RunAsNode, NODE_OPTIONS or --inspect; asar only, integrity checked; cookies encrypted', () => {
    expect(config['electronFuses']).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
  });

  it('gives the .deb what it needs: homepage, an author with an e-mail, a maintainer', () => {
    expect(pkg['homepage']).toMatch(/^https:\/\//);
    expect(pkg['author']).toMatchObject({ name: 'Wirebench', email: expect.stringMatching(/@/) });
    expect((config['linux'] as Record<string, unknown>)['maintainer']).toMatch(/<.+@.+>/);
  });
});
