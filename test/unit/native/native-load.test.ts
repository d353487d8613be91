// The native addon's loader, constants, errors and capability probe, against the binary that
// npm install built (src-main/native/build/Release). Under CI a skipped suite here counts as a failure.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NativeModule } from '../../../src-main/native/native-api.js';
import {
  errnoCode,
  intOption,
  loadNative,
  loadNativeFrom,
  nativeCandidates,
  readIntOption,
} from '../../../src-main/native/native.js';
import { nativeCapabilities } from '../../../src-main/native/native-capabilities.js';
import { thrown } from '../../helpers/native-thrown.js';

const built = path.resolve(__dirname, '../../../src-main/native/build/Release/wirebench_native.node');
const load = loadNative();

const linux = process.platform === 'linux';
const isRoot = process.getuid?.() === 0;

describe.skipIf(!load.ok)('native addon', () => {
  const native = (load.ok ? load.native : null) as NativeModule;
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = '';
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('loads once, from the node-gyp output when run from the sources', () => {
    expect(load.ok && load.path).toBe(built);
    expect(loadNative()).toBe(load);
  });

  it('looks next to the bundle first (dist/main -> dist/native), then in the source tree', () => {
    expect(nativeCandidates('/app/dist/main').slice(0, 2)).toEqual([
      '/app/dist/native/wirebench_native.node',
      '/app/dist/main/build/Release/wirebench_native.node',
    ]);
  });

  it('says why when a file is not a loadable addon', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'wirebench-native-'));
    const bogus = path.join(dir, 'wirebench_native.node');
    writeFileSync(bogus, 'not an ELF file');
    const result = loadNativeFrom(bogus);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain(`The native addon at ${bogus} could not be loaded`);
  });

  it('WIREBENCH_NATIVE_PATH chooses the binary, and a wrong one is reported, not thrown', async () => {
    vi.stubEnv('WIREBENCH_NATIVE_PATH', '/nonexistent/wirebench_native.node');
    const missing = (await import('../../../src-main/native/native.js')).loadNative();
    expect(missing).toEqual({
      ok: false,
      reason: 'WIREBENCH_NATIVE_PATH names /nonexistent/wirebench_native.node, which does not exist.',
    });
    vi.resetModules();
    vi.stubEnv('WIREBENCH_NATIVE_PATH', built);
    const chosen = (await import('../../../src-main/native/native.js')).loadNative();
    expect(chosen.ok && chosen.path).toBe(built);
  });

  it('has every socket constant the engine relies on, with this OS values', () => {
    const required = [
      'AF_INET', 'AF_INET6', 'AF_UNIX', 'SOCK_STREAM', 'SOCK_DGRAM', 'SOCK_RAW', 'SOCK_SEQPACKET',
      'IPPROTO_IP', 'IPPROTO_IPV6', 'IPPROTO_ICMP', 'IPPROTO_ICMPV6', 'IPPROTO_TCP', 'IPPROTO_UDP', 'IPPROTO_RAW',
      'SOL_SOCKET', 'SO_RCVBUF', 'SO_SNDBUF', 'SO_LINGER', 'SO_KEEPALIVE', 'SO_REUSEADDR', 'SO_REUSEPORT',
      'SO_BROADCAST', 'SO_RCVLOWAT', 'SO_SNDLOWAT', 'SO_ERROR', 'SO_TYPE', 'SO_RCVTIMEO', 'SO_SNDTIMEO',
      'IP_TOS', 'IP_TTL', 'IP_HDRINCL', 'IP_RECVTTL', 'IP_MULTICAST_TTL', 'IP_MULTICAST_LOOP',
      'IPV6_V6ONLY', 'IPV6_UNICAST_HOPS', 'IPV6_MULTICAST_HOPS', 'IPV6_TCLASS', 'IPV6_RECVHOPLIMIT', 'IPV6_CHECKSUM',
      'TCP_NODELAY', 'TCP_MAXSEG', 'TCP_KEEPINTVL', 'TCP_KEEPCNT', 'MSG_PEEK', 'MSG_TRUNC', 'MSG_DONTWAIT',
    ];
    const linuxOnly = [
      'SO_RCVBUFFORCE', 'SO_SNDBUFFORCE', 'SO_PRIORITY', 'SO_MARK', 'SO_BINDTODEVICE', 'IP_MTU_DISCOVER',
      'TCP_KEEPIDLE', 'TCP_CORK', 'TCP_QUICKACK', 'TCP_USER_TIMEOUT', 'TCP_CONGESTION', 'ICMP6_FILTER',
    ];
    for (const name of [...required, ...(linux ? linuxOnly : [])]) expect(native.constants[name], name).toBeTypeOf('number');
    if (linux) {
      expect(native.constants).toMatchObject({
        AF_UNIX: 1, AF_INET: 2, AF_INET6: 10, SOCK_STREAM: 1, SOCK_DGRAM: 2, SOCK_RAW: 3, SOCK_SEQPACKET: 5,
        SOL_SOCKET: 1, SO_RCVBUF: 8, IPPROTO_ICMPV6: 58, IPPROTO_RAW: 255, IP_TTL: 2, TCP_NODELAY: 1, MSG_TRUNC: 0x20,
      });
    }
    expect(Object.isFrozen(native.constants)).toBe(true);
  });

  it('throws errors that carry the OS code, errno and syscall', () => {
    const c = native.constants;
    const family = thrown(() => native.open(-1, c['SOCK_DGRAM'] ?? 0, 0));
    expect(family).toMatchObject({ code: 'EAFNOSUPPORT', syscall: 'socket' });
    expect(family.message).toMatch(/^socket: ./);
    expect(family.errno).toBeGreaterThan(0);

    const protocol = thrown(() => native.open(c['AF_INET'] ?? 0, c['SOCK_STREAM'] ?? 0, 253));
    expect(protocol.code).toBe('EPROTONOSUPPORT');

    dir = mkdtempSync(path.join(tmpdir(), 'wirebench-native-'));
    const socket = native.open(c['AF_UNIX'] ?? 0, c['SOCK_DGRAM'] ?? 0, 0);
    try {
      const bind = thrown(() => socket.bind({ family: 'unix', path: path.join(dir, 'missing-dir', 'x.sock') }));
      expect(bind).toMatchObject({ code: 'ENOENT', syscall: 'bind', message: 'bind: No such file or directory' });
      const connect = thrown(() => socket.connect({ family: 'unix', path: path.join(dir, 'nobody.sock') }));
      expect(connect).toMatchObject({ code: 'ENOENT', syscall: 'connect' });
      const option = thrown(() => socket.getOption(c['SOL_SOCKET'] ?? 0, 999_999, 4));
      expect(option).toMatchObject({ code: 'ENOPROTOOPT', syscall: 'getsockopt' });
      const longPath = thrown(() => socket.bind({ family: 'unix', path: `/tmp/${'x'.repeat(200)}` }));
      expect(longPath.code).toBe('ENAMETOOLONG');
    } finally {
      socket.close();
    }

    const udp = native.open(c['AF_INET'] ?? 0, c['SOCK_DGRAM'] ?? 0, 0);
    try {
      const address = thrown(() => udp.bind({ family: 'IPv4', address: '300.1.1.1', port: 0 }));
      expect(address).toMatchObject({ code: 'EINVAL', message: "bind: '300.1.1.1' is not an IPv4 address" });
    } finally {
      udp.close();
    }
    const closed = native.open(c['AF_INET'] ?? 0, c['SOCK_DGRAM'] ?? 0, 0);
    closed.close();
    closed.close();
    expect(thrown(() => closed.send(new Uint8Array([1]), { family: 'IPv4', address: '127.0.0.1', port: 9 }))).toMatchObject({
      code: 'EBADF',
      syscall: 'send',
    });
  });

  it('helpers: errnoCode, intOption and readIntOption', () => {
    expect(errnoCode(Object.assign(new Error('x'), { code: 'EPERM' }))).toBe('EPERM');
    expect(errnoCode(new Error('x'))).toBeNull();
    expect(errnoCode('EPERM')).toBeNull();
    expect(readIntOption(intOption(-5))).toBe(-5);
    expect(readIntOption(intOption(212_992))).toBe(212_992);
    expect(readIntOption(new Uint8Array([64]))).toBe(64);
  });

  it('probes what this machine allows', () => {
    const caps = nativeCapabilities(load);
    expect(caps).toMatchObject({ loaded: true, reason: null, unixDgram: true, unixSeqpacket: linux, abstractNames: linux });
    if (linux) {
      // Raw sockets need root (or CAP_NET_RAW); datagram ICMP needs the gid in ping_group_range.
      expect(caps.rawIcmp).toBe(isRoot ? 'ok' : 'EPERM');
      expect(caps.rawIcmp6).toBe(isRoot ? 'ok' : 'EPERM');
      const [low = 1, high = 0] = readFileSync('/proc/sys/net/ipv4/ping_group_range', 'utf8').trim().split(/\s+/).map(Number);
      const gid = process.getgid?.() ?? -1;
      expect(caps.dgramIcmp).toBe(gid >= low && gid <= high ? 'ok' : 'EACCES');
    }
  });
});

describe('native addon missing', () => {
  it('makes every probe UNAVAILABLE and passes the reason on', () => {
    const caps = nativeCapabilities({ ok: false, reason: 'The native addon was not built.' });
    expect(caps).toEqual({
      loaded: false,
      reason: 'The native addon was not built.',
      rawIcmp: 'UNAVAILABLE',
      dgramIcmp: 'UNAVAILABLE',
      rawIcmp6: 'UNAVAILABLE',
      dgramIcmp6: 'UNAVAILABLE',
      unixSeqpacket: false,
      unixDgram: false,
      abstractNames: false,
    });
  });
});
