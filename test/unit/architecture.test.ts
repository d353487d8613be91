// The shape of the source tree, checked on every run: files small enough to read in one go, no
// import cycle, no session kind importing a sibling kind, the renderer reaching main's code only
// through $shared, and shared/ pure. Reads the files as text (their import lines); runs nothing.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const MAX_LINES = 400;
/** Written by a script, not by hand. */
const GENERATED = new Set(['src-main/native/wirebench_tables.h']);

const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter((f) => f && existsSync(path.join(root, f)));
const SOURCE = /\.(ts|mts|mjs|js|svelte|c|h)$/;
const sources = tracked.filter((f) => SOURCE.test(f) && !f.startsWith('node_modules/') && !f.endsWith('package-lock.json'));
const code = tracked.filter((f) => /^(src-main|src-renderer)\/.*\.(ts|svelte)$/.test(f));

const SPECIFIER = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g;

/** The repo path an import specifier resolves to, or null for a package (or a node: module). */
function resolve(from: string, spec: string): string | null {
  let target: string;
  if (spec.startsWith('$shared/')) target = path.posix.join('src-main/shared', spec.slice('$shared/'.length));
  else if (spec.startsWith('.')) target = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  else return null;
  if (/\.(css|svg|png|json)$/.test(target)) return null;
  for (const candidate of [target, target.replace(/\.js$/, '.ts'), `${target}.ts`]) {
    if (existsSync(path.join(root, candidate)) && SOURCE.test(candidate)) return candidate;
  }
  throw new Error(`${from}: cannot resolve ${spec}`);
}

function importsOf(file: string): { spec: string; target: string | null }[] {
  const text = readFileSync(path.join(root, file), 'utf8');
  return [...text.matchAll(SPECIFIER)].map((m) => {
    const spec = (m[1] ?? m[2] ?? m[3])!;
    return { spec, target: resolve(file, spec) };
  });
}

const graph = new Map(code.map((f) => [f, importsOf(f)]));

describe('the source tree', () => {
  it(`has no hand-written source file over ${MAX_LINES} lines`, () => {
    const long = sources
      .filter((f) => !GENERATED.has(f))
      .map((f) => ({ f, lines: readFileSync(path.join(root, f), 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines > MAX_LINES)
      .map(({ f, lines }) => `${f}: ${lines} lines`);
    expect(long).toEqual([]);
  });

  it('has no import cycle in src-main or src-renderer', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string): void => {
      state.set(file, 'open');
      stack.push(file);
      for (const { target } of graph.get(file) ?? []) {
        if (!target || !graph.has(target)) continue;
        if (state.get(target) === 'open') cycles.push([...stack.slice(stack.indexOf(target)), target].join(' -> '));
        else if (!state.has(target)) visit(target);
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of graph.keys()) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });

  it('has no import between sibling session kinds (only their bases and leaf modules)', () => {
    const registry = importsOf('src-main/engine/kinds/index.ts')
      .map((i) => i.target)
      .filter((t): t is string => t !== null && t.startsWith('src-main/engine/kinds/'));
    expect(registry.length).toBe(13);
    const kinds = new Set(registry);
    const crossings = [...kinds].flatMap((file) =>
      (graph.get(file) ?? []).filter((i) => i.target !== null && kinds.has(i.target)).map((i) => `${file} imports ${i.target}`),
    );
    expect(crossings).toEqual([]);
    // And no kind reaches into another kind's folder.
    const folderOf = (f: string) => f.split('/').slice(0, 4).join('/');
    const intoOtherFolders = [...graph]
      .filter(([f]) => /^src-main\/engine\/kinds\/[^/]+\//.test(f))
      .flatMap(([f, imports]) =>
        imports
          .filter((i) => i.target && /^src-main\/engine\/kinds\/[^/]+\//.test(i.target) && folderOf(i.target) !== folderOf(f))
          .map((i) => `${f} imports ${i.target}`),
      );
    expect(intoOtherFolders).toEqual([]);
  });

  it('lets the renderer reach main only through $shared', () => {
    const reaching = [...graph]
      .filter(([f]) => f.startsWith('src-renderer/'))
      .flatMap(([f, imports]) =>
        imports
          .filter((i) => (i.target?.startsWith('src-main/') && !i.spec.startsWith('$shared/')) || i.spec.includes('src-main'))
          .map((i) => `${f}: ${i.spec}`),
      );
    expect(reaching).toEqual([]);
  });

  it('keeps src-main/shared pure: it imports only itself and its pure libraries (valibot, iconv-lite, crc-full)', () => {
    const PURE = new Set(['valibot', 'iconv-lite', 'crc-full']);
    const outside = [...graph]
      .filter(([f]) => f.startsWith('src-main/shared/'))
      .flatMap(([f, imports]) =>
        imports
          .filter((i) => (i.target === null ? !PURE.has(i.spec) : !i.target.startsWith('src-main/shared/')))
          .map((i) => `${f}: ${i.spec}`),
      );
    expect(outside).toEqual([]);
  });

  it('keeps the engine free of transports, windows and the renderer', () => {
    const wrong = [...graph]
      .filter(([f]) => f.startsWith('src-main/engine/'))
      .flatMap(([f, imports]) =>
        imports
          .filter((i) => i.spec === 'electron' || /^src-main\/(api|web)\/|^src-main\/(main|preload)|^src-renderer\//.test(i.target ?? ''))
          .map((i) => `${f}: ${i.spec}`),
      );
    expect(wrong).toEqual([]);
  });
});
