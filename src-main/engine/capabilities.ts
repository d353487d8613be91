// What this machine can do, for the Kind chooser: which kinds work here and why not. The native
// kinds are probed (the addon's probe opens and closes the sockets they need) once per process.
import {
  NATIVE_KINDS,
  SESSION_KINDS,
  type Capabilities,
  type KindAvailability,
  type SessionKind,
} from '../shared/contract.js';
import { getLocale } from '../shared/i18n/paraglide/runtime.js';
import { m } from '../shared/i18n/paraglide/messages.js';
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
      ? m.caps_unix_would_not_open({ what: what === 'datagram' ? m.caps_datagram() : m.caps_seqpacket() })
      : m.caps_os_has_no_unix({ os: OS_NAMES[process.platform] ?? process.platform, what: what === 'datagram' ? m.caps_datagram() : m.caps_seqpacket() });
  return { available: false, reason, note: null };
}

function icmpNotes(probe: NativeCapabilities): { ping: string | null; raw: string | null } {
  if (probe.rawIcmp === 'ok') return { ping: null, raw: null };
  const raw = `${m.caps_raw_needs_privilege()} ${rawPrivilegeHelp({ ping: false })}`;
  if (probe.dgramIcmp === 'ok') {
    return { ping: m.caps_ping_uses_datagram(), raw };
  }
  return { ping: `${m.caps_ping_no_datagram()} ${rawPrivilegeHelp({ ping: true })}`, raw };
}

function build(load: NativeLoad): Capabilities {
  const kinds = Object.fromEntries(
    SESSION_KINDS.map((k): [SessionKind, KindAvailability] => [k, { available: true, reason: null, note: null }]),
  ) as Record<SessionKind, KindAvailability>;
  if (!load.ok) {
    for (const kind of NATIVE_KINDS) {
      kinds[kind] = { available: false, reason: m.caps_needs_native({ reason: load.reason }), note: null };
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

/**
 * One answer per loader and language: probing opens sockets, and the answer does not change while
 * running; its notes are words in the language in force (Settings > Language).
 */
const cache = new WeakMap<() => NativeLoad, Map<string, Capabilities>>();

/** What this machine can do; `load` is for tests (a loader that fails, or a stub addon). */
export function systemCapabilities(load: () => NativeLoad = loadNative): Capabilities {
  let byLocale = cache.get(load);
  if (!byLocale) {
    byLocale = new Map();
    cache.set(load, byLocale);
  }
  const locale = getLocale();
  let found = byLocale.get(locale);
  if (!found) {
    found = build(load());
    byLocale.set(locale, found);
  }
  return structuredClone(found);
}
