// ICMP (IPv4) and ICMPv6 messages for ping: echo requests built, echo replies and errors parsed,
// with the original packet an error quotes so it can be matched to the request it is about.
// Pure: no node: import.
import type { Result } from '../contract.js';
import { internetChecksum } from './inet-checksum.js';
import { decodeIpv4Header, decodeIpv6Header, IPV6_HEADER } from './ip-header.js';

export type IcmpFamily = 'IPv4' | 'IPv6';

export const ICMP_ECHO_REPLY = 0;
export const ICMP_DEST_UNREACHABLE = 3;
export const ICMP_SOURCE_QUENCH = 4;
export const ICMP_ECHO_REQUEST = 8;
export const ICMP_TIME_EXCEEDED = 11;
export const ICMP_PARAMETER_PROBLEM = 12;

export const ICMPV6_DEST_UNREACHABLE = 1;
export const ICMPV6_PACKET_TOO_BIG = 2;
export const ICMPV6_TIME_EXCEEDED = 3;
export const ICMPV6_PARAMETER_PROBLEM = 4;
export const ICMPV6_ECHO_REQUEST = 128;
export const ICMPV6_ECHO_REPLY = 129;

/** Type, code, checksum, identifier, sequence. */
export const ICMP_ECHO_HEADER = 8;

const IPPROTO_ICMP = 1;
const IPPROTO_ICMPV6 = 58;

export const echoRequestType = (family: IcmpFamily): number => (family === 'IPv4' ? ICMP_ECHO_REQUEST : ICMPV6_ECHO_REQUEST);
export const echoReplyType = (family: IcmpFamily): number => (family === 'IPv4' ? ICMP_ECHO_REPLY : ICMPV6_ECHO_REPLY);

/**
 * An echo request. IPv4: the checksum is computed. IPv6: it is left 0, because the kernel
 * computes ICMPv6 checksums itself (they cover a pseudo-header with addresses only it knows
 * for sure); Linux datagram ICMP sockets also rewrite the identifier and checksum.
 */
export function buildEchoRequest(family: IcmpFamily, identifier: number, sequence: number, payload: Uint8Array): Uint8Array {
  const message = new Uint8Array(ICMP_ECHO_HEADER + payload.length);
  const view = new DataView(message.buffer);
  message[0] = echoRequestType(family);
  message[1] = 0;
  view.setUint16(4, identifier & 0xffff);
  view.setUint16(6, sequence & 0xffff);
  message.set(payload, ICMP_ECHO_HEADER);
  if (family === 'IPv4') view.setUint16(2, internetChecksum(message));
  return message;
}

/** `size` bytes of the classic ping pattern (0x00, 0x01, ... wrapping at 256). */
export function echoPattern(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = i & 0xff;
  return bytes;
}

/** What an ICMP error quotes of the packet that caused it. */
export interface IcmpQuoted {
  /** The quoted packet's source and destination (ours and the target's, for our requests). */
  source: string;
  destination: string;
  /** Its IP protocol (next header for IPv6). */
  protocol: number;
  /** When the quoted packet is an ICMP echo request: its identifier and sequence. */
  echo: { identifier: number; sequence: number } | null;
}

export type IcmpMessage =
  | { kind: 'echo-request' | 'echo-reply'; type: number; code: number; identifier: number; sequence: number; payload: Uint8Array }
  | { kind: 'error'; type: number; code: number; description: string; quoted: IcmpQuoted | null }
  | { kind: 'other'; type: number; code: number };

const invalid = (message: string): Result<never> => ({ ok: false, error: { code: 'INVALID_PAYLOAD', message } });

/** Parses an ICMP message (without any IP header in front of it). */
export function parseIcmp(family: IcmpFamily, bytes: Uint8Array): Result<IcmpMessage> {
  const name = family === 'IPv4' ? 'ICMP' : 'ICMPv6';
  if (bytes.length < 4) return invalid(`Truncated ${name} message: ${bytes.length} bytes, but the header has at least 4.`);
  const type = bytes[0]!;
  const code = bytes[1]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (type === echoRequestType(family) || type === echoReplyType(family)) {
    if (bytes.length < ICMP_ECHO_HEADER) return invalid(`Truncated ${name} echo message: ${bytes.length} bytes, but its header has ${ICMP_ECHO_HEADER}.`);
    return {
      ok: true,
      value: {
        kind: type === echoRequestType(family) ? 'echo-request' : 'echo-reply',
        type,
        code,
        identifier: view.getUint16(4),
        sequence: view.getUint16(6),
        payload: bytes.subarray(ICMP_ECHO_HEADER),
      },
    };
  }
  const description = icmpErrorDescription(family, type, code);
  if (description === null) return { ok: true, value: { kind: 'other', type, code } };
  // Errors: 4 bytes of type/code/checksum, 4 bytes unused/MTU/pointer, then the quoted packet.
  const quoted = bytes.length > 8 ? quotedPacket(family, bytes.subarray(8)) : null;
  return { ok: true, value: { kind: 'error', type, code, description, quoted } };
}

