// Where a reply or a send goes, from what the renderer knows: a log entry's peer, a UDP
// tab's typed destination. Pure functions only.
import type { LogEntry, SendTarget } from '$shared/contract.js';
import { formatHostPort } from '../session/format.js';
import { parseWholeNumber } from '../ui/whole-number.js';

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

/** Where "Send" goes without a selection, and how it reads ("127.0.0.1:9000"). */
export interface Destination {
  host: string;
  port: number;
  label: string;
}

/**
 * A UDP tab's destination: the Host and Port typed in its form, read as they are now (typed
 * before or after Bind), so Send goes where the fields say. Null while either is empty or the
 * port is not 1 to 65535; main checks the host when it sends.
 */
export function typedDestination(fields: { host: string; port: string }): Destination | null {
  const host = fields.host.trim();
  const port = parseWholeNumber(fields.port, 1, 65535);
  if (host === '' || port === null) return null;
  return { host, port, label: formatHostPort(host, port) };
}

/**
 * Where "Send" goes and how it reads: the clients selected in the list, else the typed
 * destination (UDP), else the session's own peer (`to` absent).
 */
export function sendTarget(selectedIds: readonly string[], destination: Destination | null): { to: SendTarget | undefined; label: string | null } {
  if (selectedIds.length > 0) return { to: { type: 'peers', peerIds: [...selectedIds] }, label: null };
  if (destination) return { to: { type: 'address', host: destination.host, port: destination.port }, label: destination.label };
  return { to: undefined, label: null };
}
