// The session's details in words: socket option values in force and TLS facts. Pure functions.
import { m } from '../i18n/i18n.svelte.js';
import type { TlsInfo } from '$shared/contract.js';
import { formatNumber } from './format.js';

const OPTION_LABELS: Record<string, () => string> = {
  noDelay: () => 'TCP_NODELAY',
  keepAlive: m.keepalive,
  keepAliveDelayMs: m.keepalive_delay_ms,
  idleTimeoutMs: m.idle_timeout_ms,
  ttl: () => 'IP TTL',
  reuseAddress: () => 'SO_REUSEADDR',
  ipv6Only: m.ipv6_only,
  broadcast: m.broadcast,
  multicastTtl: m.multicast_ttl,
  multicastLoopback: m.multicast_loopback,
  multicastInterface: m.multicast_interface,
  recvBufferSize: m.receive_buffer_bytes,
  sendBufferSize: m.send_buffer_bytes,
  notApplied: m.not_applied,
};

export interface DetailRow {
  label: string;
  value: string;
}

/** Option values as label/value rows, in main's order; names main adds later show as they are. */
export function optionRows(options: Record<string, string | number | boolean>): DetailRow[] {
  return Object.entries(options).map(([key, value]) => ({ label: OPTION_LABELS[key]?.() ?? key, value: optionValue(key, value) }));
}

function optionValue(key: string, value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? m.value_on() : m.value_off();
  if (key === 'idleTimeoutMs' && value === 0) return m.zero_off();
  return typeof value === 'number' ? formatNumber(value) : value;
}

/** Whether and why the peer's certificate was or was not accepted. */
export function authorizationText(tls: TlsInfo): string {
  if (tls.authorized) return m.tls_verified();
  const why = tls.authorizationError ? `: ${tls.authorizationError}` : '';
  return tls.verify ? `${m.tls_not_verified()}${why}` : `${m.tls_not_checked()}${why}`;
}
