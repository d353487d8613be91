// Which reply rules may match a frame, found without trying them: a rule names bytes every frame
// it matches contains (its pattern's, see CompiledRule.needs), and each rule waits in the bucket
// of one of them (the highest: letters late in the alphabet are rarer than digits and spaces).
// A small frame wakes only the buckets of the bytes it has, so 50 rules cost a few steps, not
// 50 tries. Rules that name no bytes are always tried; a long frame tries every rule.
import type { CompiledRule } from '../../shared/codec/rules.js';

/** Frames up to this long are filtered (a set of their bytes is made); longer ones try every rule. */
const FILTER_MAX = 4096;

export class RuleFilter {
  /** Per rule: its needed bytes as pairs (word, bits) of the non-zero words of the 256-bit set. */
  readonly #need: (Int32Array | null)[];
  readonly #buckets: number[][] = Array.from({ length: 256 }, () => []);
  readonly #always: number[] = [];
  /** Every enabled rule, in order (what a long frame tries). */
  readonly #enabledList: Int32Array;
  /** The rules the last frame may match, in order: the first `frame()` of them. */
  readonly candidates: Int32Array;
  #all = false;
  readonly #has = new Uint32Array(8);

  constructor(rules: readonly Pick<CompiledRule, 'rule' | 'needs'>[]) {
    this.#need = rules.map((c) => compact(c.needs));
    this.candidates = new Int32Array(rules.length);
    this.#enabledList = Int32Array.from(rules.flatMap((c, i) => (c.rule.enabled ? [i] : [])));
    for (const [i, c] of rules.entries()) {
      if (!c.rule.enabled) continue;
      const key = c.needs ? highest(c.needs) : -1;
      if (key < 0) this.#always.push(i);
      else this.#buckets[key]!.push(i);
    }
  }

  /** Looks at a frame: the rules it may match go to `candidates` (in order); returns how many. */
  frame(bytes: Uint8Array): number {
    this.#all = bytes.length > FILTER_MAX;
    const out = this.candidates;
    if (this.#all) {
      out.set(this.#enabledList);
      return this.#enabledList.length;
    }
    const has = this.#has;
    has.fill(0);
    let n = 0;
    const always = this.#always;
    for (let k = 0; k < always.length; k++) out[n++] = always[k]!;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      const bit = 1 << (b & 31);
      if (has[b >>> 5]! & bit) continue;
      has[b >>> 5]! |= bit;
      // Each rule is in one bucket (or always), and each byte wakes its bucket once: no repeats.
      const bucket = this.#buckets[b]!;
      for (let k = 0; k < bucket.length; k++) out[n++] = bucket[k]!;
    }
    // Few, mostly in order already: an insertion sort.
    for (let k = 1; k < n; k++) {
      const r = out[k]!;
      let j = k - 1;
      while (j >= 0 && out[j]! > r) {
        out[j + 1] = out[j]!;
        j--;
      }
      out[j + 1] = r;
    }
    return n;
  }

  /** A candidate of the last frame has every byte it needs (always, for a frame too long to filter). */
  may(i: number): boolean {
    const need = this.#need[i];
    if (this.#all || !need) return true;
    const has = this.#has;
    for (let k = 0; k < need.length; k += 2) {
      const bits = need[k + 1]!;
      if ((has[need[k]!]! & bits) !== bits) return false;
    }
    return true;
  }
}

function compact(needs: Uint32Array | null): Int32Array | null {
  if (!needs) return null;
  const pairs: number[] = [];
  for (let k = 0; k < 8; k++) if (needs[k] !== 0) pairs.push(k, needs[k]! | 0);
  return Int32Array.from(pairs);
}

/** The highest byte value in a 256-bit set, or -1. */
function highest(set: Uint32Array): number {
  for (let k = 7; k >= 0; k--) if (set[k] !== 0) return k * 32 + 31 - Math.clz32(set[k]!);
  return -1;
}
