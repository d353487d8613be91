// The addon's constants table is generated (scripts/gen-native-tables.mjs) from the constant
// names the TypeScript side uses: the checked-in header must be what the script writes now, and
// every name the engine asks the addon for must be in it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { tablesHeader, usedConstants } from '../../../scripts/gen-native-tables.mjs';
import { SOCKET_OPTION_NAMES, SOCKET_OPTIONS } from '../../../src-main/shared/contract.js';

const header = readFileSync(new URL('../../../src-main/native/wirebench_tables.h', import.meta.url), 'utf8');

describe('generated native tables', () => {
  it('are checked in as the generator writes them (run node scripts/gen-native-tables.mjs after changing a name)', () => {
    expect(header).toBe((tablesHeader as () => string)());
  });

  it('hold every socket option name and level of the contract, and no constant nothing uses', () => {
    const used = (usedConstants as () => string[])();
    for (const name of SOCKET_OPTION_NAMES) {
      expect(used, name).toContain(name);
      expect(used, SOCKET_OPTIONS[name].level).toContain(SOCKET_OPTIONS[name].level);
    }
    const compiled = [...header.matchAll(/WB_CONSTANT\((\w+)\)/g)].map((m) => m[1]);
    expect(compiled).toEqual(used);
    // The hand-kept list it replaced had 418 names, most of them read by nothing.
    expect(compiled.length).toBeLessThan(100);
  });
});
