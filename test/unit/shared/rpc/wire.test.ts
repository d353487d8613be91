import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire } from '../../../../src-main/shared/rpc/wire.js';

const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);

function roundTrip(value: unknown): unknown {
  const decoded = decodeWire(encodeWire(value));
  if (!decoded.ok) throw new Error(decoded.error.message);
  return decoded.value;
}

describe('wire JSON', () => {
  it('carries every byte value, anywhere in a value', () => {
    const value = {
      id: 7,
      result: { ok: true, value: { entries: [{ seq: 0, bytes: ALL_BYTES }, { seq: 1, bytes: new Uint8Array(0) }], total: 2 } },
      list: [ALL_BYTES.subarray(250), 'text'],
    };
    const back = roundTrip(value) as typeof value;
    expect(back).toEqual(value);
    expect(back.result.value.entries[0]!.bytes).toBeInstanceOf(Uint8Array);
    expect([...back.result.value.entries[0]!.bytes]).toEqual([...ALL_BYTES]);
    expect([...(back.list[0] as Uint8Array)]).toEqual([250, 251, 252, 253, 254, 255]);
  });

  it('sends bytes as a base64 marker, and a subarray as only its own bytes', () => {
    const view = new Uint8Array([9, 0x68, 0x69, 9]).subarray(1, 3);
    expect(encodeWire({ b: view })).toBe('{"b":{"$bytes":"aGk="}}');
    expect(encodeWire(new Uint8Array([0xff]))).toBe('{"$bytes":"/w=="}');
  });

  it('carries a Node Buffer as bytes, not as its toJSON shape', () => {
    const back = roundTrip({ bytes: Buffer.from([1, 2, 3]) }) as { bytes: unknown };
    expect(back.bytes).toBeInstanceOf(Uint8Array);
    expect([...(back.bytes as Uint8Array)]).toEqual([1, 2, 3]);
  });

  it('keeps plain JSON as it is', () => {
    const value = { a: [1, 'two', null, true, { nested: { deep: -1.5 } }], s: 'ü \u0000 "' };
    expect(roundTrip(value)).toEqual(value);
  });

  it('leaves objects that only look like markers alone', () => {
    expect(roundTrip({ $bytes: 5 })).toEqual({ $bytes: 5 });
    expect(roundTrip({ $bytes: 'AA==', other: 1 })).toEqual({ $bytes: 'AA==', other: 1 });
  });

  it('refuses text that is not JSON, with a coded error', () => {
    for (const text of ['', '{', 'undefined', "{'a':1}", '[1,]']) {
      const decoded = decodeWire(text);
      expect(decoded.ok, text).toBe(false);
      if (!decoded.ok) {
        expect(decoded.error.code).toBe('INVALID_PAYLOAD');
        expect(decoded.error.message).toMatch(/not valid JSON/);
      }
    }
  });

  it('refuses a bytes marker that is not strict base64', () => {
    for (const b64 of ['A', 'AA=', 'A===', '*AAA', 'AA-_']) {
      const decoded = decodeWire(JSON.stringify({ bytes: { $bytes: b64 } }));
      expect(decoded, b64).toEqual({
        ok: false,
        error: { code: 'INVALID_PAYLOAD', message: 'The message holds bytes that are not valid base64.' },
      });
    }
  });

  it('does not let "__proto__" in a message reach a prototype', () => {
    const decoded = decodeWire('{"__proto__": {"polluted": true}, "a": 1}');
    if (!decoded.ok) throw new Error(decoded.error.message);
    expect(Object.getPrototypeOf(decoded.value)).toBe(Object.prototype);
    expect((decoded.value as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('throws like JSON.stringify on what JSON cannot hold', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => encodeWire(cyclic)).toThrow();
    expect(() => encodeWire({ n: 1n })).toThrow();
  });
});
