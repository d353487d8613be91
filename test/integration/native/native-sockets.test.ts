// The native addon on real sockets: Unix seqpacket and datagram (paths, unnamed senders,
// abstract names), raw IPv4/ICMP/ICMPv6 on loopback (as root), socket options on the addon's
// own sockets and on sockets Node owns, and the event contract (held batches, close inside a
// callback, one-shot writable). Waits for events, never for time.
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket as DgramSocket } from 'node:dgram';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NativeError, NativeMessage, NativeModule, NativeSocket } from '../../../src-main/native/native-api.js';
import { intOption, isNativeError, loadNative, nodeSocketFd, readIntOption } from '../../../src-main/native/native.js';
import { Teardown } from '../../helpers/net.js';
import { thrown } from '../../helpers/native-thrown.js';

const load = loadNative();
const linux = process.platform === 'linux';
const isRoot = process.getuid?.() === 0;
const hasIpv6Loopback = Object.values(networkInterfaces()).some((list) => list?.some((i) => i.address === '::1'));

/** Collects what a socket's readStart handlers report, and lets a test wait for a condition. */
class Inbox {
  readonly messages: NativeMessage[] = [];
  readonly errors: NativeError[] = [];
  ended = false;
  #wake: (() => void)[] = [];

  readonly handlers = {
    onMessage: (m: NativeMessage) => this.#push(() => this.messages.push(m)),
    onEnd: () => this.#push(() => (this.ended = true)),
    onError: (e: NativeError) => this.#push(() => this.errors.push(e)),
  };

  #push(change: () => unknown): void {
    change();
    for (const wake of this.#wake.splice(0)) wake();
  }

