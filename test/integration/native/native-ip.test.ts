// The native addon on real IP sockets: raw IPv4/ICMP/ICMPv6 on loopback (as root), and socket
// options on the addon's own sockets and on sockets Node owns. Waits for events, never for time.
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { createConnection, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { NativeMessage } from '../../../src-main/native/native-api.js';
import { intOption, readIntOption } from '../../../src-main/native/native.js';
import { thrown } from '../../helpers/native-thrown.js';
import { checksum, echoRequest, hasIpv6Loopback, Inbox, isRoot, linux, load, nodeFd, sysctl, useNativeSockets } from '../../helpers/native-sockets.js';

describe.skipIf(!load.ok)('native sockets: IP', () => {
  const { native, c, teardown, open } = useNativeSockets();

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
