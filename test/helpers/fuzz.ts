// What the contract fuzzers (test/unit/api/fuzz*.test.ts) share: how many cases, the property
// every reply must have, and how a valid payload is broken.
import { expect } from 'vitest';
import { ERROR_CODES, type Result } from '../../src-main/shared/contract.js';
import type { Json } from './valid-payloads.js';

/** Cases per property: a few thousand in `npm test`, FUZZ_RUNS (100,000) under `npm run fuzz`. */
export const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 3000);

const KNOWN = new Set<string>(ERROR_CODES);

/** A reply the contract allows: ok, or a known code other than INTERNAL, with a short message. */
export function checkReply(result: Result<unknown>): void {
  if (result.ok) return;
  expect(KNOWN.has(result.error.code), result.error.code).toBe(true);
  expect(result.error.code).not.toBe('INTERNAL');
  expect(typeof result.error.message).toBe('string');
  expect(result.error.message.length).toBeLessThan(2000);
}

/**
 * `payload` with the value at one path (a key in it, or in an object inside it) replaced, or
 * with `addKey` added.
 */
export function mutate(payload: Json, path: number, value: unknown, addKey: string | null = null): unknown {
  const copy = structuredClone(payload) as Record<string, unknown>;
  const keys = Object.keys(copy);
  if (addKey !== null) {
    copy[addKey] = value;
    return copy;
  }
  if (keys.length === 0) return value;
  const key = keys[path % keys.length]!;
  const inner = copy[key];
  if (inner && typeof inner === 'object' && !Array.isArray(inner) && path % 3 === 0) {
    const innerKeys = Object.keys(inner);
    if (innerKeys.length > 0) (inner as Record<string, unknown>)[innerKeys[path % innerKeys.length]!] = value;
  } else copy[key] = value;
  return copy;
}
