// The workspace: the open tabs as the user left them (kind, every field of the connect form, the
// composer's text and formats, the Traffic view), their order, the selected one and the app's
// settings. Main keeps it in a file (src-main/store), the renderer restores it on start. Logs are
// not part of it. `version` lets a later Wirebench migrate an older file.
import * as v from 'valibot';
import type { WireError } from './errors.js';
import { AbsoluteFilePath, INPUT_FORMATS, Int, LINE_ENDINGS, MAX_SEND_BYTES, TEXT_ENCODINGS } from './fields.js';
import { ChecksumSpec, ReceiveSettings } from './framing.js';
import { Rules } from './rules.js';
import { SessionKind } from './kinds.js';
import { LANGUAGES } from '../i18n/locale.js';

export const WORKSPACE_VERSION = 1;
export const MAX_WORKSPACE_TABS = 200;
const MAX_FIELDS = 100;

/** A field name as the connect form spells them (no prototype keys such as __proto__). */
const FieldName = v.pipe(v.string(), v.regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/, 'is not a field name'));
// As long as the composer's text: a server's welcome or auto-reply message is a field too.
const FieldValue = v.union([v.pipe(v.string(), v.maxLength(4 * MAX_SEND_BYTES, 'is too long')), v.boolean()]);

/** The connect form as typed (text) and ticked (booleans); fields it lacks take the kind's defaults. */
export const SavedFields = v.pipe(
  v.record(FieldName, FieldValue),
  v.check((fields) => Object.keys(fields).length <= MAX_FIELDS, `has more than ${MAX_FIELDS} fields`),
);

export const SavedTab = v.strictObject({
  kind: SessionKind,
  fields: SavedFields,
  /** Servers: "Close clients when stopping". */
  closeClients: v.boolean(),
  composer: v.strictObject({
    text: v.pipe(v.string(), v.maxLength(4 * MAX_SEND_BYTES, 'is too long')),
    format: v.picklist(INPUT_FORMATS),
    lineEnding: v.picklist(LINE_ENDINGS),
    /** "Append checksum". */
    checksum: v.optional(v.nullable(ChecksumSpec), null),
  }),
  /** The Traffic "View". */
  view: v.picklist(['hex', 'text']),
  /** The tab's text encoding (Traffic view, entry detail and composer). */
  encoding: v.optional(v.picklist(TEXT_ENCODINGS), 'utf-8'),
  /** The Traffic "Time" column. */
  time: v.optional(v.picklist(['clock', 'start', 'delta']), 'clock'),
  /** "Receiving": framing and Verify checksum. */
  receive: v.optional(v.nullable(ReceiveSettings), null),
  /** Reply rules, in order. */
  rules: v.optional(Rules, []),
});
export type SavedTab = v.InferOutput<typeof SavedTab>;

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];
export const FONT_SIZES = { min: 10, max: 24, default: 13 } as const;

export const WorkspaceSettings = v.strictObject({
  /** Connect (listen, bind) every restored tab on start, as its form says. Off by default. */
  reconnectOnStart: v.boolean(),
  /** "Language": the OS's, English or 简体中文. */
  language: v.optional(v.picklist(LANGUAGES), 'system'),
  /** "Theme": the OS's, or always light or dark. */
  theme: v.optional(v.picklist(THEMES), 'system'),
  /** "Font size" in pixels. */
  fontSize: v.optional(v.pipe(v.number(), v.integer(), v.minValue(FONT_SIZES.min), v.maxValue(FONT_SIZES.max)), FONT_SIZES.default),
  /** A new tab's composer: its input format and line ending. */
  newTab: v.optional(v.strictObject({ format: v.picklist(INPUT_FORMATS), lineEnding: v.picklist(LINE_ENDINGS) }), { format: 'text', lineEnding: 'none' }),
  /** Log memory per new tab, in MiB; null: the default (64 MiB, or web mode's --log-memory-mib). */
  logMemoryMib: v.optional(v.nullable(Int(8, 65_536, 'must be 8 to 65536 MiB')), null),
  /** Where logs spill; null: the default (the app's data folder, or web mode's --spill-dir). */
  spillDir: v.optional(v.nullable(AbsoluteFilePath), null),
});
export type WorkspaceSettings = v.InferOutput<typeof WorkspaceSettings>;

export const Workspace = v.strictObject({
  version: v.literal(WORKSPACE_VERSION),
  /** In tab order. */
  tabs: v.pipe(v.array(SavedTab), v.maxLength(MAX_WORKSPACE_TABS, `has more than ${MAX_WORKSPACE_TABS} tabs`)),
  /** Index into tabs of the selected one (0 with no tabs; past the end, the last tab). */
  selected: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_WORKSPACE_TABS)),
  settings: WorkspaceSettings,
});
export type Workspace = v.InferOutput<typeof Workspace>;

export const EMPTY_WORKSPACE: Workspace = {
  version: WORKSPACE_VERSION,
  tabs: [],
  selected: 0,
  settings: { reconnectOnStart: false, language: 'system', theme: 'system', fontSize: FONT_SIZES.default, newTab: { format: 'text', lineEnding: 'none' }, logMemoryMib: null, spillDir: null },
};

/** What workspace.load answers. */
export interface WorkspaceLoad {
  workspace: Workspace;
  /** Where it is kept (shown in messages). */
  path: string;
  /** Something to tell the user about the file, in words (e.g. it was unreadable and was kept aside). */
  notice: string | null;
  /** Why changes cannot be saved right now (the folder is read-only, the disk full...); null when they can. */
  warning: WireError | null;
}

/** What workspace.save answers: whether it was written, and else why not. */
export interface WorkspaceSaved {
  saved: boolean;
  warning: WireError | null;
}
