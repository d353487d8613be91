// Adding an import to the library: the names it shares with what is there, and the library after
// "Replace" (the library's items of those names go) or "Keep both". Pure.
import type { Library, LibraryImport } from '$shared/contract.js';

/** The names of imported messages and profiles that the library already has (each once). */
export function clashingNames(library: Library, items: LibraryImport): string[] {
  const messages = new Set(library.messages.map((m) => m.name));
  const profiles = new Set(library.profiles.map((p) => p.name));
  const clashes = [...items.messages.filter((m) => messages.has(m.name)).map((m) => m.name), ...items.profiles.filter((p) => profiles.has(p.name)).map((p) => p.name)];
  return [...new Set(clashes)];
}

/** The library with the import added; every imported item gets a new id from `newId`. */
export function mergeImport(library: Library, items: LibraryImport, choice: 'replace' | 'keep-both', newId: (prefix: string) => string): Library {
  const replace = choice === 'replace';
  const incomingMessages = new Set(items.messages.map((m) => m.name));
  const incomingProfiles = new Set(items.profiles.map((p) => p.name));
  return {
    ...library,
    messages: [...(replace ? library.messages.filter((m) => !incomingMessages.has(m.name)) : library.messages), ...items.messages.map((m) => ({ ...m, id: newId('m') }))],
    profiles: [...(replace ? library.profiles.filter((p) => !incomingProfiles.has(p.name)) : library.profiles), ...items.profiles.map((p) => ({ ...p, id: newId('p') }))],
  };
}
