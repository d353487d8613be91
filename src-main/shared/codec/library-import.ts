// A file to import into the library, read: Wirebench's own library file, or Packet Sender's JSON
// export (its Packet::ExportJSON: an array of packets with lower-case keys: `name`, `hexstring`
// (bytes as spaced hex), `asciistring` (base64 of the Latin-1 text), `toip`, `port` (a number as
// a string), `tcporudp` ("TCP", "UDP", "SSL"...)). Each packet becomes a message (its bytes as
// hex) and, where it names a host, a port and TCP, UDP or SSL, a profile. Pure: no I/O. Ids are
// left for the library to give (the renderer adds the items).
import * as v from 'valibot';
import { Library, LIBRARY_FORMAT, type LibraryImport, type Result, type SavedMessage, type SavedProfile, type SessionKind } from '../contract.js';
import { parseBase64 } from './base64.js';
import { parseHex } from './hex.js';

const fail = (message: string): Result<never> => ({ ok: false, error: { code: 'INVALID_PAYLOAD', message } });

const hexOf = (bytes: Uint8Array): string => [...bytes].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');

const PROFILE_KINDS: Record<string, SessionKind> = { TCP: 'tcp-client', UDP: 'udp', SSL: 'tls-client' };

export function parseLibraryImport(text: string): Result<LibraryImport> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return fail(`The file is not JSON (${err instanceof Error ? err.message : String(err)}); nothing was imported.`);
  }
  if (Array.isArray(raw)) return fromPacketSender(raw);
  if (typeof raw === 'object' && raw !== null && (raw as { format?: unknown }).format === LIBRARY_FORMAT) {
    const parsed = v.safeParse(Library, raw);
    if (!parsed.success) {
      const issue = parsed.issues[0]!;
      const path = issue.path?.map((p) => (typeof p.key === 'number' ? `item ${p.key + 1}` : String(p.key))).join(', ');
      return fail(`The Wirebench library file is not valid${path ? ` (${path})` : ''}: ${issue.message}; nothing was imported.`);
    }
    const { messages, profiles, sequences, ruleSets } = parsed.output;
    return { ok: true, value: { source: 'wirebench', messages, profiles, sequences, ruleSets } };
  }
  return fail('The file is neither a Wirebench library nor a Packet Sender export (a JSON array of packets); nothing was imported.');
}

function fromPacketSender(packets: unknown[]): Result<LibraryImport> {
  const messages: SavedMessage[] = [];
  const profiles: SavedProfile[] = [];
  for (const [index, packet] of packets.entries()) {
    const item = `Packet ${index + 1}`;
    if (typeof packet !== 'object' || packet === null || Array.isArray(packet)) return fail(`${item} is not an object; nothing was imported.`);
    const p = packet as Record<string, unknown>;
    const name = typeof p['name'] === 'string' ? p['name'].trim() : '';
    if (!name) return fail(`${item} has no name; nothing was imported.`);
    const bytes = packetBytes(p);
    if (!bytes.ok) return fail(`${item} ("${name}") ${bytes.error.message}; nothing was imported.`);
    const host = typeof p['toip'] === 'string' ? p['toip'].trim() : '';
    const portText = typeof p['port'] === 'number' ? String(p['port']) : typeof p['port'] === 'string' ? p['port'].trim() : '';
    const port = /^\d{1,5}$/.test(portText) && Number(portText) >= 1 && Number(portText) <= 65535 ? Number(portText) : null;
    const protocol = typeof p['tcporudp'] === 'string' ? p['tcporudp'].trim().toUpperCase() : '';
    const kind = PROFILE_KINDS[protocol];
    const id = `import-${index + 1}`;
    messages.push({
      id,
      name,
      text: hexOf(bytes.value),
      format: 'hex',
      lineEnding: 'none',
      ...(kind === 'udp' && host && port !== null ? { destination: { host, port } } : {}),
    });
    if (kind && host && port !== null && host.length <= 253) {
      const fields: Record<string, string | boolean> = kind === 'udp' ? { host, port: String(port), localAddress: '0.0.0.0', localPort: '0' } : { host, port: String(port) };
      profiles.push({ id, name, kind, fields, closeClients: true });
    }
  }
  return { ok: true, value: { source: 'packet-sender', messages, profiles, sequences: [], ruleSets: [] } };
}

/** The packet's bytes: its hexstring, else its asciistring (base64 of Latin-1 text). */
function packetBytes(p: Record<string, unknown>): Result<Uint8Array> {
  const hex = typeof p['hexstring'] === 'string' ? p['hexstring'].trim() : '';
  if (hex) {
    const parsed = parseHex(hex);
    return parsed.ok ? parsed : { ok: false, error: { code: 'INVALID_HEX', message: `has a hexstring that is not hex (${parsed.error.message})` } };
  }
  const ascii = typeof p['asciistring'] === 'string' ? p['asciistring'].trim() : '';
  if (ascii) {
    const parsed = parseBase64(ascii);
    return parsed.ok ? parsed : { ok: false, error: { code: 'INVALID_BASE64', message: `has an asciistring that is not base64 (${parsed.error.message})` } };
  }
  // A packet with no bytes is an empty message (Packet Sender allows one).
  if (p['hexstring'] === '' || p['asciistring'] === '') return { ok: true, value: new Uint8Array(0) };
  return { ok: false, error: { code: 'INVALID_PAYLOAD', message: 'has no bytes (no hexstring or asciistring)' } };
}
