// Whole numbers typed into a field, the one parser every form uses: decimal, and where the field
// allows it hex with 0x (checksums and option numbers are often written that way). Pure, so forms
// can check input before anything is sent.

/**
 * The number typed, or null when it is not a whole number in [min, max]. A sign is taken only
 * where negative numbers are allowed (min < 0); "8e1" and "1.5" are never whole numbers.
 */
export function parseWholeNumber(text: string, min: number, max: number, options: { hex?: boolean } = {}): number | null {
  const t = text.trim();
  let value: number;
  if ((min < 0 ? /^-?\d+$/ : /^\d+$/).test(t)) value = Number(t);
  else if (options.hex && /^0x[0-9a-f]+$/i.test(t)) value = Number.parseInt(t.slice(2), 16);
  else return null;
  return Number.isSafeInteger(value) && value >= min && value <= max ? value : null;
}
