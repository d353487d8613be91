// The workspace file (workspace.json in the data folder): what the renderer restores on start.
// Loaded once (a bad file is kept aside and the app starts empty, saying so), then written as the
// renderer sends changes: one write at a time, the newest waiting (older ones are dropped).
import path from 'node:path';
import * as v from 'valibot';
import {
  EMPTY_WORKSPACE,
  Workspace,
  WORKSPACE_VERSION,
  type Result,
  type StoreHandlers,
  type WireError,
  type WorkspaceLoad,
  type WorkspaceSaved,
} from '../shared/contract.js';
import { fileError, loadJsonFile, writeJsonFile } from './json-file.js';

export const WORKSPACE_FILE = 'workspace.json';

/** The file's JSON -> a workspace of this version (older versions are migrated here), or why not. */
export function parseWorkspace(raw: unknown): Result<Workspace> {
  const version = typeof raw === 'object' && raw !== null ? (raw as { version?: unknown }).version : undefined;
  if (typeof version === 'number' && version > WORKSPACE_VERSION) {
    return { ok: false, error: { code: 'INVALID_PAYLOAD', message: `it was written by a newer Wirebench (workspace version ${version})` } };
  }
  const parsed = v.safeParse(Workspace, raw);
  if (parsed.success) return { ok: true, value: parsed.output };
  const issue = parsed.issues[0]!;
  const where = issue.path?.map((p) => String(p.key)).join('.');
  return { ok: false, error: { code: 'INVALID_PAYLOAD', message: `it does not hold a workspace (${where ? `${where}: ` : ''}${issue.message})` } };
}

export class WorkspaceStore {
  readonly file: string;
  #loaded: Promise<WorkspaceLoad> | null = null;
  /** Set when the file could not be read: it is left alone, and nothing is written over it. */
  #readError: WireError | null = null;
  #lastWarning: WireError | null = null;
  #writing: Promise<WorkspaceSaved> | null = null;
  #next: { workspace: Workspace; settle: (saved: WorkspaceSaved) => void }[] = [];

  readonly handlers: StoreHandlers = {
    'workspace.load': () => this.load(),
    'workspace.save': ({ workspace }) => this.save(workspace),
  };

  constructor(dataDir: string) {
    this.file = path.join(dataDir, WORKSPACE_FILE);
  }

  /** The saved workspace; the file is read once, later calls (a renderer reload) get what was saved since. */
  load(): Promise<WorkspaceLoad> {
    this.#loaded ??= this.#read();
    return this.#loaded.then((loaded) => ({ ...loaded, warning: this.#readError ?? this.#lastWarning }));
  }

  /** Writes `workspace`; while a write is under way only the newest waiting one is written next. */
  async save(workspace: Workspace): Promise<WorkspaceSaved> {
    await this.load();
    if (this.#readError) return { saved: false, warning: this.#readError };
    return new Promise((settle) => {
      // Superseded saves answer with the outcome of the write that replaced them.
      const dropped = this.#next.splice(0);
      this.#next.push({ workspace, settle: (saved) => [settle, ...dropped.map((d) => d.settle)].forEach((s) => s(saved)) });
      if (!this.#writing) this.#writing = this.#drain();
    });
  }

  /** Resolves once no write is under way or waiting (before the process exits). */
  async flushed(): Promise<void> {
    while (this.#writing) await this.#writing;
  }

  async #drain(): Promise<WorkspaceSaved> {
    let last: WorkspaceSaved = { saved: false, warning: null };
    for (let job = this.#next.shift(); job; job = this.#next.shift()) {
      try {
        await writeJsonFile(this.file, job.workspace);
        this.#lastWarning = null;
        this.#loaded = Promise.resolve({ workspace: job.workspace, path: this.file, notice: null, warning: null });
        last = { saved: true, warning: null };
      } catch (err) {
        const error = fileError(err, this.file, 'write');
        this.#lastWarning = { ...error, message: `Your tabs are not being saved: ${error.message} Everything else keeps working.` };
        last = { saved: false, warning: this.#lastWarning };
      }
      job.settle(last);
    }
    this.#writing = null;
    return last;
  }

  async #read(): Promise<WorkspaceLoad> {
    const loaded = await loadJsonFile(this.file, parseWorkspace);
    const base = { workspace: EMPTY_WORKSPACE, path: this.file, notice: null, warning: null };
    switch (loaded.state) {
      case 'missing':
        return base;
      case 'loaded':
        return { ...base, workspace: loaded.value };
      case 'set-aside':
        return {
          ...base,
          notice: `The saved workspace could not be used: ${loaded.reason}. It was kept as ${path.basename(loaded.keptAs)} in ${path.dirname(loaded.keptAs)}, and Wirebench started with no tabs.`,
        };
      case 'unreadable':
        this.#readError = { ...loaded.error, message: `Your tabs are not being saved: ${loaded.error.message} The file is left as it is.` };
        return { ...base, notice: `The saved workspace could not be read: ${loaded.error.message} Wirebench started with no tabs.` };
    }
  }
}
