// Helpers for error messages that point into what the user typed. They run only on the error
// path, so they may scan the text from its start.

/** The 1-based position of the character at UTF-16 `index`, counting a surrogate pair as one. */
export function charPosition(text: string, index: number): number {
  let position = 1;
  for (let i = 0; i < index; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < index) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    position++;
  }
  return position;
}

/** The whole character (code point) starting at `index`. */
export function charAt(text: string, index: number): string {
  const cp = text.codePointAt(index);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

/**
 * The character at `index` quoted for a message: `"g"`, or `U+00A0` when it would be invisible
 * or confusing inside quotes (controls, spaces other than the plain space, format characters).
 */
export function quoteChar(text: string, index: number): string {
  const ch = charAt(text, index);
  if (ch === '' || !isPlainlyVisible(ch)) return codePointName(ch.codePointAt(0) ?? 0);
  return `"${ch}"`;
}

export function codePointName(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

function isPlainlyVisible(ch: string): boolean {
  if (ch === ' ') return true;
  return !/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Z}]/u.test(ch);
}
