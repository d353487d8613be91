// What the native addon can do on this machine right now, found by opening (and at once
// closing) the sockets each native kind needs. Privilege and sysctls (ping_group_range) decide
// these, so nothing is cached.
import { randomBytes } from 'node:crypto';
import type { NativeLoad, NativeModule } from './native-api.js';
import { errnoCode, loadNative } from './native.js';

/**
 * 'ok' when the socket opened; else the OS error code of the attempt ('EPERM', 'EACCES',
 * 'EPROTONOSUPPORT', 'EAFNOSUPPORT', ...); 'UNAVAILABLE' when the addon did not load or this OS
 * has no such constant.
 */
export type SocketProbe = string;

export interface NativeCapabilities {
  loaded: boolean;
  /** Why the addon did not load (a sentence for the user); null when it loaded. */
  reason: string | null;
  /** socket(AF_INET, SOCK_RAW, IPPROTO_ICMP): needs root / CAP_NET_RAW / Administrator. */
  rawIcmp: SocketProbe;
  /** socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP): unprivileged ping (Linux ping_group_range, macOS). */
  dgramIcmp: SocketProbe;
  /** socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6). */
  rawIcmp6: SocketProbe;
  /** socket(AF_INET6, SOCK_DGRAM, IPPROTO_ICMPV6). */
  dgramIcmp6: SocketProbe;
  /** socket(AF_UNIX, SOCK_SEQPACKET, 0) opens. */
  unixSeqpacket: boolean;
  /** socket(AF_UNIX, SOCK_DGRAM, 0) opens. */
  unixDgram: boolean;
  /** A Unix datagram socket can bind a Linux abstract name ('@name'). */
  abstractNames: boolean;
}

const UNAVAILABLE = 'UNAVAILABLE';

function probe(native: NativeModule, domain: string, type: string, protocol: string | number): SocketProbe {
  const c = native.constants;
  const d = c[domain];
  const t = c[type];
  const p = typeof protocol === 'number' ? protocol : c[protocol];
  if (d === undefined || t === undefined || p === undefined) return UNAVAILABLE;
  try {
    native.open(d, t, p).close();
    return 'ok';
  } catch (err) {
    return errnoCode(err) ?? UNAVAILABLE;
  }
}

function canBindAbstract(native: NativeModule): boolean {
  const c = native.constants;
  if (process.platform !== 'linux' || c['AF_UNIX'] === undefined || c['SOCK_DGRAM'] === undefined) return false;
  try {
    const socket = native.open(c['AF_UNIX'], c['SOCK_DGRAM'], 0);
    try {
      socket.bind({ family: 'unix', path: `@wirebench-probe-${process.pid}-${randomBytes(6).toString('hex')}` });
      return true;
    } finally {
      socket.close();
    }
  } catch {
    return false;
  }
}

/** Probes the addon from `load` (by default the one loadNative() finds). Never throws. */
export function nativeCapabilities(load: NativeLoad = loadNative()): NativeCapabilities {
  if (!load.ok) {
    return {
      loaded: false,
      reason: load.reason,
      rawIcmp: UNAVAILABLE,
      dgramIcmp: UNAVAILABLE,
      rawIcmp6: UNAVAILABLE,
      dgramIcmp6: UNAVAILABLE,
      unixSeqpacket: false,
      unixDgram: false,
      abstractNames: false,
    };
  }
  const { native } = load;
  return {
    loaded: true,
    reason: null,
    rawIcmp: probe(native, 'AF_INET', 'SOCK_RAW', 'IPPROTO_ICMP'),
    dgramIcmp: probe(native, 'AF_INET', 'SOCK_DGRAM', 'IPPROTO_ICMP'),
    rawIcmp6: probe(native, 'AF_INET6', 'SOCK_RAW', 'IPPROTO_ICMPV6'),
    dgramIcmp6: probe(native, 'AF_INET6', 'SOCK_DGRAM', 'IPPROTO_ICMPV6'),
    unixSeqpacket: probe(native, 'AF_UNIX', 'SOCK_SEQPACKET', 0) === 'ok',
    unixDgram: probe(native, 'AF_UNIX', 'SOCK_DGRAM', 0) === 'ok',
    abstractNames: canBindAbstract(native),
  };
}
