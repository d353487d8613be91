// Adding an import to the library: the names it shares with what is there, and the library after
// "Replace" (the library's items of those names go) or "Keep both". Pure.
import type { Library, LibraryImport } from '$shared/contract.js';

/** The kinds of items a library holds, with the prefix of their ids. */
const KINDS = [
  ['messages', 'm'],
  ['profiles', 'p'],
  ['sequences', 'q'],
  ['ruleSets', 'r'],
] as const;

/** The names of imported items that the library already has, of the same kind (each name once). */
export function clashingNames(library: Library, items: LibraryImport): string[] {
  const clashes: string[] = [];
  for (const [kind] of KINDS) {
    const have = new Set(library[kind].map((i) => i.name));
    for (const i of items[kind]) if (have.has(i.name)) clashes.push(i.name);
  }
  return [...new Set(clashes)];
}

/** The library with the import added; every imported item gets a new id from `newId`. */
export function mergeImport(library: Library, items: LibraryImport, choice: 'replace' | 'keep-both', newId: (prefix: string) => string): Library {
  const merged = { ...library };
  for (const [kind, prefix] of KINDS) {
    const incoming = new Set(items[kind].map((i) => i.name));
    const kept = choice === 'replace' ? library[kind].filter((i) => !incoming.has(i.name)) : library[kind];
    (merged as Record<string, unknown>)[kind] = [...kept, ...items[kind].map((i) => ({ ...i, id: newId(prefix) }))];
  }
  return merged;
}
