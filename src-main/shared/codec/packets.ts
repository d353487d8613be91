// IP packets built from scratch for a capture file: IPv4 or IPv6 around a TCP segment, a UDP
// datagram or an ICMP message, every checksum right (Wireshark checks them). Pure.
import { internetChecksum } from './inet-checksum.js';
import { parseIpv4 } from './ip-address.js';

export const PROTO_ICMP = 1;
export const PROTO_TCP = 6;
export const PROTO_UDP = 17;
export const PROTO_ICMPV6 = 58;

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;

/** An address (4 or 16 bytes) and a port. */
export interface PacketEndpoint {
  address: Uint8Array;
  port: number;
}

/** IPv6 text ("::1", "fe80::1%eth0", "::ffff:1.2.3.4") as 16 bytes, or null. */
export function parseIpv6(text: string): Uint8Array | null {
  let t = text.replace(/%.*$/, '');
  // A dotted IPv4 tail ("::ffff:1.2.3.4") as its two words.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(t);
  if (v4) {
    const b = parseIpv4(v4[1]!);
    if (!b) return null;
    t = t.slice(0, -v4[1]!.length) + `${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`;
  }
  const halves = t.split('::');
  if (halves.length > 2) return null;
  const words = (s: string): number[] | null => {
    if (s === '') return [];
    const out: number[] = [];
    for (const w of s.split(':')) {
      if (!/^[0-9a-f]{1,4}$/i.test(w)) return null;
      out.push(parseInt(w, 16));
    }
    return out;
  };
  const head = words(halves[0]!);
  const rest = halves.length === 2 ? words(halves[1]!) : [];
  if (!head || !rest) return null;
  const given = head.length + rest.length;
  if (halves.length === 1 ? given !== 8 : given > 7) return null;
  const all = [...head, ...new Array<number>(8 - given).fill(0), ...rest];
  const out = new Uint8Array(16);
  all.forEach((w, i) => {
    out[2 * i] = w >> 8;
    out[2 * i + 1] = w & 0xff;
  });
  return out;
}

/** An IPv4 or IPv6 address in text as bytes, or null. */
export function parseIpAddress(text: string): Uint8Array | null {
  return parseIpv4(text) ?? (text.includes(':') ? parseIpv6(text) : null);
}

/** 4 bytes: an IPv4 mapped IPv6 address as IPv4 (a dual-stack socket's peers). */
export function unmapped(address: Uint8Array): Uint8Array {
  if (address.length === 16 && address.subarray(0, 10).every((b) => b === 0) && address[10] === 0xff && address[11] === 0xff) return address.slice(12);
  return address;
}

/** The checksum of a TCP or UDP segment (or ICMPv6 message) with its IP pseudo-header. */
export function transportChecksum(src: Uint8Array, dst: Uint8Array, protocol: number, segment: Uint8Array): number {
  const pseudo = new Uint8Array(src.length === 4 ? 12 : 40);
  pseudo.set(src, 0);
  pseudo.set(dst, src.length);
  const view = new DataView(pseudo.buffer);
  if (src.length === 4) {
    pseudo[9] = protocol;
    view.setUint16(10, segment.length);
  } else {
    view.setUint32(32, segment.length);
    pseudo[39] = protocol;
  }
  const all = new Uint8Array(pseudo.length + segment.length);
  all.set(pseudo);
  all.set(segment, pseudo.length);
  return internetChecksum(all);
}

let nextId = 1;

/** `payload` in an IP packet from `src` to `dst` (IPv4 when both are 4 bytes, else IPv6). */
export function ipPacket(src: Uint8Array, dst: Uint8Array, protocol: number, payload: Uint8Array): Uint8Array {
  if (src.length === 4 && dst.length === 4) {
    const packet = new Uint8Array(20 + payload.length);
    const view = new DataView(packet.buffer);
    packet[0] = 0x45;
    view.setUint16(2, packet.length);
    view.setUint16(4, nextId);
    nextId = (nextId + 1) & 0xffff;
    packet[6] = 0x40; // Don't fragment.
    packet[8] = 64;
    packet[9] = protocol;
    packet.set(src, 12);
    packet.set(dst, 16);
    view.setUint16(10, internetChecksum(packet.subarray(0, 20)));
    packet.set(payload, 20);
    return packet;
  }
  const packet = new Uint8Array(40 + payload.length);
  const view = new DataView(packet.buffer);
  packet[0] = 0x60;
  view.setUint16(4, payload.length);
  packet[6] = protocol;
  packet[7] = 64;
  packet.set(src.length === 16 ? src : mapped(src), 8);
  packet.set(dst.length === 16 ? dst : mapped(dst), 24);
  packet.set(payload, 40);
  return packet;
}

/** An IPv4 address as IPv4-mapped IPv6 (a packet between families is written as IPv6). */
function mapped(v4: Uint8Array): Uint8Array {
  const out = new Uint8Array(16);
  out[10] = out[11] = 0xff;
  out.set(v4, 12);
  return out;
}

/** Both addresses of a packet in one family: IPv4 only when both are. */
function sameFamily(a: Uint8Array, b: Uint8Array): [Uint8Array, Uint8Array] {
  if (a.length === b.length) return [a, b];
  return [a.length === 4 ? mapped(a) : a, b.length === 4 ? mapped(b) : b];
}

/** A TCP segment (20-byte header, window 65535) in its IP packet. */
export function tcpPacket(from: PacketEndpoint, to: PacketEndpoint, seq: number, ack: number, flags: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  const [src, dst] = sameFamily(from.address, to.address);
  const segment = new Uint8Array(20 + payload.length);
  const view = new DataView(segment.buffer);
  view.setUint16(0, from.port);
  view.setUint16(2, to.port);
  view.setUint32(4, seq >>> 0);
  view.setUint32(8, flags & TCP_ACK ? ack >>> 0 : 0);
  segment[12] = 5 << 4;
  segment[13] = flags;
  view.setUint16(14, 65535);
  segment.set(payload, 20);
  view.setUint16(16, transportChecksum(src, dst, PROTO_TCP, segment));
  return ipPacket(src, dst, PROTO_TCP, segment);
}

/** A UDP datagram in its IP packet. */
export function udpPacket(from: PacketEndpoint, to: PacketEndpoint, payload: Uint8Array): Uint8Array {
  const [src, dst] = sameFamily(from.address, to.address);
  const datagram = new Uint8Array(8 + payload.length);
  const view = new DataView(datagram.buffer);
  view.setUint16(0, from.port);
  view.setUint16(2, to.port);
  view.setUint16(4, datagram.length);
  datagram.set(payload, 8);
  // 0 means "no checksum" in UDP: a computed 0 is sent as 0xffff.
  view.setUint16(6, transportChecksum(src, dst, PROTO_UDP, datagram) || 0xffff);
  return ipPacket(src, dst, PROTO_UDP, datagram);
}

/** An ICMP (IPv4) or ICMPv6 message in its IP packet; ICMPv6's checksum is set (it covers the pseudo-header). */
export function icmpPacket(src: Uint8Array, dst: Uint8Array, message: Uint8Array): Uint8Array {
  [src, dst] = sameFamily(src, dst);
  if (src.length === 4) return ipPacket(src, dst, PROTO_ICMP, message);
  const m = message.slice();
  m[2] = m[3] = 0;
  const sum = transportChecksum(src, dst, PROTO_ICMPV6, m);
  m[2] = sum >> 8;
  m[3] = sum & 0xff;
  return ipPacket(src, dst, PROTO_ICMPV6, m);
}
