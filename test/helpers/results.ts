// Reading a codec's Result in a test: the value (a failure fails the test with the codec's own
// message), or the message of an error after checking its code.
import { expect } from 'vitest';
import type { Result } from '../../src-main/shared/contract.js';

export function ok<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.message}`);
  return result.value;
}

/** `bytesOf` and `errorOf` for a text-to-bytes parser whose errors carry `defaultCode`. */
export function parseProbes(
  parse: (text: string) => Result<Uint8Array>,
  defaultCode: string,
): { bytesOf: (text: string) => number[]; errorOf: (text: string, code?: string) => string } {
  return {
    bytesOf: (text) => Array.from(ok(parse(text))),
    errorOf: (text, code = defaultCode) => {
      const result = parse(text);
      if (result.ok) throw new Error(`expected an error for ${JSON.stringify(text)}`);
      expect(result.error.code).toBe(code);
      return result.error.message;
    },
  };
}
