import { describe, expect, it } from 'vitest';
import { buildEchoRequest, echoPattern, icmpErrorDescription, parseIcmp, type IcmpMessage } from '../../../../src-main/shared/codec/icmp.js';
import { internetChecksum } from '../../../../src-main/shared/codec/inet-checksum.js';
import { encodeIpv4Header } from '../../../../src-main/shared/codec/ip-header.js';
import { ok } from '../../../helpers/results.js';

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('buildEchoRequest', () => {
  it('builds an ICMP echo request with its checksum (type 8, id 1, seq 0, no payload: 0xf7fe)', () => {
    expect(toHex(buildEchoRequest('IPv4', 1, 0, new Uint8Array(0)))).toBe('0800f7fe00010000');
  });

  it('checksums over the payload too', () => {
    const message = buildEchoRequest('IPv4', 0xbeef, 65535, echoPattern(57));
    expect(internetChecksum(message)).toBe(0);
    expect(toHex(message.subarray(4, 8))).toBe('beefffff');
    expect(message.length).toBe(65);
  });

  it('leaves the ICMPv6 checksum to the kernel', () => {
    expect(toHex(buildEchoRequest('IPv6', 0x1234, 0x10000 + 5, hex('abcd')))).toBe('8000000012340005abcd');
  });

  it('fills the pattern 00 01 02 ... wrapping at 256', () => {
    const pattern = echoPattern(258);
    expect([pattern[0], pattern[1], pattern[255], pattern[256], pattern[257]]).toEqual([0, 1, 255, 0, 1]);
  });
});

describe('parseIcmp', () => {
  it('parses an echo reply', () => {
    expect(ok(parseIcmp('IPv4', hex('0000 0000 1234 0007 aabb')))).toEqual({
      kind: 'echo-reply',
      type: 0,
      code: 0,
      identifier: 0x1234,
      sequence: 7,
      payload: hex('aabb'),
    });
  });

  it('tells an echo request from a reply (a raw socket sees both on loopback)', () => {
    expect(ok(parseIcmp('IPv4', buildEchoRequest('IPv4', 1, 2, new Uint8Array(0)))).kind).toBe('echo-request');
    expect(ok(parseIcmp('IPv6', hex('8100 0000 0001 0002'))).kind).toBe('echo-reply');
    expect(ok(parseIcmp('IPv6', hex('8000 0000 0001 0002'))).kind).toBe('echo-request');
  });

  it('parses a host unreachable error and the echo request it quotes', () => {
    const quotedIcmp = buildEchoRequest('IPv4', 0x1234, 7, echoPattern(56));
    const quotedHeader = encodeIpv4Header({ protocol: 1, source: '10.0.0.1', destination: '10.0.0.2' }, quotedIcmp.length, { protocol: 1 });
    const error = new Uint8Array([...hex('0301 0000 0000 0000'), ...quotedHeader, ...quotedIcmp.subarray(0, 8)]);
    expect(ok(parseIcmp('IPv4', error))).toEqual({
      kind: 'error',
      type: 3,
      code: 1,
      description: 'Destination host unreachable (ICMP type 3, code 1)',
      quoted: { source: '10.0.0.1', destination: '10.0.0.2', protocol: 1, echo: { identifier: 0x1234, sequence: 7 } },
    } satisfies IcmpMessage);
  });

  it('parses an ICMPv6 time exceeded quoting an IPv6 echo request', () => {
    const ipv6 = hex('6000 0000 0010 3a 01' + 'fd000000000000000000000000000001' + 'fd000000000000000000000000000002');
    const error = new Uint8Array([...hex('0300 0000 0000 0000'), ...ipv6, ...hex('8000 0000 abcd 0102')]);
    expect(ok(parseIcmp('IPv6', error))).toEqual({
      kind: 'error',
      type: 3,
      code: 0,
      description: 'Hop limit exceeded in transit (ICMPv6 type 3, code 0)',
      quoted: { source: 'fd00::1', destination: 'fd00::2', protocol: 58, echo: { identifier: 0xabcd, sequence: 0x0102 } },
    });
  });

  it('quotes no echo when the original was not an echo request', () => {
    const quotedHeader = encodeIpv4Header({ protocol: 17, source: '10.0.0.1', destination: '10.0.0.2' }, 8, { protocol: 17 });
    const error = new Uint8Array([...hex('0303 0000 0000 0000'), ...quotedHeader, ...hex('d431 0035 0008 0000')]);
    const parsed = ok(parseIcmp('IPv4', error));
    expect(parsed.kind === 'error' && parsed.quoted).toEqual({ source: '10.0.0.1', destination: '10.0.0.2', protocol: 17, echo: null });
  });

  it('leaves other types as other, and errs on truncation', () => {
    expect(ok(parseIcmp('IPv4', hex('0500 0000 0a000001')))).toEqual({ kind: 'other', type: 5, code: 0 });
    const short = parseIcmp('IPv4', hex('0000 0000 12'));
    expect(short.ok ? '' : short.error.message).toBe('Truncated ICMP echo message: 5 bytes, but its header has 8.');
    const tiny = parseIcmp('IPv6', hex('81'));
    expect(tiny.ok ? '' : tiny.error.message).toBe('Truncated ICMPv6 message: 1 bytes, but the header has at least 4.');
  });

  it('words errors by family', () => {
    expect(icmpErrorDescription('IPv4', 11, 0)).toBe('Time to live exceeded in transit (ICMP type 11, code 0)');
    expect(icmpErrorDescription('IPv6', 1, 4)).toBe('Destination port unreachable (ICMPv6 type 1, code 4)');
    expect(icmpErrorDescription('IPv4', 0, 0)).toBeNull();
  });
});
