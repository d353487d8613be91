import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { Rule, type RuleInput } from '../../../../src-main/shared/contract.js';
import { compileRule, fillCaptures } from '../../../../src-main/shared/codec/rules.js';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

function compiled(input: RuleInput, encoding: 'utf-8' | 'gb18030' = 'utf-8') {
  const r = compileRule(v.parse(Rule, input), encoding);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function error(input: RuleInput): string {
  const r = compileRule(v.parse(Rule, input), 'utf-8');
  return r.ok ? 'ok' : `${r.error.code}: ${r.error.message}`;
}

describe('reply rules', () => {
  it('matches each When mode, with what it captured', () => {
    expect(compiled({ when: 'contains', pattern: 'ING' }).match(text('PING\r\n'))?.groups).toEqual(['ING']);
    expect(compiled({ when: 'contains', pattern: 'PONG' }).match(text('PING'))).toBeNull();
    expect(compiled({ when: 'equals', pattern: 'PING' }).match(text('PING'))).not.toBeNull();
    expect(compiled({ when: 'equals', pattern: 'PING' }).match(text('PING\n'))).toBeNull();
    expect(compiled({ when: 'starts-with', pattern: 'GET ' }).match(text('GET / HTTP/1.1'))).not.toBeNull();
    expect(compiled({ when: 'starts-with', pattern: 'GET ' }).match(text('POST /'))).toBeNull();
    expect(compiled({ when: 'ends-with', pattern: '\r\n' }).match(text('x\r\n'))).not.toBeNull();
    expect(compiled({ when: 'ends-with', pattern: '\r\n' }).match(text('\n'))).toBeNull();
    const re = compiled({ when: 'regex', pattern: '^GET /(\\w+) (?<version>HTTP/[\\d.]+)' }).match(text('GET /hello HTTP/1.1\r\n'));
    expect(re).toEqual({ groups: ['GET /hello HTTP/1.1', 'hello', 'HTTP/1.1'], named: { version: 'HTTP/1.1' } });
    // Text patterns are in the tab's encoding.
    expect(compiled({ when: 'contains', pattern: '你好' }, 'gb18030').match(Uint8Array.of(0x41, 0xc4, 0xe3, 0xba, 0xc3))).not.toBeNull();
  });

  it('matches hex patterns with ?? wildcards anywhere in the frame, capturing the bytes', () => {
    const rule = compiled({ when: 'hex', pattern: '01 03 ?? ??' });
    expect(rule.match(Uint8Array.of(0x01, 0x03, 0x00, 0x0a, 0xc5, 0xcd))?.groups).toEqual(['01 03 00 0A']);
    expect(rule.match(Uint8Array.of(0xff, 0x01, 0x03, 0x12, 0x34))?.groups).toEqual(['01 03 12 34']);
    expect(rule.match(Uint8Array.of(0x01, 0x04, 0x00, 0x0a))).toBeNull();
    expect(rule.match(Uint8Array.of(0x01, 0x03, 0x00))).toBeNull();
  });

  it('refuses invalid patterns in words, with the position', () => {
    expect(error({ when: 'regex', pattern: 'GET (/' })).toBe('INVALID_REGEX: Pattern: the regular expression is invalid at position 5: Unterminated group.');
    expect(error({ when: 'hex', pattern: '01 0G ??' })).toBe('INVALID_HEX: Hex pattern: "0G" is neither a hex byte nor ?? at position 4.');
    expect(error({ when: 'hex', pattern: '01 3' })).toBe('INVALID_HEX: Hex pattern: "3" is not whole bytes at position 4.');
    expect(error({ when: 'hex', pattern: '  ' })).toMatch(/type at least one byte/);
    expect(error({ when: 'contains', pattern: 'x' })).toBe('ok');
  });

  it('puts captures into the reply: $0..$9, ${name}, $$; a group the pattern lacks is an error with its position', () => {
    const captures = { groups: ['GET /hello', 'hello'], named: { path: 'hello' } };
    expect(fillCaptures('you asked for $1 (${path}) in "$0", $$5', captures)).toEqual({ ok: true, value: 'you asked for hello (hello) in "GET /hello", $5' });
    const missing = fillCaptures('ok $2', captures);
    expect(!missing.ok && missing.error.message).toBe('Reply: $2 at position 4: the pattern has 1 numbered groups.');
    const unnamed = fillCaptures('${nope}', captures);
    expect(!unnamed.ok && unnamed.error.message).toBe('Reply: ${nope} at position 1: the pattern has no group of that name.');
  });
});
