// "Copy as" formats' names in the language in force.
import type { CopyFormat } from '$shared/codec/copy-as.js';
import { m } from './i18n.svelte.js';

const LABELS: Record<CopyFormat, () => string> = {
  hex: m.hex,
  c: m.copy_c_array,
  python: m.copy_python_bytes,
  base64: () => 'Base64',
  text: m.text,
  escaped: m.copy_escaped_text,
};

export function copyLabel(format: CopyFormat): string {
  return LABELS[format]();
}
