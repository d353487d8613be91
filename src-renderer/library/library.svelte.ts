// The library as the renderer shows it: saved messages and profiles (main keeps the file), the
// filter, and the steps that change it (save, rename, delete, import with name clashes asked
// about, export). Every change is saved through main at once.
import {
  EMPTY_LIBRARY,
  type Library,
  type LibraryImport,
  type SavedMessage,
  type SavedProfile,
  type SavedRuleSet,
  type SavedSequence,
  type Rule,
  type SequenceStep,
  type SendPayload,
  type WireError,
} from '$shared/contract.js';
import { m } from '../i18n/i18n.svelte.js';
import type { Bridge } from '../bridge/bridge.js';
import { settle } from '../bridge/settle.js';
import { formatCount } from '../session/format.js';
import { clashingNames, mergeImport } from './library-merge.js';
import { fileDialogs, type FileDialogs } from '../ui/file-dialogs.js';

export type ItemKind = 'message' | 'profile' | 'sequence' | 'ruleSet';

/** An import waiting for the user's word on the names it shares with the library. */
export interface PendingImport {
  items: LibraryImport;
  clashes: string[];
}

/** ", with 2 sequences and 1 rule set" when an import brings those too. */
function importedMore(items: LibraryImport): string {
  const more = [items.sequences.length ? formatCount(items.sequences.length, 'sequence') : '', items.ruleSets.length ? formatCount(items.ruleSets.length, 'rule set') : ''].filter(Boolean);
  return more.length ? m.imported_with({ more: more.join(m.list_and()) }) : '';
}

let counter = 0;
const newId = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;


export class LibraryState {
  /** The panel is shown (the "Library" button, Ctrl/Cmd+B). */
  open = $state(false);
  filter = $state('');
  #library = $state.raw<Library>(EMPTY_LIBRARY);
  #notice = $state<string | null>(null);
  #warning = $state.raw<WireError | null>(null);
  #error = $state.raw<WireError | null>(null);
  #status = $state<string | null>(null);
  #pending = $state.raw<PendingImport | null>(null);
  readonly #bridge: Bridge;
  /** "Browse…" for the export's path: the desktop's save dialog (null in web mode). */
  readonly dialogs: FileDialogs | null;

  constructor(bridge: Bridge) {
    this.dialogs = fileDialogs(bridge);
    this.#bridge = bridge;
  }

  get library(): Library {
    return this.#library;
  }

  /** The messages whose name or text holds the filter (case-insensitive). */
  get messages(): SavedMessage[] {
    const f = this.filter.trim().toLowerCase();
    return f ? this.#library.messages.filter((m) => m.name.toLowerCase().includes(f) || m.text.toLowerCase().includes(f)) : this.#library.messages;
  }

  /** The sequences whose name holds the filter. */
  get sequences(): SavedSequence[] {
    const f = this.filter.trim().toLowerCase();
    return f ? this.#library.sequences.filter((q) => q.name.toLowerCase().includes(f)) : this.#library.sequences;
  }

  get ruleSets(): SavedRuleSet[] {
    const f = this.filter.trim().toLowerCase();
    return f ? this.#library.ruleSets.filter((r) => r.name.toLowerCase().includes(f)) : this.#library.ruleSets;
  }

  async addRuleSet(name: string, rules: Rule[]): Promise<void> {
    const set: SavedRuleSet = { id: newId('r'), name: name.trim(), rules };
    await this.#save({ ...this.#library, ruleSets: [...this.#library.ruleSets, set] }, m.saved_rule_set({ name: set.name }));
  }

  /** A new sequence under `name` with `steps`; returns its id. */
  async addSequence(name: string, steps: SequenceStep[]): Promise<string> {
    const sequence: SavedSequence = { id: newId('q'), name: name.trim(), steps };
    await this.#save({ ...this.#library, sequences: [...this.#library.sequences, sequence] }, m.saved_sequence({ name: sequence.name }));
    return sequence.id;
  }

  async saveSequence(id: string, steps: SequenceStep[]): Promise<void> {
    const lib = this.#library;
    await this.#save({ ...lib, sequences: lib.sequences.map((q) => (q.id === id ? { ...q, steps } : q)) }, m.sequence_saved());
  }

  /** The profiles whose name, kind or fields hold the filter. */
  get profiles(): SavedProfile[] {
    const f = this.filter.trim().toLowerCase();
    if (!f) return this.#library.profiles;
    return this.#library.profiles.filter((p) => [p.name, p.kind, ...Object.values(p.fields).map(String)].some((t) => t.toLowerCase().includes(f)));
  }

  /** About the saved file (kept aside...), from main. */
  get notice(): string | null {
    return this.#notice;
  }

  /** Why changes are not being saved. */
  get warning(): WireError | null {
    return this.#warning;
  }

  /** The last action's failure (a bad import, an export refused...). */
  get error(): WireError | null {
    return this.#error;
  }

