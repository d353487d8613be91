import { describe, expect, it } from 'vitest';
import type { Result } from '../../../../src-main/shared/contract.js';
import { ok } from '../../../helpers/results.js';
import { internetChecksum } from '../../../../src-main/shared/codec/inet-checksum.js';
import { formatIpv6, parseIpv4 } from '../../../../src-main/shared/codec/ip-address.js';
import {
  buildIpv4Packet,
  decodeIpv4Header,
  decodeIpv6Header,
  encodeIpv4Header,
  protocolName,
  splitIpv4Packet,
} from '../../../../src-main/shared/codec/ip-header.js';

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function errorOf<T>(result: Result<T>): string {
  if (result.ok) throw new Error('expected an error');
  expect(result.error.code).toBe('INVALID_PAYLOAD');
  return result.error.message;
}

// A UDP packet's header from 192.168.0.1 to 192.168.0.199 with its known checksum 0xb861.
const KNOWN_HEADER = hex('4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7');

describe('internetChecksum', () => {
  it('matches the RFC 1071 worked example', () => {
    // Sum 0x2ddf0 folds to 0xddf2; its complement is 0x220d.
    expect(internetChecksum(hex('0001 f203 f4f5 f6f7'))).toBe(0x220d);
  });

  it('pads an odd last byte with zero on the right', () => {
    expect(internetChecksum(hex('0001 f203 f4f5 f6'))).toBe(internetChecksum(hex('0001 f203 f4f5 f600')));
  });

  it('is zero over a header that carries its own correct checksum', () => {
    expect(internetChecksum(KNOWN_HEADER)).toBe(0);
  });

  it('carries past 16 bits over a long input', () => {
    const bytes = new Uint8Array(70_000).fill(0xff);
    expect(internetChecksum(bytes)).toBe(0);
  });
});

describe('encodeIpv4Header', () => {
  it('reproduces a known header with its checksum computed', () => {
    const header = encodeIpv4Header(
      { tos: 0, id: 0, flags: 2, ttl: 64, protocol: 17, source: '192.168.0.1', destination: '192.168.0.199' },
      0x73 - 20,
      { protocol: 253 },
    );
    expect(toHex(header)).toBe(toHex(KNOWN_HEADER));
  });

  it('fills defaults: version 4, IHL 5, TTL 64, the session protocol and destination, 0.0.0.0 source', () => {
    const header = ok(decodeIpv4Header(encodeIpv4Header({}, 4, { protocol: 253, destination: '127.0.0.1' })));
    expect(header).toMatchObject({
      version: 4,
      ihl: 5,
      totalLength: 24,
      ttl: 64,
      protocol: 253,
      protocolName: 'Experimental',
      source: '0.0.0.0',
      destination: '127.0.0.1',
      checksumValid: true,
    });
  });

  it('keeps an overridden checksum and total length as given', () => {
    const header = encodeIpv4Header({ checksum: 0xbeef, totalLength: 1000 }, 4, { protocol: 1, destination: '10.0.0.1' });
    const decoded = ok(decodeIpv4Header(header));
    expect(decoded.checksum).toBe(0xbeef);
    expect(decoded.checksumValid).toBe(false);
    expect(decoded.totalLength).toBe(1000);
  });

  it('zero-fills the options area when IHL is above 5', () => {
    const header = encodeIpv4Header({ ihl: 6 }, 0, { protocol: 6, destination: '10.0.0.1' });
    expect(header.length).toBe(24);
    const decoded = ok(decodeIpv4Header(header));
    expect(Array.from(decoded.options)).toEqual([0, 0, 0, 0]);
    expect(decoded.checksumValid).toBe(true);
  });

  it('names the field that does not fit', () => {
    expect(() => encodeIpv4Header({ ttl: 256 }, 0, { protocol: 1 })).toThrow(/TTL must be 0 to 255; it is 256/);
    expect(() => encodeIpv4Header({ source: '300.1.1.1' }, 0, { protocol: 1 })).toThrow(/source must be an IPv4 address/);
    expect(() => encodeIpv4Header({ ihl: 4 }, 0, { protocol: 1 })).toThrow(/IHL\) must be 5 to 15/);
  });

  it('buildIpv4Packet puts the payload after the header', () => {
    const packet = buildIpv4Packet({ id: 0x1234, tos: 0x10, ttl: 9 }, hex('cafe'), { protocol: 253, destination: '127.0.0.1' });
    const split = ok(splitIpv4Packet(packet));
    expect(split.header).toMatchObject({ id: 0x1234, tos: 0x10, dscp: 4, ecn: 0, ttl: 9, totalLength: 22, checksumValid: true });
    expect(toHex(split.payload)).toBe('cafe');
  });
});

