// The rule filter passes over rules a frame cannot match by the bytes they need: the first rule
// that matches is the same with and without it, whatever the rules and frames.
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { Rule, RULE_WHENS } from '../../../../src-main/shared/contract.js';
import { compileRule, type CompiledRule } from '../../../../src-main/shared/codec/rules.js';
import { RuleFilter } from '../../../../src-main/engine/receive/rule-filter.js';

const ALPHABET = [0x61, 0x62, 0x63, 0x79, 0x30, 0x20, 0x0a, 0xc3, 0xa9, 0xff];

function firstMatch(rules: CompiledRule[], frame: Uint8Array, filter?: RuleFilter): number {
  if (!filter) return rules.findIndex((c) => c.rule.enabled && c.match(frame) !== null);
  const n = filter.frame(frame);
  for (let k = 0; k < n; k++) {
    const i = filter.candidates[k]!;
    if (filter.may(i) && rules[i]!.match(frame) !== null) return i;
  }
  return -1;
}

describe('the rule filter', () => {
  it('finds the same first matching rule as trying every rule, in order', () => {
    const pattern = fc.array(fc.constantFrom('a', 'b', 'c', 'y', '0', ' ', 'é', '^', '$', '.', '?', '(', ')', '\\d'), { maxLength: 5 }).map((a) => a.join(''));
    const rule = fc.record({
      when: fc.constantFrom(...RULE_WHENS),
      pattern,
      enabled: fc.boolean(),
      hex: fc.constantFrom('61 ??', '79', '?? 30 20', 'C3 A9'),
    });
    const frame = fc.uint8Array({ maxLength: 24 }).map((b) => b.map((x) => ALPHABET[x % ALPHABET.length]!));
    fc.assert(
      fc.property(fc.array(rule, { minLength: 1, maxLength: 12 }), fc.array(frame, { minLength: 1, maxLength: 8 }), (inputs, frames) => {
        const rules: CompiledRule[] = [];
        for (const r of inputs) {
          const c = compileRule(v.parse(Rule, { when: r.when, pattern: r.when === 'hex' ? r.hex : r.pattern, enabled: r.enabled }), 'utf-8');
          rules.push(c.ok ? c.value : { rule: v.parse(Rule, { when: 'contains', pattern: 'x', enabled: false }), needs: null, match: () => null });
        }
        const filter = new RuleFilter(rules);
        for (const f of frames) expect(firstMatch(rules, f, filter)).toBe(firstMatch(rules, f));
      }),
      { numRuns: 2000 },
    );
  });

  it('tries every enabled rule, in order, on a frame too long to filter', () => {
    const rules = ['zzz', 'yyy'].map((p) => {
      const c = compileRule(v.parse(Rule, { when: 'contains', pattern: p }), 'utf-8');
      if (!c.ok) throw new Error(c.error.message);
      return c.value;
    });
    const filter = new RuleFilter(rules);
    expect(filter.frame(new Uint8Array(10))).toBe(0);
    const long = new Uint8Array(5000);
    long.set([0x79, 0x79, 0x79], 4000);
    expect(Array.from(filter.candidates.subarray(0, filter.frame(long)))).toEqual([0, 1]);
    expect(firstMatch(rules, long, filter)).toBe(1);
  });
});
