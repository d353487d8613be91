// pcapng blocks on byte fixtures (as the format's draft lays them out, little endian), and the
// packets inside them: addresses parsed, lengths and every checksum right.
import { describe, expect, it } from 'vitest';
import { enhancedPacket, interfaceDescription, LINKTYPE_RAW, sectionHeader } from '../../../../src-main/shared/codec/pcapng.js';
import { parseIpAddress, parseIpv6, tcpPacket, TCP_ACK, TCP_PSH, udpPacket, icmpPacket } from '../../../../src-main/shared/codec/packets.js';
import { internetChecksum } from '../../../../src-main/shared/codec/inet-checksum.js';
import { TcpFlow, MAX_SEGMENT } from '../../../../src-main/shared/codec/tcp-flow.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('pcapng blocks', () => {
  it('Section Header: type, length, byte-order magic, version 1.0, unknown section length, shb_userappl', () => {
    expect(hex(sectionHeader('Wb'))).toBe(
      '0a0d0d0a' + '28000000' + '4d3c2b1a' + '0100' + '0000' + 'ffffffffffffffff' + '0400' + '0200' + '57620000' + '00000000' + '28000000',
    );
  });

  it('Interface Description: link type RAW (101), no snap length, if_name, if_tsresol = 6 (microseconds)', () => {
    expect(hex(interfaceDescription(LINKTYPE_RAW, 'wb'))).toBe(
      '01000000' + '28000000' + '6500' + '0000' + '00000000' + '0200' + '0200' + '77620000' + '0900' + '0100' + '06000000' + '00000000' + '28000000',
    );
  });

  it('Enhanced Packet: microsecond timestamp in two halves, lengths, padded data, comment and epb_flags', () => {
    // 2024-01-01T00:00:00.000001Z = 1704067200000001 µs: high 32 bits 0x00060dd7, low 0x10212001.
    const block = enhancedPacket(1704067200000.001, Uint8Array.of(0x45, 1, 2), 'in', 'hi');
    expect(hex(block)).toBe(
      '06000000' + '38000000' + '00000000' + 'd70d0600' + '01202110' +
        '03000000' + '03000000' + '45010200' + '0100' + '0200' + '68690000' + '0200' + '0400' + '01000000' + '00000000' + '38000000',
    );
    const out = enhancedPacket(0, new Uint8Array(0), 'out');
    expect(hex(out.subarray(28, 36))).toBe('0200' + '0400' + '02000000');
  });
});

describe('packets', () => {
  it('parses IPv6 text, with :: and an IPv4 tail, and refuses what is not one', () => {
    expect(hex(parseIpv6('::1')!)).toBe('00000000000000000000000000000001');
    expect(hex(parseIpv6('fe80::1:2%eth0')!)).toBe('fe800000000000000000000000010002');
    expect(hex(parseIpv6('::ffff:10.1.2.3')!)).toBe('00000000000000000000ffff0a010203');
    expect(hex(parseIpv6('1:2:3:4:5:6:7:8')!)).toBe('00010002000300040005000600070008');
    for (const bad of ['1::2::3', '1:2:3', 'g::1', '1:2:3:4:5:6:7:8:9']) expect(parseIpv6(bad)).toBeNull();
    expect(hex(parseIpAddress('127.0.0.1')!)).toBe('7f000001');
  });

  it('builds IPv4 and IPv6 packets whose IP, TCP, UDP and ICMPv6 checksums verify', () => {
    const a = { address: Uint8Array.of(127, 0, 0, 1), port: 40000 };
    const b = { address: Uint8Array.of(127, 0, 0, 2), port: 80 };
    const p = tcpPacket(a, b, 1, 2, TCP_PSH | TCP_ACK, Uint8Array.of(1, 2, 3));
    expect(p.length).toBe(43);
    expect(internetChecksum(p.subarray(0, 20))).toBe(0);
    const pseudo = Buffer.concat([a.address, b.address, Buffer.of(0, 6, 0, 23), p.subarray(20)]);
    expect(internetChecksum(pseudo)).toBe(0);
    const six = { address: parseIpv6('::1')!, port: 5 };
    const u = udpPacket(six, { ...six, port: 6 }, Uint8Array.of(9));
    expect(u[0]! >> 4).toBe(6);
    expect(internetChecksum(Buffer.concat([six.address, six.address, Buffer.of(0, 0, 0, 9, 0, 0, 0, 17), u.subarray(40)]))).toBe(0);
    const icmp6 = icmpPacket(six.address, six.address, Uint8Array.of(128, 0, 0, 0, 0, 1, 0, 1));
    expect(internetChecksum(Buffer.concat([six.address, six.address, Buffer.of(0, 0, 0, 8, 0, 0, 0, 58), icmp6.subarray(40)]))).toBe(0);
  });

  it('a flow: handshake once, segments no larger than MAX_SEGMENT with advancing sequence numbers, FIN consumes one', () => {
    const flow = new TcpFlow({ address: Uint8Array.of(127, 0, 0, 1), port: 1000 }, { address: Uint8Array.of(127, 0, 0, 1), port: 80 }, true);
    const first = flow.data('out', new Uint8Array(MAX_SEGMENT * 2 + 1), 1000);
    const flags = first.map((p) => p.bytes[33]);
    expect(flags.slice(0, 3)).toEqual([0x02, 0x12, 0x10]); // SYN, SYN-ACK, ACK
    const data = first.filter((p) => p.bytes.length > 40);
    expect(data.map((p) => p.bytes.length - 40)).toEqual([MAX_SEGMENT, MAX_SEGMENT, 1]);
    const seqs = data.map((p) => new DataView(p.bytes.buffer).getUint32(24));
    expect(seqs[1]! - seqs[0]!).toBe(MAX_SEGMENT);
    const fin = flow.close('out', 2000);
    expect(fin.map((p) => p.bytes[33])).toEqual([0x11, 0x11, 0x10]);
    expect(flow.data('in', Uint8Array.of(1), 3000)).toEqual([]);
  });
});