describe('decodeIpv4Header', () => {
  it('decodes every field of a known header', () => {
    expect(ok(decodeIpv4Header(KNOWN_HEADER))).toEqual({
      version: 4,
      ihl: 5,
      headerLength: 20,
      tos: 0,
      dscp: 0,
      ecn: 0,
      totalLength: 0x73,
      id: 0,
      flags: 2,
      dontFragment: true,
      moreFragments: false,
      fragmentOffset: 0,
      ttl: 64,
      protocol: 17,
      protocolName: 'UDP',
      checksum: 0xb861,
      checksumValid: true,
      source: '192.168.0.1',
      destination: '192.168.0.199',
      options: new Uint8Array(0),
    });
  });

  it('says a flipped bit breaks the checksum', () => {
    const broken = KNOWN_HEADER.slice();
    broken[8] = 63;
    expect(ok(decodeIpv4Header(broken)).checksumValid).toBe(false);
  });

  it('reads MF and the fragment offset', () => {
    const header = encodeIpv4Header({ flags: 1, fragmentOffset: 185 }, 8, { protocol: 17, destination: '10.0.0.1' });
    expect(ok(decodeIpv4Header(header))).toMatchObject({ moreFragments: true, dontFragment: false, fragmentOffset: 185 });
  });

  it('errs in words on truncated or non-IPv4 input', () => {
    expect(errorOf(decodeIpv4Header(KNOWN_HEADER.subarray(0, 12)))).toBe('Truncated IPv4 header: 12 bytes, but a header has at least 20.');
    expect(errorOf(decodeIpv4Header(hex('6000 0000 0000 0000 0000 0000 0000 0000 0000 0000')))).toBe('Not an IPv4 header: the version field is 6 (IPv4 is 4).');
    const short = KNOWN_HEADER.slice();
    short[0] = 0x44;
    expect(errorOf(decodeIpv4Header(short))).toMatch(/IHL\) is 4 words, less than the minimum of 5/);
    const long = KNOWN_HEADER.slice();
    long[0] = 0x47;
    expect(errorOf(decodeIpv4Header(long))).toBe('Truncated IPv4 header: its length field says 28 bytes (IHL 7), but only 20 are here.');
  });

  it('splitIpv4Packet stops the payload at the total length', () => {
    const packet = new Uint8Array([...buildIpv4Packet({}, hex('0102'), { protocol: 253, destination: '10.0.0.1' }), 0xee, 0xee]);
    expect(toHex(ok(splitIpv4Packet(packet)).payload)).toBe('0102');
  });
});

describe('decodeIpv6Header', () => {
  it('decodes a header from ::1 to fe80::1 carrying ICMPv6', () => {
    const header = hex('6a0 12345 0010 3a 40' + '00000000000000000000000000000001' + 'fe800000000000000000000000000001');
    expect(ok(decodeIpv6Header(header))).toEqual({
      version: 6,
      trafficClass: 0xa0,
      flowLabel: 0x12345,
      payloadLength: 16,
      nextHeader: 58,
      nextHeaderName: 'ICMPv6',
      hopLimit: 64,
      source: '::1',
      destination: 'fe80::1',
    });
  });

  it('errs on truncated input', () => {
    expect(errorOf(decodeIpv6Header(new Uint8Array(39)))).toBe('Truncated IPv6 header: 39 bytes, but the header has 40.');
  });
});

describe('addresses and names', () => {
  it.each([
    ['00000000000000000000000000000000', '::'],
    ['00000000000000000000000000000001', '::1'],
    ['20010db8000000000001000000000001', '2001:db8::1:0:0:1'],
    ['20010db8000000010001000100010001', '2001:db8:0:1:1:1:1:1'],
    ['20010db8000000000000000100000000', '2001:db8::1:0:0'],
  ])('formats %s as %s', (bytes, text) => {
    expect(formatIpv6(hex(bytes))).toBe(text);
  });

  it('parses only dotted quads', () => {
    expect(Array.from(parseIpv4('10.0.0.255')!)).toEqual([10, 0, 0, 255]);
    expect(parseIpv4('10.0.0')).toBeNull();
    expect(parseIpv4('10.0.0.256')).toBeNull();
    expect(parseIpv4('10.0.0.01')).toBeNull();
  });

  it('names common protocols and leaves the rest null', () => {
    expect([protocolName(1), protocolName(6), protocolName(58), protocolName(200)]).toEqual(['ICMP', 'TCP', 'ICMPv6', null]);
  });
});
