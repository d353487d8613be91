// Checksums a message is sent with or checked against. The CRCs come from crc-full (its table
// driven Rocksoft-model CRC, checked here against the CRC RevEng catalogue's "check" values);
// LRC, XOR, SUM8 and the Internet checksum are one-line folds with no library worth adding.
import { m } from '../i18n/paraglide/messages.js';
import { CRC } from 'crc-full';
import type { ByteOrder, ChecksumAlgorithm, ChecksumSpec, Result } from '../contract.js';
import { toHex } from './hex.js';

export const CHECKSUM_LABELS: Readonly<Record<ChecksumAlgorithm, string>> = {
  crc8: 'CRC-8',
  'crc16-modbus': 'CRC-16/MODBUS',
  'crc16-ccitt-false': 'CRC-16/CCITT-FALSE',
  'crc16-xmodem': 'CRC-16/XMODEM',
  'crc16-kermit': 'CRC-16/KERMIT',
  crc32: 'CRC-32',
  crc32c: 'CRC-32C',
  lrc: 'LRC',
  xor: 'XOR',
  sum8: 'SUM8',
  internet: 'Internet (RFC 1071)',
};

/** The byte order a protocol using the algorithm usually sends it in (Modbus RTU: low byte first). */
export const USUAL_BYTE_ORDER: Readonly<Record<ChecksumAlgorithm, ByteOrder>> = {
  crc8: 'big',
  'crc16-modbus': 'little',
  'crc16-ccitt-false': 'big',
  'crc16-xmodem': 'big',
  'crc16-kermit': 'little',
  crc32: 'big',
  crc32c: 'big',
  lrc: 'big',
  xor: 'big',
  sum8: 'big',
  internet: 'big',
};

const CRC_NAMES: Partial<Record<ChecksumAlgorithm, string>> = {
  crc8: 'CRC8',
  'crc16-modbus': 'CRC16_MODBUS',
  'crc16-ccitt-false': 'CRC16_CCITT_FALSE',
  'crc16-xmodem': 'CRC16_XMODEM',
  'crc16-kermit': 'CRC16_KERMIT',
  crc32: 'CRC32',
  crc32c: 'CRC32_C',
};

const crcs = new Map<ChecksumAlgorithm, CRC>();

/** The checksum's width in bytes. */
export function checksumWidth(algorithm: ChecksumAlgorithm): number {
  switch (algorithm) {
    case 'crc16-modbus':
    case 'crc16-ccitt-false':
    case 'crc16-xmodem':
    case 'crc16-kermit':
    case 'internet':
      return 2;
    case 'crc32':
    case 'crc32c':
      return 4;
    default:
      return 1;
  }
}

/** The checksum of `bytes` as an unsigned number. */
export function checksumValue(algorithm: ChecksumAlgorithm, bytes: Uint8Array): number {
  const name = CRC_NAMES[algorithm];
  if (name) {
    let crc = crcs.get(algorithm);
    if (!crc) crcs.set(algorithm, (crc = CRC.default(name)!));
    return crc.compute(bytes as unknown as number[]) >>> 0;
  }
  let acc = 0;
  switch (algorithm) {
    case 'lrc':
      for (const b of bytes) acc = (acc + b) & 0xff;
      return (0x100 - acc) & 0xff;
    case 'xor':
      for (const b of bytes) acc ^= b;
      return acc;
    case 'sum8':
      for (const b of bytes) acc = (acc + b) & 0xff;
      return acc;
    default: {
      // RFC 1071: the ones' complement of the ones' complement sum of 16-bit big-endian words.
      for (let i = 0; i < bytes.length; i += 2) acc += (bytes[i]! << 8) | (bytes[i + 1] ?? 0);
      while (acc > 0xffff) acc = (acc & 0xffff) + Math.floor(acc / 0x10000);
      return ~acc & 0xffff;
    }
  }
}

/** A checksum value as its bytes in `order`. */
export function checksumBytes(value: number, width: number, order: ByteOrder): Uint8Array {
  const out = new Uint8Array(width);
  for (let i = 0; i < width; i++) {
    const shift = 8 * (order === 'big' ? width - 1 - i : i);
    out[i] = Math.floor(value / 2 ** shift) & 0xff;
  }
  return out;
}

/** The part of `message` a checksum covers, or an error in words when the range is empty or past it. */
function covered(message: Uint8Array, spec: ChecksumSpec, what: string): Result<Uint8Array> {
  const end = message.length - spec.excludeLast;
  if (spec.from > end) {
    return {
      ok: false,
      error: {
        code: 'INVALID_PAYLOAD',
        message: m.checksum_range_too_short({ from: spec.from, excludeLast: spec.excludeLast, what, length: message.length }),
      },
    };
  }
  return { ok: true, value: message.subarray(spec.from, end) };
}

/** `message` with its checksum appended. */
export function appendChecksum(message: Uint8Array, spec: ChecksumSpec): Result<Uint8Array> {
  const part = covered(message, spec, 'the message');
  if (!part.ok) return part;
  const width = checksumWidth(spec.algorithm);
  const out = new Uint8Array(message.length + width);
  out.set(message);
  out.set(checksumBytes(checksumValue(spec.algorithm, part.value), width, spec.byteOrder), message.length);
  return { ok: true, value: out };
}

export interface ChecksumCheck {
  ok: boolean;
  /** As hex bytes in the spec's order ("C5 CD"); actual is what the message ends with. */
  expected: string;
  actual: string;
}

/**
 * Checks a message that ends with its checksum: the checksum is its last `width` bytes, the
 * range (from, excludeLast) is taken of what comes before it. Null when the message is too short.
 */
export function verifyChecksum(message: Uint8Array, spec: ChecksumSpec): ChecksumCheck | null {
  const width = checksumWidth(spec.algorithm);
  if (message.length < width) return null;
  const body = message.subarray(0, message.length - width);
  const part = covered(body, spec, 'the frame');
  if (!part.ok) return null;
  const expected = checksumBytes(checksumValue(spec.algorithm, part.value), width, spec.byteOrder);
  const actual = message.subarray(message.length - width);
  let ok = true;
  for (let i = 0; i < width; i++) if (expected[i] !== actual[i]) ok = false;
  return { ok, expected: toHex(expected), actual: toHex(actual) };
}
