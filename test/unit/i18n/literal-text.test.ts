// No component shows English that is not in the catalogue: the markup's text and its text
// attributes all come from m.* (see literal-text.ts for what counts).
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { literalTextIn } from './literal-text.js';

const rendererDir = path.resolve(import.meta.dirname, '../../../src-renderer');

function components(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? components(file) : name.endsWith('.svelte') ? [file] : [];
  });
}

describe('literal text in components', () => {
  it('finds a literal English label, text and prop (the check itself)', () => {
    const found = literalTextIn('Probe.svelte', '<script lang="ts">let x = 1;</script>\n<p>Hello there</p>\n<input title="Pick one" />\n<Field label="Host" id="a-b" />\n<p>TCP {x} ms</p>');
    expect(found.map((f) => f.text)).toEqual(['Hello there', 'Pick one', 'Host']);
  });

  it('finds none in the app', () => {
    const files = components(rendererDir);
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap((file) => literalTextIn(file)).map((f) => `${path.relative(rendererDir, f.file)}:${f.line}: ${f.text}`);
    expect(found).toEqual([]);
  });
});
