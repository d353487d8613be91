// IPv4 headers field by field: built for IP_HDRINCL sends, decoded for the Traffic view
// ("the IP header decoded above the hex of its payload") and for ping. Pure: no node: import,
// so the renderer imports this same file.
import type { Result } from '../contract.js';
import { internetChecksum } from './inet-checksum.js';
import { formatIpv4, formatIpv6, parseIpv4 } from './ip-address.js';

export const IPV4_MIN_HEADER = 20;
export const IPV6_HEADER = 40;

/** Flag bits of the 3-bit flags field. */
export const IPV4_FLAG_RESERVED = 4;
export const IPV4_FLAG_DF = 2;
export const IPV4_FLAG_MF = 1;

const PROTOCOL_NAMES: Readonly<Record<number, string>> = {
  0: 'HOPOPT',
  1: 'ICMP',
  2: 'IGMP',
  4: 'IPv4',
  6: 'TCP',
  17: 'UDP',
  41: 'IPv6',
  43: 'IPv6-Route',
  44: 'IPv6-Frag',
  47: 'GRE',
  50: 'ESP',
  51: 'AH',
  58: 'ICMPv6',
  59: 'IPv6-NoNxt',
  60: 'IPv6-Opts',
  89: 'OSPF',
  103: 'PIM',
  112: 'VRRP',
  115: 'L2TP',
  132: 'SCTP',
  136: 'UDPLite',
  253: 'Experimental',
  254: 'Experimental',
  255: 'Reserved (raw)',
};

/** A name for an IP protocol number ("TCP", "ICMPv6", ...), or null for the rest. */
export function protocolName(protocol: number): string | null {
  return PROTOCOL_NAMES[protocol] ?? null;
}

/**
 * What a sender writes; everything is optional so a form (or the contract's IpHeaderFields,
 * which fits this shape) can leave fields to be computed or defaulted.
 */
export interface Ipv4HeaderSpec {
  version?: number;
  /** Header length in 32-bit words; past 5 the options area is zero-filled (End of Option List). */
  ihl?: number;
  tos?: number;
  /** Absent: header + payload. (Linux fills it in itself for IP_HDRINCL sends.) */
  totalLength?: number;
  id?: number;
  flags?: number;
  fragmentOffset?: number;
  ttl?: number;
  protocol?: number;
  /** Absent: 0.0.0.0, which Linux replaces with the outgoing address. */
  source?: string;
  destination?: string;
  /** Absent: computed over the header. */
  checksum?: number;
}

/** Values the spec may leave out that only the caller knows. */
export interface Ipv4HeaderDefaults {
  protocol: number;
  /** Where the packet goes; used when the spec names no destination. */
  destination?: string;
}

const int = (value: number | undefined, fallback: number, max: number, name: string): number => {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 0 || v > max) throw new RangeError(`The IPv4 header's ${name} must be 0 to ${max}; it is ${v}.`);
  return v;
};

const address = (text: string | undefined, name: string): Uint8Array => {
  if (text === undefined) return new Uint8Array(4);
  const bytes = parseIpv4(text);
  if (!bytes) throw new RangeError(`The IPv4 header's ${name} must be an IPv4 address like 192.0.2.1; it is "${text}".`);
  return bytes;
};

/**
 * The header bytes for a payload of `payloadLength` bytes. Throws RangeError naming the field
 * when a value does not fit (the contract's schema already rules that out for commands).
 */
export function encodeIpv4Header(spec: Ipv4HeaderSpec, payloadLength: number, defaults: Ipv4HeaderDefaults): Uint8Array {
  const ihl = int(spec.ihl, 5, 15, 'header length (IHL)');
  if (ihl < 5) throw new RangeError(`The IPv4 header's header length (IHL) must be 5 to 15 words; it is ${ihl}.`);
  const header = new Uint8Array(ihl * 4);
  const view = new DataView(header.buffer);
  header[0] = (int(spec.version, 4, 15, 'version') << 4) | ihl;
  header[1] = int(spec.tos, 0, 255, 'TOS');
  view.setUint16(2, int(spec.totalLength, Math.min(header.length + payloadLength, 0xffff), 0xffff, 'total length'));
  view.setUint16(4, int(spec.id, 0, 0xffff, 'ID'));
  view.setUint16(6, (int(spec.flags, 0, 7, 'flags') << 13) | int(spec.fragmentOffset, 0, 8191, 'fragment offset'));
  header[8] = int(spec.ttl, 64, 255, 'TTL');
  header[9] = int(spec.protocol, defaults.protocol, 255, 'protocol');
  header.set(address(spec.source, 'source'), 12);
  header.set(address(spec.destination ?? defaults.destination, 'destination'), 16);
  view.setUint16(10, spec.checksum === undefined ? internetChecksum(header) : int(spec.checksum, 0, 0xffff, 'checksum'));
  return header;
}

/** Header then payload, as sent with IP_HDRINCL. */
export function buildIpv4Packet(spec: Ipv4HeaderSpec, payload: Uint8Array, defaults: Ipv4HeaderDefaults): Uint8Array {
  const header = encodeIpv4Header(spec, payload.length, defaults);
  const packet = new Uint8Array(header.length + payload.length);
  packet.set(header);
  packet.set(payload, header.length);
  return packet;
}

