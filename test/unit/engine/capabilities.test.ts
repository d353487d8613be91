// What the machine can do: with the real addon (root here: everything), with an addon that did
// not load, and with a stand-in addon whose sockets the OS refuses.
import { describe, expect, it } from 'vitest';
import { NATIVE_KINDS, SESSION_KINDS, SOCKET_OPTION_NAMES } from '../../../src-main/shared/contract.js';
import type { NativeLoad, NativeModule, NativeSocket } from '../../../src-main/native/native-api.js';
import { loadNative } from '../../../src-main/native/native.js';
import { systemCapabilities } from '../../../src-main/engine/capabilities.js';

const real = loadNative();

/** A stand-in addon: every socket opens except those `refuse` names (by domain/type/protocol) with a code. */
function stubAddon(refuse: (domain: string, type: string, protocol: number) => string | null): () => NativeLoad {
  const constants: Record<string, number> = {
    AF_UNIX: 1,
    AF_INET: 2,
    AF_INET6: 10,
    SOCK_STREAM: 1,
    SOCK_DGRAM: 2,
    SOCK_RAW: 3,
    SOCK_SEQPACKET: 5,
    IPPROTO_ICMP: 1,
    IPPROTO_ICMPV6: 58,
    SOL_SOCKET: 1,
    SO_RCVBUF: 8,
    IPPROTO_TCP: 6,
    TCP_NODELAY: 1,
  };
  const name = (prefix: string, value: number): string =>
    Object.keys(constants).find((k) => k.startsWith(prefix) && constants[k] === value) ?? String(value);
  const socket = { close: () => {}, bind: () => {} } as unknown as NativeSocket;
  const native: NativeModule = {
    constants,
    open: (domain, type, protocol) => {
      const code = refuse(name('AF_', domain), name('SOCK_', type), protocol);
      if (code) throw Object.assign(new Error(code), { code, errno: 1, syscall: 'socket' });
      return socket;
    },
    setOption: () => {},
    getOption: () => Buffer.alloc(4),
  };
  const load: NativeLoad = { ok: true, native, path: '/stub.node' };
  return () => load;
}

describe('systemCapabilities', () => {
  it.skipIf(!real.ok || process.platform !== 'linux')('with the real addon as root: every kind is available, no notes', () => {
    const caps = systemCapabilities();
    expect(caps.platform).toBe('linux');
    expect(caps.native).toEqual({ loaded: true, reason: null });
    for (const kind of SESSION_KINDS) expect(caps.kinds[kind], kind).toEqual({ available: true, reason: null, note: null });
    // Every option in the table exists on Linux.
    expect(caps.socketOptions).toEqual(SOCKET_OPTION_NAMES);
    // Probed once: a second call is the same answer (and a copy the caller may change).
    const again = systemCapabilities();
    expect(again).toEqual(caps);
    again.kinds.ping.available = false;
    expect(systemCapabilities().kinds.ping.available).toBe(true);
  });

  it('when the addon did not load: the native kinds say why, the others are available', () => {
    const caps = systemCapabilities(() => ({ ok: false, reason: 'The native addon was not built (run npm install).' }));
    expect(caps.native).toEqual({ loaded: false, reason: 'The native addon was not built (run npm install).' });
    for (const kind of SESSION_KINDS) {
      if (NATIVE_KINDS.includes(kind)) {
        expect(caps.kinds[kind]).toEqual({
          available: false,
          reason: "Needs Wirebench's native addon, which did not load: The native addon was not built (run npm install).",
          note: null,
        });
      } else {
        expect(caps.kinds[kind]).toEqual({ available: true, reason: null, note: null });
      }
    }
    expect(caps.socketOptions).toEqual([]);
  });

  it('without raw-socket privilege but with datagram ICMP: Ping says it uses a datagram socket, Raw IP how to grant', () => {
    const caps = systemCapabilities(stubAddon((_d, type) => (type === 'SOCK_RAW' ? 'EPERM' : null)));
    expect(caps.kinds.ping).toEqual({
      available: true,
      reason: null,
      note: 'No raw-socket privilege: Ping uses a datagram ICMP socket; Raw IP needs root or CAP_NET_RAW.',
    });
    expect(caps.kinds['raw-ip'].available).toBe(true);
    expect(caps.kinds['raw-ip'].note).toMatch(/^No raw-socket privilege: Raw IP needs root or CAP_NET_RAW/);
    expect(caps.kinds['raw-ip'].note).toContain('To grant it:');
    // Only the options whose constants this (stand-in) OS has.
    expect(caps.socketOptions).toEqual(['SO_RCVBUF', 'TCP_NODELAY']);
  });

  it('with neither raw nor datagram ICMP: Ping says how to grant either', () => {
    const caps = systemCapabilities(stubAddon((d, type) => (d === 'AF_INET' && type !== 'SOCK_STREAM' ? 'EACCES' : null)));
    expect(caps.kinds.ping.available).toBe(true);
    expect(caps.kinds.ping.note).toMatch(/^No raw-socket privilege, and datagram ICMP sockets are not allowed either\. To grant it:/);
  });

  it('an OS that refuses Unix seqpacket (or datagram) sockets makes those kinds unavailable with the reason', () => {
    const caps = systemCapabilities(
      stubAddon((d, type) => (d === 'AF_UNIX' && type === 'SOCK_SEQPACKET' ? 'EPROTONOSUPPORT' : null)),
    );
    const why =
      process.platform === 'darwin'
        ? 'macOS has no Unix seqpacket sockets.'
        : process.platform === 'win32'
          ? 'Windows has no Unix seqpacket sockets.'
          : 'This system would not open a Unix seqpacket socket.';
    expect(caps.kinds['unix-seqpacket-client']).toEqual({ available: false, reason: why, note: null });
    expect(caps.kinds['unix-seqpacket-server']).toEqual({ available: false, reason: why, note: null });
    expect(caps.kinds['unix-dgram-server'].available).toBe(true);
    expect(caps.kinds.ping).toEqual({ available: true, reason: null, note: null });
  });
});
