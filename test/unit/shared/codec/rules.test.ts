import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { Rule, type RuleInput } from '../../../../src-main/shared/contract.js';
import fc from 'fast-check';
import { byteSet, compileRule, covers } from '../../../../src-main/shared/codec/rules.js';
import { compileReply, fillCaptures, replyBytes } from '../../../../src-main/shared/codec/rule-reply.js';
import { requiredAsciiPrefix } from '../../../../src-main/shared/codec/regex.js';

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
    expect(compiled({ when: 'contains', pattern: 'ING' }).match(text('PING\r\n'))).toEqual(['ING']);
    expect(compiled({ when: 'contains', pattern: 'PONG' }).match(text('PING'))).toBeNull();
    expect(compiled({ when: 'equals', pattern: 'PING' }).match(text('PING'))).not.toBeNull();
    expect(compiled({ when: 'equals', pattern: 'PING' }).match(text('PING\n'))).toBeNull();
    expect(compiled({ when: 'starts-with', pattern: 'GET ' }).match(text('GET / HTTP/1.1'))).not.toBeNull();
    expect(compiled({ when: 'starts-with', pattern: 'GET ' }).match(text('POST /'))).toBeNull();
    expect(compiled({ when: 'ends-with', pattern: '\r\n' }).match(text('x\r\n'))).not.toBeNull();
    expect(compiled({ when: 'ends-with', pattern: '\r\n' }).match(text('\n'))).toBeNull();
    const re = compiled({ when: 'regex', pattern: '^GET /(\\w+) (?<version>HTTP/[\\d.]+)' }).match(text('GET /hello HTTP/1.1\r\n'));
    expect(Array.from(re!)).toEqual(['GET /hello HTTP/1.1', 'hello', 'HTTP/1.1']);
    expect({ ...re!.groups }).toEqual({ version: 'HTTP/1.1' });
    // Text patterns are in the tab's encoding.
    expect(compiled({ when: 'contains', pattern: '你好' }, 'gb18030').match(Uint8Array.of(0x41, 0xc4, 0xe3, 0xba, 0xc3))).not.toBeNull();
  });

  it('matches hex patterns with ?? wildcards anywhere in the frame, capturing the bytes', () => {
    const rule = compiled({ when: 'hex', pattern: '01 03 ?? ??' });
    expect(rule.match(Uint8Array.of(0x01, 0x03, 0x00, 0x0a, 0xc5, 0xcd))).toEqual(['01 03 00 0A']);
    expect(rule.match(Uint8Array.of(0xff, 0x01, 0x03, 0x12, 0x34))).toEqual(['01 03 12 34']);
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
    const captures = Object.assign(['GET /hello', 'hello'], { groups: { path: 'hello' } });
    expect(fillCaptures('you asked for $1 (${path}) in "$0", $$5', captures)).toEqual({ ok: true, value: 'you asked for hello (hello) in "GET /hello", $5' });
    const missing = fillCaptures('ok $2', captures);
    expect(!missing.ok && missing.error.message).toBe('Reply: $2 at position 4: the pattern has 1 numbered groups.');
    const unnamed = fillCaptures('${nope}', captures);
    expect(!unnamed.ok && unnamed.error.message).toBe('Reply: ${nope} at position 1: the pattern has no group of that name.');
  });

  const reply = (input: RuleInput, captures: { groups: string[]; named?: Record<string, string> }, encoding: 'utf-8' | 'utf-16le' = 'utf-8', expand?: (t: string) => { ok: true; value: string }) => {
    const r = replyBytes(compileReply(v.parse(Rule, input), encoding), Object.assign([...captures.groups], { groups: captures.named }), expand);
    return r.ok ? Buffer.from(r.value).toString('latin1') : `${r.error.code}: ${r.error.message}`;
  };

  it('answers with the reply: escapes and line ending once, captures as the text they are', () => {
    const caps = { groups: ['GET /a\\n', 'a\\n'], named: { who: 'ann' } };
    expect(reply({ when: 'contains', pattern: '', reply: 'OK\\r', lineEnding: 'lf' }, caps)).toBe('OK\r\n');
    // A captured backslash stays one (it is not an escape); $$ is a dollar sign.
    expect(reply({ when: 'regex', pattern: '.', reply: 'got $1 for ${who}: $$5\\x00' }, caps)).toBe('got a\\n for ann: $5\0');
    expect(reply({ when: 'regex', pattern: '.', reply: 'é $1' }, { groups: ['', 'ü'] })).toBe(Buffer.from('é ü').toString('latin1'));
    expect(reply({ when: 'regex', pattern: '.', reply: 'A$1', lineEnding: 'crlf' }, { groups: ['', 'b'] }, 'utf-16le')).toBe('A\0b\0\r\0\n\0');
    // Hex: a Hex pattern's capture is hex digits, bytes again.
    expect(reply({ when: 'hex', pattern: '01 03', reply: '$0 FF', format: 'hex' }, { groups: ['01 03'] })).toBe('\x01\x03\xff');
    expect(reply({ when: 'regex', pattern: '.', reply: 'ok $2' }, caps)).toBe('INVALID_PAYLOAD: Reply: $2 at position 4: the pattern has 1 numbered groups.');
    // With variables: expanded after the captures went in, a capture's {{ and \ kept as they are.
    const expand = (t: string) => ({ ok: true as const, value: t.replace('{{counter}}', '7').replaceAll('{{{{', '{{') });
    expect(reply({ when: 'regex', pattern: '.', reply: '{{counter}} $1', expand: true }, { groups: ['', '{{x}}\\'] }, 'utf-8', expand)).toBe('7 {{x}}\\');
    // A capture inside an escape ("\x4$1") is put in first, then the text parsed, as a send is.
    expect(reply({ when: 'regex', pattern: '.', reply: '\\x4$1' }, { groups: ['', '1'] })).toBe('A');
    expect(reply({ when: 'regex', pattern: '.', reply: '\\x4$1' }, { groups: ['', 'z'] })).toMatch(/^INVALID_ESCAPE: Incomplete escape "\\x4"/);
  });

  it('passes over frames by the bytes a rule needs, never one it would match', () => {
    expect(requiredAsciiPrefix('^never0 (\\d+)$')).toBe('never0 ');
    expect(requiredAsciiPrefix('^ab?c')).toBe('a');
    expect(requiredAsciiPrefix('^GET|^POST')).toBe('');
    expect(requiredAsciiPrefix('GET')).toBe('');
    expect(requiredAsciiPrefix('^\\d')).toBe('');
    const alphabet = fc.constantFrom(...'ab^$?*+.|\\()[]{}01 '.split(''));
    fc.assert(
      fc.property(
        fc.constantFrom('contains', 'equals', 'starts-with', 'ends-with', 'regex', 'hex'),
        fc.array(alphabet, { maxLength: 6 }).map((a) => a.join('')),
        fc.uint8Array({ maxLength: 12 }).map((b) => b.map((x) => [0x61, 0x62, 0x30, 0x31, 0x20, 0xc3, 0xff][x % 7]!)),
        (when, pattern, frame) => {
          const rule = compileRule(v.parse(Rule, { when, pattern: when === 'hex' ? '61 ?? 62' : pattern }), 'utf-8');
          if (!rule.ok || !rule.value.needs) return;
          if (rule.value.match(frame)) expect(covers(byteSet(frame) ?? new Uint32Array(8), rule.value.needs)).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
