import { describe, expect, it } from 'vitest';
import { expandVariables, filesNamed, type VariableContext } from '../../../../src-main/shared/codec/variables.js';
import { encodePayload } from '../../../../src-main/shared/codec/payload.js';
import { toHex } from '../../../../src-main/shared/codec/hex.js';

const ctx: VariableContext = {
  counter: 7,
  seq: 42,
  now: new Date(Date.UTC(2026, 11, 4, 12, 30, 0, 250)),
  random: (n) => Uint8Array.from({ length: n }, (_, i) => 0xa0 + i),
  uuid: () => '123e4567-e89b-42d3-a456-426614174000',
  file: (path) => (path === '/tmp/x.bin' ? Uint8Array.of(0xde, 0xad) : undefined),
  captured: { user: 'ann\\x' },
};

const text = (s: string): string => {
  const r = expandVariables(s, 'text', ctx);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

/** The bytes a text payload with variables sends. */
const bytes = (s: string, format: 'text' | 'hex' = 'text'): string => {
  const r = expandVariables(s, format, ctx);
  if (!r.ok) throw new Error(r.error.message);
  const b = encodePayload({ format, text: r.value, lineEnding: 'none' });
  if (!b.ok) throw new Error(b.error.message);
  return toHex(b.value);
};

describe('variables in payloads', () => {
  it('puts each variable in', () => {
    expect(text('n={{counter}} seq={{seq}}')).toBe('n=7 seq=42');
    expect(text('{{time}}')).toBe('2026-12-04T12:30:00.250Z');
    expect(text('{{unixtime}} {{unixtime_ms}}')).toBe('1796387400 1796387400250');
    expect(text('{{uuid}}')).toBe('123e4567-e89b-42d3-a456-426614174000');
    expect(bytes('{{random:3}}')).toBe('A0 A1 A2');
    expect(text('{{random_int:1-1}}')).toBe('1');
    expect(Number(text('{{random_int:10-20}}'))).toBeGreaterThanOrEqual(10);
    expect(bytes('A{{hex:00 ff}}B')).toBe('41 00 FF 42');
    expect(bytes('{{file:/tmp/x.bin}}')).toBe('DE AD');
    // A captured value goes in as itself: its backslash is not an escape.
    expect(bytes('{{user}}')).toBe(toHex(new TextEncoder().encode('ann\\x')));
    expect(filesNamed('{{file:/a}} {{{{file:/b}} {{file:/c}}')).toEqual(['/a', '/c']);
  });

  it('writes them in hex for a hex payload', () => {
    expect(bytes('01 {{counter}} {{hex:0a0b}}', 'hex')).toBe('01 37 0A 0B');
  });

  it('keeps {{{{ as a literal {{, and names an unknown or broken variable with its position', () => {
    expect(text('{{{{counter}}')).toBe('{{counter}}');
    const unknown = expandVariables('ab {{nope}}', 'text', ctx);
    expect(!unknown.ok && unknown.error.message).toMatch(/^Variable at position 4: Unknown variable \{\{nope\}\}/);
    const open = expandVariables('x {{counter', 'text', ctx);
    expect(!open.ok && open.error.message).toMatch(/position 3: .*not closed/);
    const random = expandVariables('{{random:0}}', 'text', ctx);
    expect(!random.ok && random.error.message).toMatch(/byte count N from 1/);
    const b64 = expandVariables('{{counter}}', 'base64', ctx);
    expect(!b64.ok && b64.error.message).toMatch(/not expanded in Base64/);
  });
});
