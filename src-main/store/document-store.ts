// One of the user's documents in the data folder (the workspace, the library): loaded once (a bad
// file is kept aside and the app starts with an empty one, saying so), then written as the
// renderer sends changes: one write at a time, the newest waiting (older ones are dropped).
import { m } from '../shared/i18n/paraglide/messages.js';
import path from 'node:path';
import * as v from 'valibot';
import type { Result, WireError, WorkspaceSaved } from '../shared/contract.js';
import { dataFileError, loadJsonFile, writeJsonFile } from './json-file.js';

export interface DocumentKind<T> {
  file: string;
  schema: v.GenericSchema<unknown, T>;
  version: number;
  empty: T;
  /** "workspace", "library": in messages (functions: words in the language in force). */
  what: () => string;
  /** "Your tabs are not being saved": what a failed write means, in words. */
  notSaved: () => string;
  /** "Wirebench started with no tabs": what the user gets instead of a bad file. */
  startsWith: () => string;
}

export interface Loaded<T> {
  doc: T;
  path: string;
  notice: string | null;
  warning: WireError | null;
}

/** The file's JSON -> a document of this version (older versions would be migrated here), or why not. */
export function parseDocument<T>(kind: DocumentKind<T>, raw: unknown): Result<T> {
  const version = typeof raw === 'object' && raw !== null ? (raw as { version?: unknown }).version : undefined;
  if (typeof version === 'number' && version > kind.version) {
    return { ok: false, error: { code: 'INVALID_PAYLOAD', message: m.doc_newer({ what: kind.what(), version }) } };
  }
  const parsed = v.safeParse(kind.schema, raw);
  if (parsed.success) return { ok: true, value: parsed.output };
  const issue = parsed.issues[0]!;
  const where = issue.path?.map((p) => String(p.key)).join('.');
  return { ok: false, error: { code: 'INVALID_PAYLOAD', message: m.doc_not_a({ what: kind.what(), issue: `${where ? `${where}: ` : ''}${issue.message}` }) } };
}

export class DocumentStore<T> {
  readonly file: string;
  #loaded: Promise<Loaded<T>> | null = null;
  /** Set when the file could not be read: it is left alone, and nothing is written over it. */
  #readError: WireError | null = null;
  #lastWarning: WireError | null = null;
  #writing: Promise<void> | null = null;
  #next: { doc: T; settle: (saved: WorkspaceSaved) => void }[] = [];
  readonly #kind: DocumentKind<T>;

  constructor(dataDir: string, kind: DocumentKind<T>) {
    this.file = path.join(dataDir, kind.file);
    this.#kind = kind;
  }

  /** The saved document; the file is read once, later calls (a renderer reload) get what was saved since. */
  load(): Promise<Loaded<T>> {
    this.#loaded ??= this.#read();
    return this.#loaded.then((loaded) => ({ ...loaded, warning: this.#readError ?? this.#lastWarning }));
  }

  /** Writes `doc`; while a write is under way only the newest waiting one is written next. */
  async save(doc: T): Promise<WorkspaceSaved> {
    await this.load();
    if (this.#readError) return { saved: false, warning: this.#readError };
    return new Promise((settle) => {
      // Superseded saves answer with the outcome of the write that replaced them.
      const dropped = this.#next.splice(0);
      this.#next.push({ doc, settle: (saved) => [settle, ...dropped.map((d) => d.settle)].forEach((s) => s(saved)) });
      if (!this.#writing) this.#writing = this.#drain();
    });
  }

  /** Resolves once no write is under way or waiting (before the process exits). */
  async flushed(): Promise<void> {
    while (this.#writing) await this.#writing;
  }

  async #drain(): Promise<void> {
    for (let job = this.#next.shift(); job; job = this.#next.shift()) {
      let saved: WorkspaceSaved;
      try {
        await writeJsonFile(this.file, job.doc);
        this.#lastWarning = null;
        this.#loaded = Promise.resolve({ doc: job.doc, path: this.file, notice: null, warning: null });
        saved = { saved: true, warning: null };
      } catch (err) {
        const error = dataFileError(err, this.file, 'write');
        this.#lastWarning = { ...error, message: m.doc_not_saved({ notSaved: this.#kind.notSaved(), reason: error.message }) };
        saved = { saved: false, warning: this.#lastWarning };
      }
      job.settle(saved);
    }
    this.#writing = null;
  }

  async #read(): Promise<Loaded<T>> {
    const k = this.#kind;
    const loaded = await loadJsonFile(this.file, (raw) => parseDocument(k, raw));
    const base = { doc: k.empty, path: this.file, notice: null, warning: null };
    switch (loaded.state) {
      case 'missing':
        return base;
      case 'loaded':
        return { ...base, doc: loaded.value };
      case 'set-aside':
        return {
          ...base,
          notice: m.doc_set_aside({ what: k.what(), reason: loaded.reason, file: path.basename(loaded.keptAs), folder: path.dirname(loaded.keptAs), startsWith: k.startsWith() }),
        };
      case 'unreadable':
        this.#readError = { ...loaded.error, message: m.doc_unreadable_not_saved({ notSaved: k.notSaved(), reason: loaded.error.message }) };
        return { ...base, notice: m.doc_unreadable({ what: k.what(), reason: loaded.error.message, startsWith: k.startsWith() }) };
    }
  }
}
