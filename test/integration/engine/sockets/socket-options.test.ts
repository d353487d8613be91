// Socket options by name and by number, on the real sockets of real sessions (TCP, TLS, UDP,
// Unix datagram), through the Engine and once through the router: set, then read back.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { SocketOptionReading } from '../../../../src-main/shared/contract.js';
import { createRouter } from '../../../../src-main/api/router.js';
import { loadNative } from '../../../../src-main/native/native.js';
import { EngineHarness, codedRejection } from '../../../helpers/engine-harness.js';
import { Teardown, startServer } from '../../../helpers/net.js';

const load = loadNative();
const constants = load.ok ? load.native.constants : {};
const teardown = new Teardown();
afterEach(() => teardown.run());

function harness(): EngineHarness {
  const h = new EngineHarness();
  teardown.add(() => h.dispose());
  return h;
}

const byName = (name: SocketOptionReading['name'] & string) => ({ type: 'name' as const, name });

async function tcpClient(h: EngineHarness): Promise<string> {
  const server = await startServer(teardown);
  const { id } = h.engine.create('tcp-client');
  await h.engine.connect(id, { kind: 'tcp-client', host: '127.0.0.1', port: server.port });
  return id;
}

async function udp(h: EngineHarness, localAddress = '127.0.0.1', ipv6Only = false): Promise<string> {
  const { id } = h.engine.create('udp');
  await h.engine.connect(id, { kind: 'udp', localAddress, localPort: 0, ipv6Only });
  return id;
}

