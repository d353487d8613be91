// The session's details in words: socket option values in force and TLS facts. Pure functions.
import type { TlsInfo } from '$shared/contract.js';

const OPTION_LABELS: Record<string, string> = {
  noDelay: 'TCP_NODELAY',
  keepAlive: 'Keepalive',
  keepAliveDelayMs: 'Keepalive delay (ms)',
  idleTimeoutMs: 'Idle timeout (ms)',
  ttl: 'IP TTL',
  reuseAddress: 'SO_REUSEADDR',
  ipv6Only: 'IPv6 only',
  broadcast: 'Broadcast',
  multicastTtl: 'Multicast TTL',
  multicastLoopback: 'Multicast loopback',
  multicastInterface: 'Multicast interface',
  recvBufferSize: 'Receive buffer (bytes)',
  sendBufferSize: 'Send buffer (bytes)',
  notApplied: 'Not applied',
};

export interface DetailRow {
  label: string;
  value: string;
}

/** Option values as label/value rows, in main's order; names main adds later show as they are. */
export function optionRows(options: Record<string, string | number | boolean>): DetailRow[] {
  return Object.entries(options).map(([key, value]) => ({ label: OPTION_LABELS[key] ?? key, value: optionValue(key, value) }));
}

function optionValue(key: string, value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (key === 'idleTimeoutMs' && value === 0) return '0 (off)';
  return typeof value === 'number' ? value.toLocaleString('en-US') : value;
}

/** Whether and why the peer's certificate was or was not accepted. */
export function authorizationText(tls: TlsInfo): string {
  if (tls.authorized) return 'Verified';
  const why = tls.authorizationError ? `: ${tls.authorizationError}` : '';
  return tls.verify ? `Not verified${why}` : `Not checked (verification is off)${why}`;
}