  async until(condition: () => boolean): Promise<void> {
    while (!condition()) await new Promise<void>((resolve) => this.#wake.push(resolve));
  }
}

/** One turn of the event loop: anything already readable has been dispatched by then. */
const loopTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function nodeFd(socket: Socket | DgramSocket): number {
  const fd = nodeSocketFd(socket);
  if (fd === null) throw new Error('this Node socket has no fd');
  return fd;
}

function sysctl(name: string): string {
  return readFileSync(`/proc/sys/${name.replaceAll('.', '/')}`, 'utf8').trim();
}

/** The Internet checksum (RFC 1071) over `data`. */
function checksum(data: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < data.length; i += 2) sum += (data[i] ?? 0) * 256 + (data[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function echoRequest(type: number, id: number, seq: number, payload: Buffer): Buffer {
  const packet = Buffer.concat([Buffer.from([type, 0, 0, 0, id >> 8, id & 0xff, seq >> 8, seq & 0xff]), payload]);
  packet.writeUInt16BE(checksum(packet), 2);
  return packet;
}

describe.skipIf(!load.ok)('native sockets', () => {
  const native = (load.ok ? load.native : null) as NativeModule;
  const c = (name: string): number => {
    const value = native.constants[name];
    if (value === undefined) throw new Error(`no ${name} on this OS`);
    return value;
  };
  const teardown = new Teardown();
  let dir = '';

  function open(domain: string, type: string, protocol: number | string = 0): NativeSocket {
    const socket = native.open(c(domain), c(type), typeof protocol === 'number' ? protocol : c(protocol));
    teardown.add(() => socket.close());
    return socket;
  }
  const unixPath = (name: string) => ({ family: 'unix' as const, path: path.join(dir, name) });
  const abstractName = (tag: string) => `@wirebench-test-${tag}-${randomBytes(6).toString('hex')}`;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wirebench-native-'));
  });
  afterEach(async () => {
    await teardown.run();
    rmSync(dir, { recursive: true, force: true });
  });

  describe.skipIf(!linux)('Unix seqpacket', () => {
    it('accepts a client and keeps message boundaries both ways, then reports the end', async () => {
      const server = open('AF_UNIX', 'SOCK_SEQPACKET');
      server.bind(unixPath('seq.sock'));
      server.listen(8);
      expect(server.getOption(c('SOL_SOCKET'), c('SO_TYPE'), 4)).toEqual(intOption(c('SOCK_SEQPACKET')));
      const accepted: { socket: NativeSocket; from: unknown }[] = [];
      const listenErrors = new Inbox();
      let wake: () => void = () => {};
      server.readStart({
        onAcceptable: () => {
          for (let a = server.accept(); a !== null; a = server.accept()) {
            teardown.add(() => a?.socket.close());
            accepted.push(a);
          }
          wake();
        },
        onError: listenErrors.handlers.onError,
      });

      const client = open('AF_UNIX', 'SOCK_SEQPACKET');
      client.connect(unixPath('seq.sock'));
      expect(client.remoteAddress()).toEqual(unixPath('seq.sock'));
      if (accepted.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      expect(server.accept()).toBeNull();
      const peer = accepted[0]!;
      expect(peer.from).toEqual({ family: 'unix', path: '' });
      expect(peer.socket.localAddress()).toEqual(unixPath('seq.sock'));

      const atServer = new Inbox();
      peer.socket.readStart(atServer.handlers);
      const big = randomBytes(1000);
      expect(client.send(Buffer.from([7]))).toBe(1);
      expect(client.send(big)).toBe(1000);
      expect(client.send(new Uint8Array(0))).toBe(0);
      await atServer.until(() => atServer.messages.length === 3);
      expect(atServer.messages.map((m) => m.data)).toEqual([Buffer.from([7]), big, Buffer.alloc(0)]);
      expect(atServer.messages.every((m) => !m.truncated && m.ttl === null)).toBe(true);
      // The empty message came from a client that is still connected: not the end.
      expect(atServer.ended).toBe(false);

      const atClient = new Inbox();
      client.readStart(atClient.handlers);
      peer.socket.send(Buffer.from('one'));
      peer.socket.send(Buffer.from('two'));
      await atClient.until(() => atClient.messages.length === 2);
      expect(atClient.messages.map((m) => m.data.toString())).toEqual(['one', 'two']);

      client.close();
      await atServer.until(() => atServer.ended);
      expect(atServer.messages.slice(3).map((m) => m.data)).toEqual([Buffer.alloc(0)]);
      expect([...atServer.errors, ...atClient.errors, ...listenErrors.errors]).toEqual([]);
    });

    it('connecting to a path where nothing listens fails with the OS code', () => {
      const client = open('AF_UNIX', 'SOCK_SEQPACKET');
      expect(thrown(() => client.connect(unixPath('nobody.sock')))).toMatchObject({ code: 'ENOENT', syscall: 'connect' });
      const stale = open('AF_UNIX', 'SOCK_SEQPACKET');
      stale.bind(unixPath('stale.sock'));
      stale.close();
      expect(thrown(() => client.connect(unixPath('stale.sock'))).code).toBe('ECONNREFUSED');
    });
  });

  describe('Unix datagram', () => {
    it('reports a bound sender by path and an unnamed sender as null', async () => {
      const server = open('AF_UNIX', 'SOCK_DGRAM');
      server.bind(unixPath('server.sock'));
      const inbox = new Inbox();
      server.readStart(inbox.handlers);

      const named = open('AF_UNIX', 'SOCK_DGRAM');
      named.bind(unixPath('client.sock'));
      expect(named.localAddress()).toEqual(unixPath('client.sock'));
      named.send(Buffer.from('from a name'), unixPath('server.sock'));
      const unnamed = open('AF_UNIX', 'SOCK_DGRAM');
      unnamed.send(Buffer.from('from nobody'), unixPath('server.sock'));

      await inbox.until(() => inbox.messages.length === 2);
      expect(inbox.messages).toEqual([
        { data: Buffer.from('from a name'), from: unixPath('client.sock'), ttl: null, truncated: false },
        { data: Buffer.from('from nobody'), from: null, ttl: null, truncated: false },
      ]);
      expect(thrown(() => named.send(Buffer.from('x'), unixPath('nobody.sock')))).toMatchObject({ code: 'ENOENT', syscall: 'sendto' });
    });

    it.skipIf(!linux)('binds and reports Linux abstract names', async () => {
      const serverName = abstractName('server');
      const clientName = abstractName('client');
      const server = open('AF_UNIX', 'SOCK_DGRAM');
      server.bind({ family: 'unix', path: serverName });
      expect(server.localAddress()).toEqual({ family: 'unix', path: serverName });
      const inbox = new Inbox();
      server.readStart(inbox.handlers);

      const client = open('AF_UNIX', 'SOCK_DGRAM');
      client.bind({ family: 'unix', path: clientName });
      client.connect({ family: 'unix', path: serverName });
      expect(client.remoteAddress()).toEqual({ family: 'unix', path: serverName });
      client.send(Buffer.from('abstract'));
      await inbox.until(() => inbox.messages.length === 1);
      expect(inbox.messages[0]?.from).toEqual({ family: 'unix', path: clientName });
      expect(thrown(() => open('AF_UNIX', 'SOCK_DGRAM').bind({ family: 'unix', path: serverName })).code).toBe('EADDRINUSE');
    });

    it('holds the rest of a batch while reading is stopped and hands it over on readStart, in order', async () => {
      const server = open('AF_UNIX', 'SOCK_DGRAM');
      server.bind(unixPath('held.sock'));
      const sender = open('AF_UNIX', 'SOCK_DGRAM');
      for (let i = 0; i < 5; i++) sender.send(Buffer.from([i]), unixPath('held.sock'));

      const inbox = new Inbox();
      server.readStart({
        ...inbox.handlers,
        onMessage: (m) => {
          inbox.handlers.onMessage(m);
          if (inbox.messages.length === 1) server.readStop();
        },
      });
      await inbox.until(() => inbox.messages.length === 1);
      await loopTurn();
      expect(inbox.messages.length).toBe(1);
      server.readStart(inbox.handlers);
      await inbox.until(() => inbox.messages.length === 5);
      expect(inbox.messages.map((m) => m.data[0])).toEqual([0, 1, 2, 3, 4]);
    });

    it('closing inside a callback stops delivery at once and frees the socket', async () => {
      const server = open('AF_UNIX', 'SOCK_DGRAM');
      server.bind(unixPath('close.sock'));
      const sender = open('AF_UNIX', 'SOCK_DGRAM');
      for (let i = 0; i < 3; i++) sender.send(Buffer.from([i]), unixPath('close.sock'));
      const inbox = new Inbox();
      server.readStart({
        ...inbox.handlers,
        onMessage: (m) => {
          server.close();
          inbox.handlers.onMessage(m);
        },
      });
      await inbox.until(() => inbox.messages.length === 1);
      await loopTurn();
      expect(inbox.messages.length).toBe(1);
      expect(inbox.errors).toEqual([]);
      expect(thrown(() => server.localAddress()).code).toBe('EBADF');
      // The path is free for reuse once the fd is closed and the file removed.
      rmSync(path.join(dir, 'close.sock'));
      open('AF_UNIX', 'SOCK_DGRAM').bind(unixPath('close.sock'));
    });

    it('throws EAGAIN when the receiver is full, then calls onWritable once it drains', async () => {
      const server = open('AF_UNIX', 'SOCK_DGRAM');
      server.bind(unixPath('full.sock'));
      const sender = open('AF_UNIX', 'SOCK_DGRAM');
      sender.connect(unixPath('full.sock'));
      const chunk = Buffer.alloc(1000, 0x61);
      let sent = 0;
      let full: NativeError | null = null;
      while (full === null && sent < 1_000_000) {
        try {
          sender.send(chunk);
          sent++;
        } catch (err) {
          if (!isNativeError(err)) throw err;
          full = err;
        }
      }
      expect(full).toMatchObject({ code: 'EAGAIN', syscall: 'send' });

      let writable = 0;
      const drained = new Promise<void>((resolve) =>
        sender.onWritable(() => {
          writable++;
          resolve();
        }),
      );
      const inbox = new Inbox();
      server.readStart(inbox.handlers);
      await drained;
      expect(sender.send(chunk)).toBe(1000);
      await inbox.until(() => inbox.messages.length === sent + 1);
      expect(writable).toBe(1);
    });

    it('a flood of 20,000 datagrams arrives complete and in order over many bounded wakeups', async () => {
      const server = open('AF_UNIX', 'SOCK_DGRAM');
      server.bind(unixPath('flood.sock'));
      const inbox = new Inbox();
      server.readStart(inbox.handlers);
      const sender = open('AF_UNIX', 'SOCK_DGRAM');
      sender.connect(unixPath('flood.sock'));
      const total = 20_000;
      let next = 0;
      await new Promise<void>((resolve, reject) => {
        const pump = () => {
          try {
            while (next < total) {
              const b = Buffer.alloc(4);
              b.writeUInt32BE(next);
              sender.send(b);
              next++;
            }
            resolve();
          } catch (err) {
            if (isNativeError(err) && err.code === 'EAGAIN') sender.onWritable(pump);
            else reject(err);
          }
        };
        pump();
      });
      await inbox.until(() => inbox.messages.length === total);
      expect(inbox.messages.every((m, i) => m.data.readUInt32BE(0) === i)).toBe(true);
      expect(inbox.errors).toEqual([]);
    });

    it.skipIf(!linux || !isRoot)('marks a datagram larger than the receive buffer as truncated', async () => {
      const server = open('AF_UNIX', 'SOCK_DGRAM');
      server.bind(unixPath('big.sock'));
      server.setOption(c('SOL_SOCKET'), c('SO_RCVBUFFORCE'), intOption(1 << 20));
      const sender = open('AF_UNIX', 'SOCK_DGRAM');
      sender.setOption(c('SOL_SOCKET'), c('SO_SNDBUFFORCE'), intOption(1 << 20));
      const payload = randomBytes(300_000);
      expect(sender.send(payload, unixPath('big.sock'))).toBe(payload.length);
      const inbox = new Inbox();
      server.readStart(inbox.handlers);
      await inbox.until(() => inbox.messages.length === 1);
      const message = inbox.messages[0]!;
      expect(message.truncated).toBe(true);
      expect(message.data.length).toBeGreaterThanOrEqual(65536);
      expect(message.data.length).toBeLessThan(payload.length);
      expect(message.data).toEqual(payload.subarray(0, message.data.length));
    });
  });

  describe.skipIf(!linux || !isRoot)('raw IP (as root)', () => {
    it('sends protocol 253 to 127.0.0.1 and another raw socket receives it with the IPv4 header and TTL', async () => {
      const receiver = open('AF_INET', 'SOCK_RAW', 253);
      receiver.setOption(c('IPPROTO_IP'), c('IP_RECVTTL'), intOption(1));
      const inbox = new Inbox();
      receiver.readStart(inbox.handlers);
      const sender = open('AF_INET', 'SOCK_RAW', 253);
      const payload = randomBytes(32);
      expect(sender.send(payload, { family: 'IPv4', address: '127.0.0.1', port: 0 })).toBe(32);

      // Other raw sockets on this machine may be using protocol 253 too: find ours by payload.
      const ours = (m: NativeMessage) => m.data.length >= 20 && m.data.subarray((m.data[0]! & 0x0f) * 4).equals(payload);
      await inbox.until(() => inbox.messages.some(ours));
      const message = inbox.messages.find(ours)!;
      expect(message.data[0]! >> 4).toBe(4);
      expect(message.data[9]).toBe(253);
      expect(message.from).toEqual({ family: 'IPv4', address: '127.0.0.1', port: 0 });
      expect(message.ttl).toBe(Number(sysctl('net.ipv4.ip_default_ttl')));
      expect(message.truncated).toBe(false);
    });

    it.skipIf(sysctl('net.ipv4.icmp_echo_ignore_all') !== '0')('pings 127.0.0.1 over a raw ICMP socket', async () => {
      const socket = open('AF_INET', 'SOCK_RAW', 'IPPROTO_ICMP');
      const inbox = new Inbox();
      socket.readStart(inbox.handlers);
      const id = randomBytes(2).readUInt16BE(0);
      const payload = randomBytes(16);
      socket.send(echoRequest(8, id, 1, payload), { family: 'IPv4', address: '127.0.0.1', port: 0 });
      const isReply = (m: NativeMessage) => {
        const icmp = m.data.subarray((m.data[0]! & 0x0f) * 4);
        return icmp[0] === 0 && icmp.readUInt16BE(4) === id;
      };
      await inbox.until(() => inbox.messages.some(isReply));
      const reply = inbox.messages.find(isReply)!;
      const icmp = reply.data.subarray((reply.data[0]! & 0x0f) * 4);
      expect(icmp.readUInt16BE(6)).toBe(1);
      expect(icmp.subarray(8)).toEqual(payload);
      expect(checksum(icmp)).toBe(0);
    });

    it.skipIf(!hasIpv6Loopback)('pings ::1 over a raw ICMPv6 socket and reads the hop limit', async () => {
      const socket = open('AF_INET6', 'SOCK_RAW', 'IPPROTO_ICMPV6');
      socket.setOption(c('IPPROTO_IPV6'), c('IPV6_RECVHOPLIMIT'), intOption(1));
      const inbox = new Inbox();
      socket.readStart(inbox.handlers);
      const id = randomBytes(2).readUInt16BE(0);
      // The kernel fills in the ICMPv6 checksum (it covers the IPv6 pseudo-header).
      const request = Buffer.concat([Buffer.from([128, 0, 0, 0, id >> 8, id & 0xff, 0, 1]), Buffer.from('wirebench')]);
      socket.send(request, { family: 'IPv6', address: '::1', port: 0 });
      const isReply = (m: NativeMessage) => m.data[0] === 129 && m.data.readUInt16BE(4) === id;
      await inbox.until(() => inbox.messages.some(isReply));
      const reply = inbox.messages.find(isReply)!;
      expect(reply.from).toEqual({ family: 'IPv6', address: '::1', port: 0 });
      expect(reply.ttl).toBe(Number(sysctl('net.ipv6.conf.lo.hop_limit')));
      expect(reply.data.subarray(8).toString()).toBe('wirebench');
    });
  });

  describe.skipIf(!linux)('socket options', () => {
    it('SO_RCVBUF on an addon socket comes back doubled, as Linux books it', () => {
      const socket = open('AF_INET', 'SOCK_DGRAM');
      socket.setOption(c('SOL_SOCKET'), c('SO_RCVBUF'), intOption(65536));
      expect(readIntOption(socket.getOption(c('SOL_SOCKET'), c('SO_RCVBUF'), 4))).toBe(131072);
      socket.bind({ family: 'IPv4', address: '127.0.0.1', port: 0 });
      const local = socket.localAddress();
      expect(local).toMatchObject({ family: 'IPv4', address: '127.0.0.1' });
      expect(local?.family === 'IPv4' && local.port).toBeGreaterThan(0);
    });

    it('TCP_NODELAY and TCP_CONGESTION on the fd of a Node net.Socket', async () => {
      const server = createServer((s) => teardown.add(() => s.destroy()));
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      teardown.add(() => new Promise((resolve) => server.close(resolve)));
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      const client = createConnection(address.port, '127.0.0.1');
      teardown.add(() => client.destroy());
      await once(client, 'connect');
      const fd = nodeFd(client);
      const noDelay = () => readIntOption(native.getOption(fd, c('IPPROTO_TCP'), c('TCP_NODELAY'), 4));

      const before = noDelay();
      native.setOption(fd, c('IPPROTO_TCP'), c('TCP_NODELAY'), intOption(before ? 0 : 1));
      expect(noDelay()).toBe(before ? 0 : 1);
      client.setNoDelay(true);
      expect(noDelay()).toBe(1);
      client.setNoDelay(false);
      expect(noDelay()).toBe(0);

      const congestion = native.getOption(fd, c('IPPROTO_TCP'), c('TCP_CONGESTION'), 16);
      expect(congestion.toString('latin1').replace(/\0.*$/s, '')).toBe(sysctl('net.ipv4.tcp_congestion_control'));
    });

    it('IP_TTL on the fd of a Node dgram socket, both ways', async () => {
      const udp = createSocket('udp4');
      teardown.add(() => udp.close());
      udp.bind(0, '127.0.0.1');
      await once(udp, 'listening');
      const fd = nodeFd(udp);
      udp.setTTL(7);
      expect(readIntOption(native.getOption(fd, c('IPPROTO_IP'), c('IP_TTL'), 4))).toBe(7);
      native.setOption(fd, c('IPPROTO_IP'), c('IP_TTL'), intOption(42));
      expect(readIntOption(native.getOption(fd, c('IPPROTO_IP'), c('IP_TTL'), 4))).toBe(42);
      expect(thrown(() => native.setOption(fd, c('IPPROTO_IP'), c('IP_TTL'), intOption(300)))).toMatchObject({
        code: 'EINVAL',
        syscall: 'setsockopt',
      });
    });
  });
});
