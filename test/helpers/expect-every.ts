// `expect(list.every(ok)).toBe(true)` says only "expected false to be true"; this names the first
// item that fails, where it is, and what it holds (shortened).
import { inspect } from 'node:util';
import { expect } from 'vitest';

export function expectEvery<T>(items: readonly T[], ok: (item: T, index: number) => boolean): void {
  const bad = items.findIndex((item, index) => !ok(item, index));
  if (bad >= 0) {
    const shown = inspect(items[bad], { depth: 3, maxArrayLength: 16, maxStringLength: 200, breakLength: Infinity });
    expect.fail(`item ${bad} of ${items.length} fails the check: ${shown}`);
  }
}
