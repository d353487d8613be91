// IP packets built from scratch for a capture file: IPv4 or IPv6 around a TCP segment, a UDP
// datagram or an ICMP message, every checksum right (Wireshark checks them). Pure.
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

/** The ones' complement sum (not yet folded) of bytes [start, end) as big-endian 16-bit words. */
function sum16(bytes: Uint8Array, start: number, end: number, sum = 0): number {
  const even = start + ((end - start) & ~1);
  for (let i = start; i < even; i += 2) sum += (bytes[i]! << 8) | bytes[i + 1]!;
  if (even < end) sum += bytes[even]! << 8;
  return sum;
}

function fold(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return ~sum & 0xffff;
}

/** The pseudo-header's sum: addresses, protocol and the segment's length. */
function pseudoSum(src: Uint8Array, dst: Uint8Array, protocol: number, length: number): number {
  return sum16(src, 0, src.length, sum16(dst, 0, dst.length)) + protocol + (length >>> 16) + (length & 0xffff);
}

/** The checksum of a TCP or UDP segment (or ICMPv6 message) with its IP pseudo-header. */
export function transportChecksum(src: Uint8Array, dst: Uint8Array, protocol: number, segment: Uint8Array): number {
  return fold(sum16(segment, 0, segment.length, pseudoSum(src, dst, protocol, segment.length)));
}

let nextId = 1;

/** An IP packet with room for `length` bytes of payload after its header; returns it and where the payload starts. */
function ipFrame(src: Uint8Array, dst: Uint8Array, protocol: number, length: number): [Uint8Array, number] {
  if (src.length === 4 && dst.length === 4) {
    const packet = new Uint8Array(20 + length);
    const total = packet.length;
    packet[0] = 0x45;
    packet[2] = total >> 8;
    packet[3] = total & 0xff;
    packet[4] = nextId >> 8;
    packet[5] = nextId & 0xff;
    nextId = (nextId + 1) & 0xffff;
    packet[6] = 0x40; // Don't fragment.
    packet[8] = 64;
    packet[9] = protocol;
    packet.set(src, 12);
    packet.set(dst, 16);
    const sum = fold(sum16(packet, 0, 20));
    packet[10] = sum >> 8;
    packet[11] = sum & 0xff;
    return [packet, 20];
  }
  const packet = new Uint8Array(40 + length);
  packet[0] = 0x60;
  packet[4] = length >> 8;
  packet[5] = length & 0xff;
  packet[6] = protocol;
  packet[7] = 64;
  packet.set(src.length === 16 ? src : mapped(src), 8);
  packet.set(dst.length === 16 ? dst : mapped(dst), 24);
  return [packet, 40];
}

/** `payload` in an IP packet from `src` to `dst` (IPv4 when both are 4 bytes, else IPv6). */
export function ipPacket(src: Uint8Array, dst: Uint8Array, protocol: number, payload: Uint8Array): Uint8Array {
  const [packet, at] = ipFrame(src, dst, protocol, payload.length);
  packet.set(payload, at);
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

function put16(p: Uint8Array, at: number, v: number): void {
  p[at] = (v >>> 8) & 0xff;
  p[at + 1] = v & 0xff;
}

function put32(p: Uint8Array, at: number, v: number): void {
  p[at] = (v >>> 24) & 0xff;
  p[at + 1] = (v >>> 16) & 0xff;
  p[at + 2] = (v >>> 8) & 0xff;
  p[at + 3] = v & 0xff;
}

/** A TCP segment (20-byte header, window 65535) in its IP packet, built in place. */
export function tcpPacket(from: PacketEndpoint, to: PacketEndpoint, seq: number, ack: number, flags: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  const [src, dst] = sameFamily(from.address, to.address);
  const length = 20 + payload.length;
  const [p, at] = ipFrame(src, dst, PROTO_TCP, length);
  put16(p, at, from.port);
  put16(p, at + 2, to.port);
  put32(p, at + 4, seq >>> 0);
  put32(p, at + 8, flags & TCP_ACK ? ack >>> 0 : 0);
  p[at + 12] = 5 << 4;
  p[at + 13] = flags;
  put16(p, at + 14, 65535);
  p.set(payload, at + 20);
  put16(p, at + 16, fold(sum16(p, at, at + length, pseudoSum(src, dst, PROTO_TCP, length))));
  return p;
}

/** A UDP datagram in its IP packet, built in place. */
export function udpPacket(from: PacketEndpoint, to: PacketEndpoint, payload: Uint8Array): Uint8Array {
  const [src, dst] = sameFamily(from.address, to.address);
  const length = 8 + payload.length;
  const [p, at] = ipFrame(src, dst, PROTO_UDP, length);
  put16(p, at, from.port);
  put16(p, at + 2, to.port);
  put16(p, at + 4, length);
  p.set(payload, at + 8);
  // 0 means "no checksum" in UDP: a computed 0 is sent as 0xffff.
  put16(p, at + 6, fold(sum16(p, at, at + length, pseudoSum(src, dst, PROTO_UDP, length))) || 0xffff);
  return p;
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