export interface Ipv4Header {
  version: number;
  /** In 32-bit words. */
  ihl: number;
  headerLength: number;
  tos: number;
  /** The upper 6 bits of TOS. */
  dscp: number;
  /** The lower 2 bits of TOS. */
  ecn: number;
  totalLength: number;
  id: number;
  /** The 3 flag bits (4 reserved, 2 DF, 1 MF). */
  flags: number;
  dontFragment: boolean;
  moreFragments: boolean;
  fragmentOffset: number;
  ttl: number;
  protocol: number;
  protocolName: string | null;
  checksum: number;
  /** The header's checksum verifies (the sum over the header, checksum included, is zero). */
  checksumValid: boolean;
  source: string;
  destination: string;
  /** Bytes between the fixed 20-byte header and the payload. */
  options: Uint8Array;
}

const invalid = (message: string): Result<never> => ({ ok: false, error: { code: 'INVALID_PAYLOAD', message } });

/** Decodes the IPv4 header at the start of `bytes`; an error in words when it is not one. */
export function decodeIpv4Header(bytes: Uint8Array): Result<Ipv4Header> {
  if (bytes.length < IPV4_MIN_HEADER) {
    return invalid(`Truncated IPv4 header: ${bytes.length} byte${bytes.length === 1 ? '' : 's'}, but a header has at least ${IPV4_MIN_HEADER}.`);
  }
  const version = bytes[0]! >> 4;
  if (version !== 4) return invalid(`Not an IPv4 header: the version field is ${version} (IPv4 is 4).`);
  const ihl = bytes[0]! & 0x0f;
  if (ihl < 5) return invalid(`Invalid IPv4 header: its length field (IHL) is ${ihl} words, less than the minimum of 5 (20 bytes).`);
  const headerLength = ihl * 4;
  if (bytes.length < headerLength) {
    return invalid(`Truncated IPv4 header: its length field says ${headerLength} bytes (IHL ${ihl}), but only ${bytes.length} are here.`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const flagsAndOffset = view.getUint16(6);
  const flags = flagsAndOffset >> 13;
  const protocol = bytes[9]!;
  return {
    ok: true,
    value: {
      version,
      ihl,
      headerLength,
      tos: bytes[1]!,
      dscp: bytes[1]! >> 2,
      ecn: bytes[1]! & 3,
      totalLength: view.getUint16(2),
      id: view.getUint16(4),
      flags,
      dontFragment: (flags & IPV4_FLAG_DF) !== 0,
      moreFragments: (flags & IPV4_FLAG_MF) !== 0,
      fragmentOffset: flagsAndOffset & 0x1fff,
      ttl: bytes[8]!,
      protocol,
      protocolName: protocolName(protocol),
      checksum: view.getUint16(10),
      checksumValid: internetChecksum(bytes.subarray(0, headerLength)) === 0,
      source: formatIpv4(bytes, 12),
      destination: formatIpv4(bytes, 16),
      options: bytes.slice(IPV4_MIN_HEADER, headerLength),
    },
  };
}

export interface Ipv4Packet {
  header: Ipv4Header;
  /**
   * The bytes after the header, up to the total length when the packet holds that much (a
   * shorter packet, e.g. one quoted in an ICMP error, gives what there is).
   */
  payload: Uint8Array;
}

/** An IPv4 packet as a raw socket delivers it: the header decoded and the payload after it. */
export function splitIpv4Packet(bytes: Uint8Array): Result<Ipv4Packet> {
  const decoded = decodeIpv4Header(bytes);
  if (!decoded.ok) return decoded;
  const header = decoded.value;
  const end = header.totalLength >= header.headerLength ? Math.min(header.totalLength, bytes.length) : bytes.length;
  return { ok: true, value: { header, payload: bytes.subarray(header.headerLength, end) } };
}

export interface Ipv6Header {
  version: number;
  trafficClass: number;
  flowLabel: number;
  payloadLength: number;
  nextHeader: number;
  nextHeaderName: string | null;
  hopLimit: number;
  source: string;
  destination: string;
}

/** The fixed 40-byte IPv6 header (extension headers, if any, are part of what follows). */
export function decodeIpv6Header(bytes: Uint8Array): Result<Ipv6Header> {
  if (bytes.length < IPV6_HEADER) {
    return invalid(`Truncated IPv6 header: ${bytes.length} byte${bytes.length === 1 ? '' : 's'}, but the header has ${IPV6_HEADER}.`);
  }
  const version = bytes[0]! >> 4;
  if (version !== 6) return invalid(`Not an IPv6 header: the version field is ${version} (IPv6 is 6).`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const first = view.getUint32(0);
  const nextHeader = bytes[6]!;
  return {
    ok: true,
    value: {
      version,
      trafficClass: (first >>> 20) & 0xff,
      flowLabel: first & 0xfffff,
      payloadLength: view.getUint16(4),
      nextHeader,
      nextHeaderName: protocolName(nextHeader),
      hopLimit: bytes[7]!,
      source: formatIpv6(bytes, 8),
      destination: formatIpv6(bytes, 24),
    },
  };
}
