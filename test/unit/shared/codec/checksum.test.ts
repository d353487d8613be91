import { describe, expect, it } from 'vitest';
import { CHECKSUM_ALGORITHMS, type ChecksumAlgorithm, type ChecksumSpec } from '../../../../src-main/shared/contract.js';
import { appendChecksum, checksumValue, verifyChecksum } from '../../../../src-main/shared/codec/checksum.js';
import { encodePayload } from '../../../../src-main/shared/codec/payload.js';
import { parseHex, toHex } from '../../../../src-main/shared/codec/hex.js';

const ASCII_123456789 = new TextEncoder().encode('123456789');

// The CRC RevEng catalogue's "check" (the CRC of "123456789"); for the folds, computed by hand:
// sum of 0x31..0x39 = 0x1DD, so SUM8 = 0xDD and LRC = 0x100 - 0xDD = 0x23; XOR of 0x31..0x39 = 0x31;
// Internet: ~(0x3132 + 0x3334 + 0x3536 + 0x3738 + 0x3900, folded) = 0xF62A.
const CHECK: Record<ChecksumAlgorithm, number> = {
  crc8: 0xf4,
  'crc16-modbus': 0x4b37,
  'crc16-ccitt-false': 0x29b1,
  'crc16-xmodem': 0x31c3,
  'crc16-kermit': 0x2189,
  crc32: 0xcbf43926,
  crc32c: 0xe3069283,
  lrc: 0x23,
  xor: 0x31,
  sum8: 0xdd,
  internet: 0xf62a,
};

function hex(s: string): Uint8Array {
  const r = parseHex(s);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const spec = (algorithm: ChecksumAlgorithm, more: Partial<ChecksumSpec> = {}): ChecksumSpec => ({ algorithm, byteOrder: 'big', from: 0, excludeLast: 0, ...more });

describe('checksums', () => {
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    it(`${algorithm} gives the catalogue check value for "123456789"`, () => {
      expect(checksumValue(algorithm, ASCII_123456789).toString(16)).toBe(CHECK[algorithm].toString(16));
    });
  }

  it('computes the RFC 1071 example', () => {
    expect(checksumValue('internet', hex('00 01 F2 03 F4 F5 F6 F7')).toString(16)).toBe('220d');
  });

  it('appends CRC-16/MODBUS low byte first to a Modbus RTU request: 01 03 00 00 00 0A gets C5 CD', () => {
    const r = encodePayload({ format: 'hex', text: '01 03 00 00 00 0A', lineEnding: 'none', checksum: spec('crc16-modbus', { byteOrder: 'little' }) });
    expect(r.ok && toHex(r.value)).toBe('01 03 00 00 00 0A C5 CD');
  });

  it('covers the range asked for: from byte N, excluding the last M', () => {
    // STX "123456789" ETX: the XOR covers the digits only.
    const message = hex('02 31 32 33 34 35 36 37 38 39 03');
    const r = appendChecksum(message, spec('xor', { from: 1, excludeLast: 1 }));
    expect(r.ok && toHex(r.value.subarray(11))).toBe('31');
    const bad = appendChecksum(hex('01 02'), spec('xor', { from: 2, excludeLast: 1 }));
    expect(!bad.ok && bad.error.message).toMatch(/from 2 excluding the last 1.*only 2 bytes/);
  });

  it('verifies a frame that ends with its checksum, and flags a bad one with expected and actual', () => {
    const good = verifyChecksum(hex('01 03 00 00 00 0A C5 CD'), spec('crc16-modbus', { byteOrder: 'little' }));
    expect(good).toEqual({ ok: true, expected: 'C5 CD', actual: 'C5 CD' });
    const bad = verifyChecksum(hex('01 03 00 00 00 0B C5 CD'), spec('crc16-modbus', { byteOrder: 'little' }));
    expect(bad?.ok).toBe(false);
    expect(bad?.actual).toBe('C5 CD');
    expect(bad?.expected).not.toBe('C5 CD');
    expect(verifyChecksum(hex('01'), spec('crc32'))).toBeNull();
  });

  it('writes a 32-bit checksum in either byte order', () => {
    const big = appendChecksum(ASCII_123456789, spec('crc32'));
    const little = appendChecksum(ASCII_123456789, spec('crc32', { byteOrder: 'little' }));
    expect(big.ok && toHex(big.value.subarray(9))).toBe('CB F4 39 26');
    expect(little.ok && toHex(little.value.subarray(9))).toBe('26 39 F4 CB');
  });
});
