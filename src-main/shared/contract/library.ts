// The library: saved messages (the composer's text, formats and, for UDP, where it goes) and
// profiles (a kind and its connect form, to open as a new tab). Main keeps it in library.json in
// the data folder; the same format is what "Export library…" writes and "Import library…" reads
// (which also reads Packet Sender's JSON export).
import * as v from 'valibot';
import type { WireError } from './errors.js';
import { Host, INPUT_FORMATS, LINE_ENDINGS, MAX_SEND_BYTES, Port, TEXT_ENCODINGS } from './fields.js';
import { ChecksumSpec } from './framing.js';
import { SequenceSteps } from './sequences.js';
import { Rules } from './rules.js';
import { SessionKind } from './kinds.js';
import { SavedFields } from './workspace.js';

export const LIBRARY_FORMAT = 'wirebench-library';
export const LIBRARY_VERSION = 1;
export const MAX_LIBRARY_ITEMS = 10_000;
/** Largest file "Import library…" reads. */
export const MAX_LIBRARY_IMPORT_CHARS = 16 * 1024 * 1024;

const ItemId = v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,40}$/, 'is not an item id'));
const ItemName = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(200, 'is longer than 200 characters'));

export const SavedMessage = v.strictObject({
  id: ItemId,
  name: ItemName,
  text: v.pipe(v.string(), v.maxLength(4 * MAX_SEND_BYTES, 'is too long')),
  format: v.picklist(INPUT_FORMATS),
  lineEnding: v.picklist(LINE_ENDINGS),
  /** The text's encoding and the checksum appended, as the composer had them (absent: UTF-8, none). */
  encoding: v.optional(v.picklist(TEXT_ENCODINGS)),
  checksum: v.optional(v.nullable(ChecksumSpec)),
  /** "Expand variables" was ticked. */
  expand: v.optional(v.boolean()),
  /** UDP: where it was meant to go. */
  destination: v.optional(v.strictObject({ host: Host, port: Port })),
});
export type SavedMessage = v.InferOutput<typeof SavedMessage>;

export const SavedProfile = v.strictObject({
  id: ItemId,
  name: ItemName,
  kind: SessionKind,
  fields: SavedFields,
  closeClients: v.boolean(),
});
export type SavedProfile = v.InferOutput<typeof SavedProfile>;

/** A sequence: steps that send, expect, wait, repeat, disconnect and reconnect (see sequences.ts). */
export const SavedSequence = v.strictObject({
  id: ItemId,
  name: ItemName,
  steps: SequenceSteps,
});
export type SavedSequence = v.InferOutput<typeof SavedSequence>;

/** A named set of reply rules. */
export const SavedRuleSet = v.strictObject({
  id: ItemId,
  name: ItemName,
  rules: Rules,
});
export type SavedRuleSet = v.InferOutput<typeof SavedRuleSet>;

export const Library = v.strictObject({
  format: v.literal(LIBRARY_FORMAT),
  version: v.literal(LIBRARY_VERSION),
  messages: v.pipe(v.array(SavedMessage), v.maxLength(MAX_LIBRARY_ITEMS, `has more than ${MAX_LIBRARY_ITEMS} messages`)),
  profiles: v.pipe(v.array(SavedProfile), v.maxLength(MAX_LIBRARY_ITEMS, `has more than ${MAX_LIBRARY_ITEMS} profiles`)),
  sequences: v.optional(v.pipe(v.array(SavedSequence), v.maxLength(MAX_LIBRARY_ITEMS, `has more than ${MAX_LIBRARY_ITEMS} sequences`)), []),
  ruleSets: v.optional(v.pipe(v.array(SavedRuleSet), v.maxLength(MAX_LIBRARY_ITEMS, `has more than ${MAX_LIBRARY_ITEMS} rule sets`)), []),
});
export type Library = v.InferOutput<typeof Library>;

export const EMPTY_LIBRARY: Library = { format: LIBRARY_FORMAT, version: LIBRARY_VERSION, messages: [], profiles: [], sequences: [], ruleSets: [] };

export interface LibraryLoad {
  library: Library;
  path: string;
  notice: string | null;
  warning: WireError | null;
}

/** What a file to import holds, read but not added yet (the renderer asks about name clashes). */
export interface LibraryImport {
  source: 'wirebench' | 'packet-sender';
  messages: SavedMessage[];
  profiles: SavedProfile[];
  sequences: SavedSequence[];
  ruleSets: SavedRuleSet[];
}
