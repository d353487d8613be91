// The workspace file (workspace.json in the data folder): what the renderer restores on start.
import { m } from '../shared/i18n/paraglide/messages.js';
import { EMPTY_WORKSPACE, Workspace, WORKSPACE_VERSION, type Result, type StoreHandlers } from '../shared/contract.js';
import { DocumentStore, parseDocument, type DocumentKind } from './document-store.js';

export const WORKSPACE_FILE = 'workspace.json';

const WORKSPACE: DocumentKind<Workspace> = {
  file: WORKSPACE_FILE,
  schema: Workspace,
  version: WORKSPACE_VERSION,
  empty: EMPTY_WORKSPACE,
  what: m.doc_workspace,
  notSaved: m.doc_workspace_not_saved,
  startsWith: m.doc_workspace_starts,
};

export function parseWorkspace(raw: unknown): Result<Workspace> {
  return parseDocument(WORKSPACE, raw);
}

export class WorkspaceStore extends DocumentStore<Workspace> {
  readonly handlers: Pick<StoreHandlers, 'workspace.load' | 'workspace.save'> = {
    'workspace.load': async () => {
      const { doc, ...rest } = await this.load();
      return { workspace: doc, ...rest };
    },
    'workspace.save': ({ workspace }) => this.save(workspace),
  };

  constructor(dataDir: string) {
    super(dataDir, WORKSPACE);
  }
}
