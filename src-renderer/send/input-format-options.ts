// The ways a typed payload can be read, and the line endings it may get, as options of a <select>.
// The labels are getters: read in a template, they follow the language.
import { INPUT_FORMATS, LINE_ENDINGS, type InputFormat, type LineEnding } from '$shared/contract.js';
import { m } from '../i18n/i18n.svelte.js';

const LABELS: Record<InputFormat, () => string> = { text: m.text, hex: m.hex, base64: () => 'Base64' };

export const INPUT_FORMAT_OPTIONS: readonly { value: InputFormat; label: string }[] = INPUT_FORMATS.map((value) => ({
  value,
  get label() {
    return LABELS[value]();
  },
}));

const ENDING_LABELS: Record<LineEnding, () => string> = { none: m.line_ending_none, lf: () => 'LF', crlf: () => 'CRLF', cr: () => 'CR' };

/** The line endings a typed payload may get, as options of a <select>. */
export const LINE_ENDING_OPTIONS: readonly { value: LineEnding; label: string }[] = LINE_ENDINGS.map((value) => ({
  value,
  get label() {
    return ENDING_LABELS[value]();
  },
}));
