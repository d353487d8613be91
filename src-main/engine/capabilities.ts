// What this machine can do, for the Kind chooser: which kinds work here and why not. The native
// kinds are probed (the addon's probe opens and closes the sockets they need) once per process.
import {
  NATIVE_KINDS,
  SESSION_KINDS,
  type Capabilities,
  type KindAvailability,
  type SessionKind,
} from '../shared/contract.js';
import type { NativeLoad } from '../native/native-api.js';
import { nativeCapabilities, type NativeCapabilities } from '../native/native-capabilities.js';
import { loadNative } from '../native/native.js';
import { rawPrivilegeHelp } from './sockets/raw-privilege.js';
import { availableSocketOptions } from './sockets/socket-options.js';

const OS_NAMES: Record<string, string> = { darwin: 'macOS', win32: 'Windows', linux: 'Linux' };

function unixAvailability(opens: boolean, what: 'datagram' | 'seqpacket'): KindAvailability {
  if (opens) return { available: true, reason: null, note: null };
  // macOS defines SOCK_SEQPACKET but refuses it for AF_UNIX; Windows' AF_UNIX is stream only.
  const reason =
    process.platform === 'linux'
      ? `This system would not open a Unix ${what} socket.`
      : `${OS_NAMES[process.platform] ?? process.platform} has no Unix ${what} sockets.`;
  return { available: false, reason, note: null };
}

function icmpNotes(probe: NativeCapabilities): { ping: string | null; raw: string | null } {
  if (probe.rawIcmp === 'ok') return { ping: null, raw: null };
  const raw = `No raw-socket privilege: Raw IP needs root or CAP_NET_RAW (Administrator on Windows). ${rawPrivilegeHelp({ ping: false })}`;
  if (probe.dgramIcmp === 'ok') {
    return { ping: 'No raw-socket privilege: Ping uses a datagram ICMP socket; Raw IP needs root or CAP_NET_RAW.', raw };
  }
  return { ping: `No raw-socket privilege, and datagram ICMP sockets are not allowed either. ${rawPrivilegeHelp({ ping: true })}`, raw };
}

function build(load: NativeLoad): Capabilities {
  const kinds = Object.fromEntries(
    SESSION_KINDS.map((k): [SessionKind, KindAvailability] => [k, { available: true, reason: null, note: null }]),
  ) as Record<SessionKind, KindAvailability>;
  if (!load.ok) {
    for (const kind of NATIVE_KINDS) {
      kinds[kind] = { available: false, reason: `Needs Wirebench's native addon, which did not load: ${load.reason}`, note: null };
    }
    return { platform: process.platform, native: { loaded: false, reason: load.reason }, kinds, socketOptions: [] };
  }
  const probe = nativeCapabilities(load);
  const dgram = unixAvailability(probe.unixDgram, 'datagram');
  const seqpacket = unixAvailability(probe.unixSeqpacket, 'seqpacket');
  kinds['unix-dgram-client'] = dgram;
  kinds['unix-dgram-server'] = dgram;
  kinds['unix-seqpacket-client'] = seqpacket;
  kinds['unix-seqpacket-server'] = seqpacket;
  const notes = icmpNotes(probe);
  kinds.ping = { available: true, reason: null, note: notes.ping };
  kinds['raw-ip'] = { available: true, reason: null, note: notes.raw };
  return {
    platform: process.platform,
    native: { loaded: true, reason: null },
    kinds,
    socketOptions: availableSocketOptions(load.native),
  };
}

/** One answer per loader: probing opens sockets, and the answer does not change while running. */
const cache = new WeakMap<() => NativeLoad, Capabilities>();

/** What this machine can do; `load` is for tests (a loader that fails, or a stub addon). */
export function systemCapabilities(load: () => NativeLoad = loadNative): Capabilities {
  let found = cache.get(load);
  if (!found) {
    found = build(load());
    cache.set(load, found);
  }
  return structuredClone(found);
}
