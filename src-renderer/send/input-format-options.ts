// The ways a typed payload can be read, and the line endings it may get, as options of a <select>.
import { INPUT_FORMATS, LINE_ENDINGS, type InputFormat, type LineEnding } from '$shared/contract.js';

const LABELS: Record<InputFormat, string> = { text: 'Text', hex: 'Hex', base64: 'Base64' };

export const INPUT_FORMAT_OPTIONS: readonly { value: InputFormat; label: string }[] = INPUT_FORMATS.map((value) => ({ value, label: LABELS[value] }));

const ENDING_LABELS: Record<LineEnding, string> = { none: 'None', lf: 'LF', crlf: 'CRLF', cr: 'CR' };

/** The line endings a typed payload may get, as options of a <select>. */
export const LINE_ENDING_OPTIONS: readonly { value: LineEnding; label: string }[] = LINE_ENDINGS.map((value) => ({ value, label: ENDING_LABELS[value] }));
