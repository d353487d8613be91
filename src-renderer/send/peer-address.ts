// Where a reply or a send goes, from what the renderer knows: a log entry's peer, a UDP
// session's default destination. Pure functions only.
import type { LogEntry, SendTarget, SessionConfig } from '$shared/contract.js';
import { formatHostPort } from '../session/format.js';

/** "127.0.0.1:5123" or "[::1]:5123" -> host and port; null for anything else (e.g. "client #3"). */
export function parseHostPort(label: string): { host: string; port: number } | null {
  const m = /^\[([^\]]+)\]:(\d{1,5})$/.exec(label) ?? /^([^:[\]\s]+):(\d{1,5})$/.exec(label);
  if (!m) return null;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return null;
  return { host: m[1]!, port };
}

/**
 * Where "Reply to sender" sends: the sender's peer entry if main has one, else its address
 * (UDP) or its socket path (Unix datagram: "/path" or "@abstract").
 */
export function replyTarget(entry: LogEntry): SendTarget | null {
  if (entry.peerId) return { type: 'peers', peerIds: [entry.peerId] };
  if (!entry.peer) return null;
  if (entry.peer.startsWith('/') || entry.peer.startsWith('@')) return { type: 'path', path: entry.peer };
  const address = parseHostPort(entry.peer);
  return address ? { type: 'address', ...address } : null;
}

/** A UDP session's default destination ("Host"/"Port" of its config), as "host:port"; else null. */
export function defaultDestination(config: SessionConfig | null): string | null {
  if (config?.kind !== 'udp' || !config.remoteHost || !config.remotePort) return null;
  return formatHostPort(config.remoteHost, config.remotePort);
}
