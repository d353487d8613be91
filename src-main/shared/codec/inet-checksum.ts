// The Internet checksum (RFC 1071) that IPv4 headers and ICMP messages carry. Pure: the
// renderer uses it too, to say whether a received header's checksum verifies.

/** Ones' complement of the ones' complement sum of the bytes as 16-bit big-endian words. */
export function internetChecksum(bytes: Uint8Array): number {
  let sum = 0;
  const even = bytes.length & ~1;
  for (let i = 0; i < even; i += 2) sum += (bytes[i]! << 8) | bytes[i + 1]!;
  // An odd last byte is padded with a zero byte on the right.
  if (even < bytes.length) sum += bytes[even]! << 8;
  // Folding twice is enough: the first fold leaves at most 0x1fffe... for any realistic length,
  // but loop anyway so a 64 KiB+ input cannot leave a carry behind.
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return ~sum & 0xffff;
}
