// The library file (library.json in the data folder): saved messages and profiles. The same
// format is what "Export library…" writes; "Import library…" reads it, or Packet Sender's export.
import { m } from '../shared/i18n/paraglide/messages.js';
import { EMPTY_LIBRARY, Library, LIBRARY_VERSION, type StoreHandlers } from '../shared/contract.js';
import { parseLibraryImport } from '../shared/codec/library-import.js';
import { CodedError } from '../engine/errors.js';
import { checkTarget, fileError, resolveTarget, type TargetWords } from '../engine/log/save-target.js';
import { DocumentStore, type DocumentKind } from './document-store.js';
import { writeJsonFile } from './json-file.js';

export const LIBRARY_FILE = 'library.json';

/** "Export library…" is worded as what it writes. */
const EXPORT: TargetWords = { command: 'library.export', what: m.target_the_library, example: 'wirebench-library.json' };

const LIBRARY: DocumentKind<Library> = {
  file: LIBRARY_FILE,
  schema: Library,
  version: LIBRARY_VERSION,
  empty: EMPTY_LIBRARY,
  what: m.doc_library,
  notSaved: m.doc_library_not_saved,
  startsWith: m.doc_library_starts,
};

export class LibraryStore extends DocumentStore<Library> {
  readonly handlers: Pick<StoreHandlers, 'library.load' | 'library.save' | 'library.export' | 'library.parseImport'> = {
    'library.load': async () => {
      const { doc, ...rest } = await this.load();
      return { library: doc, ...rest };
    },
    'library.save': ({ library }) => this.save(library),
    'library.export': async ({ path, overwrite }) => {
      const { doc } = await this.load();
      const target = resolveTarget(path, EXPORT);
      await checkTarget(target, overwrite, EXPORT);
      await writeJsonFile(target, doc, overwrite).catch((err: unknown) => {
        throw fileError(err, target, EXPORT);
      });
      return { path: target, messages: doc.messages.length, profiles: doc.profiles.length };
    },
    'library.parseImport': ({ text }) => {
      const parsed = parseLibraryImport(text);
      if (!parsed.ok) throw new CodedError(parsed.error.code, parsed.error.message);
      return parsed.value;
    },
  };

  constructor(dataDir: string) {
    super(dataDir, LIBRARY);
  }
}
