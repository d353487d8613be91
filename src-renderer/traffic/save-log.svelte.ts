// A tab's "Save log…" form: the path typed, the format chosen, and how the last save went.
// The path is checked here first for a quick, clear message; main checks it again.
import { LOG_SAVE_FORMATS, type CommandOutput, type LogSaveFormat, type TextEncoding, type WireError } from '$shared/contract.js';
import type { Bridge } from '../bridge/bridge.js';
import { formatBytes, formatCount } from '../session/format.js';
import { m } from '../i18n/i18n.svelte.js';
import { settle } from '../bridge/settle.js';
import { fileDialogs, type FileDialogs } from '../ui/file-dialogs.js';

const FORMAT_LABELS: Record<LogSaveFormat, () => string> = {
  jsonl: m.save_format_jsonl,
  'raw-in': m.save_format_raw_in,
  'raw-out': m.save_format_raw_out,
  pcapng: () => 'pcapng (Wireshark)',
  csv: () => 'CSV',
};

/** The labels are getters: read in a template, they follow the language. */
export const SAVE_FORMAT_OPTIONS: readonly { value: LogSaveFormat; label: string }[] = LOG_SAVE_FORMATS.map((value) => ({
  value,
  get label() {
    return FORMAT_LABELS[value]();
  },
}));

/** Why `path` cannot be saved to, or null. Absolute: `/...`, `C:\...` or `\\server\share\...`. */
export function checkSavePath(path: string): string | null {
  const p = path.trim();
  if (p === '') return m.save_path_empty();
  if (!/^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p)) return m.save_path_not_full({ path: p });
  return null;
}

export type SaveResult = CommandOutput<'log.save'>;

/** "Saved 1,234 entries (5.6 MiB) to /path". */
export function savedText(result: SaveResult): string {
  return m.saved_entries_to({ entries: formatCount(result.entries, 'entry'), size: formatBytes(result.bytes), path: result.path });
}

export class SaveLogState {
  // Bound to the inputs, so plain reactive fields.
  open = $state(false);
  path = $state('');
  format = $state<LogSaveFormat>('jsonl');
  overwrite = $state(false);
  #busy = $state(false);
  #error = $state.raw<WireError | null>(null);
  #result = $state.raw<SaveResult | null>(null);
  readonly #id: string;
  readonly #bridge: Bridge;
  readonly #encoding: () => TextEncoding;
  /** "Browse…": the desktop's save dialog (null in web mode). */
  readonly dialogs: FileDialogs | null;

  /** `encoding`: the tab's, for CSV's text column. */
  constructor(id: string, bridge: Bridge, encoding: () => TextEncoding) {
    this.#id = id;
    this.#bridge = bridge;
    this.#encoding = encoding;
    this.dialogs = fileDialogs(bridge);
  }

  get busy(): boolean {
    return this.#busy;
  }

  /** The last save's error (or the path's problem), in words. */
  get error(): WireError | null {
    return this.#error;
  }

  get result(): SaveResult | null {
    return this.#result;
  }

  async save(): Promise<void> {
    if (this.#busy) return;
    const problem = checkSavePath(this.path);
    this.#result = null;
    if (problem) {
      this.#error = { code: 'INVALID_PAYLOAD', message: problem };
      return;
    }
    this.#busy = true;
    this.#error = null;
    const input = { id: this.#id, path: this.path.trim(), format: this.format, overwrite: this.overwrite, encoding: this.#encoding() };
    const result = await settle(() => this.#bridge.logSave(input), 'Saving the log');
    this.#busy = false;
    if (result.ok) this.#result = result.value;
    else this.#error = result.error;
  }
}
