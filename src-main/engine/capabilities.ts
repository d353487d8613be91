// What this machine can do, for the Kind chooser: which kinds work here and why not.
// (Stub: the capabilities engineer fills this in from the native addon's probe.)
import { SESSION_KINDS, SOCKET_OPTION_NAMES, type Capabilities, type KindAvailability, type SessionKind } from '../api/contract.js';

export function systemCapabilities(): Capabilities {
  const kinds = Object.fromEntries(
    SESSION_KINDS.map((k): [SessionKind, KindAvailability] => [k, { available: true, reason: null, note: null }]),
  ) as Record<SessionKind, KindAvailability>;
  return { platform: process.platform, native: { loaded: false, reason: 'Not probed yet.' }, kinds, socketOptions: [...SOCKET_OPTION_NAMES] };
}
