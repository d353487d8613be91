// Whole numbers typed into a field: decimal, or hex with 0x (checksums and option numbers are
// often written that way). Pure, so forms can check input before anything is sent.

/** The number typed, or null when it is not a whole number in [min, max]. */
export function parseWholeNumber(text: string, min: number, max: number): number | null {
  const t = text.trim();
  let value: number;
  if (/^-?\d+$/.test(t)) value = Number(t);
  else if (/^0x[0-9a-f]+$/i.test(t)) value = Number.parseInt(t.slice(2), 16);
  else return null;
  return Number.isSafeInteger(value) && value >= min && value <= max ? value : null;
}