  /** The last action's outcome in words. */
  get status(): string | null {
    return this.#status;
  }

  get pendingImport(): PendingImport | null {
    return this.#pending;
  }

  async load(): Promise<void> {
    const result = await settle(() => this.#bridge.libraryLoad({}), 'Reading the library');
    if (!result.ok) {
      this.#warning = result.error;
      return;
    }
    this.#library = result.value.library;
    this.#notice = result.value.notice;
    this.#warning = result.value.warning;
  }

  async addMessage(name: string, payload: SendPayload, destination?: { host: string; port: number }): Promise<void> {
    const { format, text, lineEnding, encoding, checksum, expand } = payload;
    const message: SavedMessage = {
      id: newId('m'),
      name: name.trim(),
      text,
      format,
      lineEnding,
      ...(encoding !== 'utf-8' && { encoding }),
      ...(checksum && { checksum }),
      ...(expand && { expand }),
      ...(destination ? { destination } : {}),
    };
    await this.#save({ ...this.#library, messages: [...this.#library.messages, message] }, m.saved_message_named({ name: message.name }));
  }

  async addProfile(name: string, profile: Omit<SavedProfile, 'id' | 'name'>): Promise<void> {
    const saved: SavedProfile = { id: newId('p'), name: name.trim(), ...profile };
    await this.#save({ ...this.#library, profiles: [...this.#library.profiles, saved] }, m.saved_profile({ name: saved.name }));
  }

  async rename(kind: ItemKind, id: string, name: string): Promise<void> {
    const rename = <T extends { id: string; name: string }>(items: T[]): T[] => items.map((i) => (i.id === id ? { ...i, name: name.trim() } : i));
    const lib = this.#library;
    const next =
      kind === 'message'
        ? { ...lib, messages: rename(lib.messages) }
        : kind === 'profile'
          ? { ...lib, profiles: rename(lib.profiles) }
          : kind === 'sequence'
            ? { ...lib, sequences: rename(lib.sequences) }
            : { ...lib, ruleSets: rename(lib.ruleSets) };
    await this.#save(next, m.renamed_to({ name: name.trim() }));
  }

  async remove(kind: ItemKind, id: string): Promise<void> {
    const lib = this.#library;
    const next =
      kind === 'message'
        ? { ...lib, messages: lib.messages.filter((m) => m.id !== id) }
        : kind === 'profile'
          ? { ...lib, profiles: lib.profiles.filter((p) => p.id !== id) }
          : kind === 'sequence'
            ? { ...lib, sequences: lib.sequences.filter((q) => q.id !== id) }
            : { ...lib, ruleSets: lib.ruleSets.filter((r) => r.id !== id) };
    const words = { message: m.deleted_message, profile: m.deleted_profile, sequence: m.deleted_sequence, ruleSet: m.deleted_rule_set } as const;
    await this.#save(next, words[kind]());
  }

  async exportTo(path: string, overwrite: boolean): Promise<void> {
    this.#error = null;
    const result = await settle(() => this.#bridge.libraryExport({ path: path.trim(), overwrite }), 'Exporting the library');
    if (!result.ok) {
      this.#error = result.error;
      this.#status = null;
      return;
    }
    const { messages, profiles } = result.value;
    this.#status = m.exported_to({ messages: formatCount(messages, 'message'), profiles: formatCount(profiles, 'profile'), path: result.value.path });
  }

  /** Reads a file's text as an import; names already in the library are asked about first. */
  async importText(text: string): Promise<void> {
    this.#error = null;
    this.#status = null;
    const result = await settle(() => this.#bridge.libraryParseImport({ text }), 'Reading the file to import');
    if (!result.ok) {
      this.#error = result.error;
      return;
    }
    const items = result.value;
    const clashes = clashingNames(this.#library, items);
    if (clashes.length > 0) this.#pending = { items, clashes };
    else await this.#merge(items, 'keep-both');
  }

  /** The user's word on the clashing names: replace the library's, keep both, or import nothing. */
  async resolveImport(choice: 'replace' | 'keep-both' | 'cancel'): Promise<void> {
    const pending = this.#pending;
    this.#pending = null;
    if (!pending || choice === 'cancel') return;
    await this.#merge(pending.items, choice);
  }

  async #merge(items: LibraryImport, choice: 'replace' | 'keep-both'): Promise<void> {
    const from = items.source === 'packet-sender' ? m.from_packet_sender() : m.from_wirebench_library();
    await this.#save(
      mergeImport(this.#library, items, choice, newId),
      m.imported_from({ messages: formatCount(items.messages.length, 'message'), profiles: formatCount(items.profiles.length, 'profile'), more: importedMore(items), from }),
    );
  }

  async #save(next: Library, done: string): Promise<void> {
    this.#error = null;
    this.#library = next;
    this.#status = done;
    const result = await settle(() => this.#bridge.librarySave({ library: next }), 'Saving the library');
    if (!result.ok) this.#error = result.error;
    else this.#warning = result.value.warning;
  }
}
