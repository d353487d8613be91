/** An aria-describedby value: the ids given, or undefined (no attribute) when there are none. */
export function describedBy(...ids: (string | null | undefined)[]): string | undefined {
  return ids.filter((x) => x !== null && x !== undefined).join(' ') || undefined;
}