describe.skipIf(!load.ok || process.platform !== 'linux')('socket options (Linux)', () => {
  it('SO_RCVBUF set to 65536 reads back 131072 (Linux doubles it), in words', async () => {
    const h = harness();
    const id = await tcpClient(h);
    const reading = await h.engine.session(id).setOption(byName('SO_RCVBUF'), { type: 'int', value: 65536 });
    expect(reading).toMatchObject({
      name: 'SO_RCVBUF',
      level: constants['SOL_SOCKET'],
      option: constants['SO_RCVBUF'],
      value: { type: 'int', value: 131072 },
      hex: '00 00 02 00',
      display: '131072 bytes',
    });
    expect(await h.engine.session(id).getOption(byName('SO_RCVBUF'))).toEqual(reading);
  });

  it('TCP_NODELAY on a TCP client: on as the session set it, then off', async () => {
    const h = harness();
    const id = await tcpClient(h);
    expect(await h.engine.session(id).getOption(byName('TCP_NODELAY'))).toMatchObject({ value: { type: 'bool', value: true }, display: 'on' });
    const off = await h.engine.session(id).setOption(byName('TCP_NODELAY'), { type: 'bool', value: false });
    expect(off).toMatchObject({ value: { type: 'bool', value: false }, display: 'off', hex: '00 00 00 00' });
  });

  it('SO_LINGER on with 5 seconds reads back "on, 5 s"; off reads "off"', async () => {
    const h = harness();
    const id = await tcpClient(h);
    expect(await h.engine.session(id).getOption(byName('SO_LINGER'))).toMatchObject({ value: { type: 'linger', on: false, seconds: 0 }, display: 'off' });
    const on = await h.engine.session(id).setOption(byName('SO_LINGER'), { type: 'linger', on: true, seconds: 5 });
    expect(on).toMatchObject({ value: { type: 'linger', on: true, seconds: 5 }, display: 'on, 5 s', hex: '01 00 00 00 05 00 00 00' });
  });

  it('IP_TTL on a UDP socket; SO_TYPE says datagram and cannot be set', async () => {
    const h = harness();
    const id = await udp(h);
    expect(await h.engine.session(id).setOption(byName('IP_TTL'), { type: 'int', value: 33 })).toMatchObject({ value: { type: 'int', value: 33 }, display: '33' });
    expect(await h.engine.session(id).getOption(byName('SO_TYPE'))).toMatchObject({ value: { type: 'int', value: 2 }, display: '2 (datagram)' });
    const readOnly = await codedRejection(h.engine.session(id).setOption(byName('SO_TYPE'), { type: 'int', value: 1 }));
    expect(readOnly.code).toBe('INVALID_PAYLOAD');
    expect(readOnly.message).toBe('SO_TYPE can only be read, not set.');
  });

  it('IPV6_V6ONLY on a UDP :: socket follows the session config and can be read by name', async () => {
    const h = harness();
    const only = await udp(h, '::', true);
    expect(await h.engine.session(only).getOption(byName('IPV6_V6ONLY'))).toMatchObject({ value: { type: 'bool', value: true }, display: 'on' });
    const both = await udp(h, '::', false);
    expect(await h.engine.session(both).getOption(byName('IPV6_V6ONLY'))).toMatchObject({ value: { type: 'bool', value: false }, display: 'off' });
    // An IPv4 socket has no IPv6 options.
    const v4 = await udp(h);
    const err = await codedRejection(h.engine.session(v4).getOption(byName('IPV6_V6ONLY')));
    expect(['ENOPROTOOPT', 'EOPNOTSUPP']).toContain(err.code);
    expect(err.message).toBe('IPV6_V6ONLY does not apply to this kind of socket.');
  });

  it("TCP_MAXSEG of one TCP server's client (by peerId), and the listener's own options without one", async () => {
    const h = harness();
    const { id } = h.engine.create('tcp-server');
    const listening = await h.engine.connect(id, { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0 });
    const client = h.engine.create('tcp-client');
    await h.engine.connect(client.id, { kind: 'tcp-client', host: '127.0.0.1', port: listening.local!.port });
    await h.until(id, (s) => s.peers?.open === 1);
    const [peer] = await h.peers(id);
    const mss = await h.engine.session(id).getOption(byName('TCP_MAXSEG'), peer!.id);
    expect(mss.value.type).toBe('int');
    const bytes = mss.value.type === 'int' ? mss.value.value : 0;
    expect(bytes).toBeGreaterThan(500);
    expect(mss.display).toBe(`${bytes} bytes`);
    // The listener: SO_REUSEADDR is on (libuv sets it on every TCP listener).
    expect(await h.engine.session(id).getOption(byName('SO_REUSEADDR'))).toMatchObject({ value: { type: 'bool', value: true } });
    const unknown = await codedRejection(h.engine.session(id).getOption(byName('TCP_MAXSEG'), 'p99'));
    expect(unknown.code).toBe('NO_SUCH_PEER');
  });

  it('by number: SOL_SOCKET / SO_RCVBUF reads raw bytes with an int reading and the name it has here', async () => {
    const h = harness();
    const id = await udp(h);
    const ref = { type: 'number' as const, level: constants['SOL_SOCKET']!, option: constants['SO_RCVBUF']!, size: 4 };
    const set = await h.engine.session(id).setOption(ref, { type: 'hex', value: '00 00 01 00' });
    expect(set).toEqual({
      name: 'SO_RCVBUF',
      level: constants['SOL_SOCKET'],
      option: constants['SO_RCVBUF'],
      value: { type: 'hex', value: '00 00 02 00' },
      hex: '00 00 02 00',
      display: '4 bytes: 00 00 02 00 (int 131072)',
    });
    const bad = await codedRejection(h.engine.session(id).setOption(ref, { type: 'hex', value: '00 0g' }));
    expect(bad.code).toBe('INVALID_HEX');
    expect(bad.message).toBe('Invalid hex: "g" at position 5 is not a hex digit.');
  });

  it('an unknown level or option number is an error in words', async () => {
    const h = harness();
    const id = await tcpClient(h);
    const err = await codedRejection(h.engine.session(id).getOption({ type: 'number', level: 9999, option: 1, size: 4 }));
    expect(['ENOPROTOOPT', 'EOPNOTSUPP']).toContain(err.code);
    expect(err.message).toBe('Option 1 at level 9999 does not exist for this kind of socket (no such level or option number).');
  });

  it('TCP_CONGESTION reads and sets the algorithm by name; an unknown one is refused in words', async () => {
    const h = harness();
    const id = await tcpClient(h);
    const available = readFileSync('/proc/sys/net/ipv4/tcp_available_congestion_control', 'utf8').trim().split(/\s+/);
    const now = await h.engine.session(id).getOption(byName('TCP_CONGESTION'));
    expect(now.value.type).toBe('text');
    expect(available).toContain(now.display);
    expect(await h.engine.session(id).setOption(byName('TCP_CONGESTION'), { type: 'text', value: 'reno' })).toMatchObject({
      value: { type: 'text', value: 'reno' },
      display: 'reno',
    });
    const err = await codedRejection(h.engine.session(id).setOption(byName('TCP_CONGESTION'), { type: 'text', value: 'no-such-cc' }));
    expect(err.code).toBe('ENOENT');
    expect(err.message).toContain('There is no congestion control algorithm named "no-such-cc"');
  });

  it('a value of the wrong type for a named option is refused before the OS sees it', async () => {
    const h = harness();
    const id = await tcpClient(h);
    const err = await codedRejection(h.engine.session(id).setOption(byName('SO_RCVBUF'), { type: 'linger', on: true, seconds: 1 }));
    expect(err.code).toBe('INVALID_PAYLOAD');
    expect(err.message).toBe('SO_RCVBUF takes a number, not on or off with seconds (linger).');
  });

  it('TLS and Unix datagram sessions hand over their own sockets', async () => {
    const h = harness();
    const { id } = h.engine.create('tls-server');
    const listening = await h.engine.connect(id, { kind: 'tls-server', localAddress: '127.0.0.1', localPort: 0 });
    const client = h.engine.create('tls-client');
    await h.engine.connect(client.id, { kind: 'tls-client', host: '127.0.0.1', port: listening.local!.port, verify: false });
    expect(await h.engine.session(client.id).getOption(byName('SO_TYPE'))).toMatchObject({ display: '1 (stream)' });
    expect(await h.engine.session(client.id).getOption(byName('TCP_NODELAY'))).toMatchObject({ display: 'on' });

    const dgram = h.engine.create('unix-dgram-server');
    await h.engine.connect(dgram.id, { kind: 'unix-dgram-server', path: `@wirebench-opt-${process.pid}` });
    expect(await h.engine.session(dgram.id).getOption(byName('SO_TYPE'))).toMatchObject({ display: '2 (datagram)' });
  });

  it('a session with no open socket says to connect first', async () => {
    const h = harness();
    const { id } = h.engine.create('tcp-client');
    const err = await codedRejection(h.engine.session(id).getOption(byName('SO_RCVBUF')));
    expect(err.code).toBe('NOT_CONNECTED');
  });

  it('through the router: sockopt.set then sockopt.get, and a bad payload is refused', async () => {
    const h = harness();
    const id = await udp(h);
    const router = createRouter(h.engine);
    const set = await router.handle('sockopt.set', { id, option: { type: 'name', name: 'IP_TOS' }, value: { type: 'int', value: 0x10 } });
    expect(set).toEqual({
      ok: true,
      value: expect.objectContaining({ name: 'IP_TOS', value: { type: 'int', value: 16 }, display: '0x10 (DSCP 4, ECN 0)' }),
    });
    const got = await router.handle('sockopt.get', { id, option: { type: 'name', name: 'IP_TOS' } });
    expect(got).toEqual(set);
    const bad = await router.handle('sockopt.get', { id, option: { type: 'name', name: 'SO_NOPE' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
  });
});
