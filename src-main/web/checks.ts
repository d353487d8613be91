// Small pure checks the web server makes on every request.
import { timingSafeEqual } from 'node:crypto';
import { isIPv6 } from 'node:net';

/** "::1" -> "[::1]": an IPv6 address as it appears in a URL or a Host header. */
export function hostForUrl(host: string): string {
  return isIPv6(host) ? `[${host}]` : host;
}

/** Constant-time token comparison, so response timing does not leak the token byte by byte. */
export function tokensEqual(offered: string, expected: string): boolean {
  const a = Buffer.from(offered, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  // timingSafeEqual needs equal lengths; the token's length is no secret.
  return a.length === b.length && timingSafeEqual(a, b);
}
