// The ways a typed payload can be read, as options of a <select>.
import { INPUT_FORMATS, type InputFormat } from '$shared/contract.js';

const LABELS: Record<InputFormat, string> = { text: 'Text', hex: 'Hex', base64: 'Base64' };

export const INPUT_FORMAT_OPTIONS: readonly { value: InputFormat; label: string }[] = INPUT_FORMATS.map((value) => ({ value, label: LABELS[value] }));
