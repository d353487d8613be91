// The native addon's prebuilds: the workflow builds the six platform-architecture pairs an
// installer ships for (checked against the GitHub workflow schema), the packaging takes each
// installer's own pair, and the loader looks there. Only linux-x64 can be built here: this
// machine's build is copied to prebuilds/linux-x64 and loads from there.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { loadNativeFrom, nativeCandidates, NATIVE_FILE_NAME } from '../../src-main/native/native.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const workflow = load(readFileSync(`${root}/.github/workflows/prebuilds.yml`, 'utf8')) as {
  jobs: Record<string, { strategy?: { matrix?: { include?: Record<string, string>[] } }; steps: { run?: string; uses?: string }[] }>;
};

describe('prebuilt native addon', () => {
  it('the workflow is valid against the GitHub workflow schema', () => {
    const schema = JSON.parse(readFileSync(`${root}/test/fixtures/schemas/github-workflow.json`, 'utf8')) as object;
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    expect(validate(workflow), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('builds win32, darwin and linux, each x64 and arm64, and packages each installer with its own', () => {
    const pairs = workflow.jobs['native']!.strategy!.matrix!.include!.map((m) => `${m['platform']}-${m['arch']}`);
    expect(pairs.sort()).toEqual(['darwin-arm64', 'darwin-x64', 'linux-arm64', 'linux-x64', 'win32-arm64', 'win32-x64']);
    expect(workflow.jobs['native']!.steps.some((s) => s.run?.includes('--prebuild --arch ${{ matrix.arch }}'))).toBe(true);
    const builder = load(readFileSync(`${root}/electron-builder.yml`, 'utf8')) as { files: string[]; asarUnpack: string[] };
    expect(builder.files).toContain('prebuilds/${platform}-${arch}/*.node');
    expect(builder.asarUnpack).toContain('**/*.node');
  });

  it('the loader looks in prebuilds/<platform>-<arch>/ beside the bundle, and this machine\'s prebuild loads', () => {
    const here = path.join(root, 'dist', 'main');
    expect(nativeCandidates(here)).toContain(path.join(root, 'prebuilds', `${process.platform}-${process.arch}`, NATIVE_FILE_NAME));
    // The binary npm install built, copied as the workflow's step copies its own (no rebuild: other tests load it now).
    const r = spawnSync(process.execPath, [`${root}/scripts/build-native.mjs`, '--strict', '--prebuild', '--no-rebuild'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const file = path.join(root, 'prebuilds', `${process.platform}-${process.arch}`, NATIVE_FILE_NAME);
    expect(existsSync(file)).toBe(true);
    const loaded = loadNativeFrom(file);
    expect(loaded.ok ? 'loads' : loaded.reason).toBe('loads');
  });
});