function quotedPacket(family: IcmpFamily, bytes: Uint8Array): IcmpQuoted | null {
  let source: string;
  let destination: string;
  let protocol: number;
  let rest: Uint8Array;
  if (family === 'IPv4') {
    const header = decodeIpv4Header(bytes);
    if (!header.ok) return null;
    ({ source, destination, protocol } = header.value);
    rest = bytes.subarray(header.value.headerLength);
  } else {
    const header = decodeIpv6Header(bytes);
    if (!header.ok) return null;
    ({ source, destination } = header.value);
    // Extension headers between the IPv6 header and ICMPv6 are not followed: an echo request
    // we sent has none.
    protocol = header.value.nextHeader;
    rest = bytes.subarray(IPV6_HEADER);
  }
  const icmp = family === 'IPv4' ? IPPROTO_ICMP : IPPROTO_ICMPV6;
  let echo: IcmpQuoted['echo'] = null;
  if (protocol === icmp && rest.length >= ICMP_ECHO_HEADER && rest[0] === echoRequestType(family)) {
    echo = { identifier: (rest[4]! << 8) | rest[5]!, sequence: (rest[6]! << 8) | rest[7]! };
  }
  return { source, destination, protocol, echo };
}

const UNREACHABLE_V4: Readonly<Record<number, string>> = {
  0: 'Destination network unreachable',
  1: 'Destination host unreachable',
  2: 'Destination protocol unreachable',
  3: 'Destination port unreachable',
  4: 'Fragmentation needed but Don\'t Fragment was set',
  5: 'Source route failed',
  6: 'Destination network unknown',
  7: 'Destination host unknown',
  8: 'Source host isolated',
  9: 'Destination network administratively prohibited',
  10: 'Destination host administratively prohibited',
  11: 'Destination network unreachable for this type of service',
  12: 'Destination host unreachable for this type of service',
  13: 'Communication administratively prohibited (filtered)',
  14: 'Host precedence violation',
  15: 'Precedence cutoff in effect',
};

const UNREACHABLE_V6: Readonly<Record<number, string>> = {
  0: 'No route to destination',
  1: 'Communication with the destination administratively prohibited',
  2: 'Beyond the scope of the source address',
  3: 'Destination address unreachable',
  4: 'Destination port unreachable',
  5: 'Source address failed ingress/egress policy',
  6: 'Reject route to destination',
};

/**
 * Words for an ICMP error ("Destination host unreachable (ICMP type 3, code 1)"), or null when
 * the type is not an error (echo, redirect, router advertisement...).
 */
export function icmpErrorDescription(family: IcmpFamily, type: number, code: number): string | null {
  const tag = `(${family === 'IPv4' ? 'ICMP' : 'ICMPv6'} type ${type}, code ${code})`;
  let words: string | undefined;
  if (family === 'IPv4') {
    switch (type) {
      case ICMP_DEST_UNREACHABLE:
        words = UNREACHABLE_V4[code] ?? 'Destination unreachable';
        break;
      case ICMP_SOURCE_QUENCH:
        words = 'Source quench (the path is congested)';
        break;
      case ICMP_TIME_EXCEEDED:
        words = code === 1 ? 'Fragment reassembly time exceeded' : 'Time to live exceeded in transit';
        break;
      case ICMP_PARAMETER_PROBLEM:
        words = 'Parameter problem in the IP header';
        break;
    }
  } else {
    switch (type) {
      case ICMPV6_DEST_UNREACHABLE:
        words = UNREACHABLE_V6[code] ?? 'Destination unreachable';
        break;
      case ICMPV6_PACKET_TOO_BIG:
        words = 'Packet too big for the path';
        break;
      case ICMPV6_TIME_EXCEEDED:
        words = code === 1 ? 'Fragment reassembly time exceeded' : 'Hop limit exceeded in transit';
        break;
      case ICMPV6_PARAMETER_PROBLEM:
        words = 'Parameter problem in the IPv6 header';
        break;
    }
  }
  return words === undefined ? null : `${words} ${tag}`;
}
