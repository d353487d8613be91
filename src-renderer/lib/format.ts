// How numbers, times, addresses and states read on screen. Pure functions only.
import type { Endpoint, SessionConfig, SessionSnapshot, WireError } from '../../src-main/api/contract.js';

/** "0 B", "512 B", "1.5 KiB", "20.0 MiB": exact below 1 KiB, one decimal above. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** "1 message", "2 messages". */
export function formatCount(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? singular : plural}`;
}

/** Local wall-clock time with milliseconds: "14:03:07.125". */
export function formatTime(ts: number): string {
  const d = new Date(ts);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** "host:port", with IPv6 literals in brackets so the port stays readable. */
export function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export function formatEndpoint(e: Endpoint): string {
  return formatHostPort(e.address, e.port);
}

/** An error in words, with its code for searching and bug reports. */
export function formatError(e: WireError): string {
  return `${e.message} (${e.code})`;
}

/** The short target a tab is named after, e.g. "TCP 127.0.0.1:7". */
export function targetLabel(config: SessionConfig): string {
  switch (config.kind) {
    case 'tcp-client':
      return `TCP ${formatHostPort(config.host, config.port)}`;
  }
}

/**
 * The one-line state shown in the status line. `actionError` is an error result from the last
 * connect or disconnect that the snapshot does not (yet) carry, e.g. an invalid payload.
 */
export function statusText(s: SessionSnapshot, actionError: WireError | null = null): string {
  if (actionError && (s.status === 'idle' || s.status === 'closed' || s.status === 'failed')) {
    return `Failed: ${formatError(actionError)}`;
  }
  switch (s.status) {
    case 'idle':
      return 'Idle';
    case 'connecting':
      return s.config ? `Connecting to ${targetAddress(s.config)}…` : 'Connecting…';
    case 'open': {
      const local = s.local ? formatEndpoint(s.local) : 'unknown';
      const remote = s.remote ? formatEndpoint(s.remote) : 'unknown';
      return `Connected — local ${local} → remote ${remote}`;
    }
    case 'closing':
      return 'Closing…';
    case 'closed': {
      const who = s.closedBy === 'peer' ? 'Closed by peer' : s.closedBy === 'local' ? 'Closed by you' : 'Closed';
      return s.error ? `${who} — ${formatError(s.error)}` : who;
    }
    case 'failed':
      return s.error ? `Failed: ${formatError(s.error)}` : 'Failed';
  }
}

function targetAddress(config: SessionConfig): string {
  switch (config.kind) {
    case 'tcp-client':
      return formatHostPort(config.host, config.port);
  }
}
