// The native addon on real Unix sockets: seqpacket and datagram (paths, unnamed senders,
// abstract names) and the event contract (held batches, close inside a callback, one-shot
// writable). Waits for events, never for time. (Raw IP and socket options: native-ip.test.ts.)
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { NativeError, NativeSocket } from '../../../src-main/native/native-api.js';
import { intOption, isNativeError } from '../../../src-main/native/native.js';
import { thrown } from '../../helpers/native-thrown.js';
import { Inbox, isRoot, linux, load, loopTurn, useNativeSockets } from '../../helpers/native-sockets.js';
import { expectEvery } from '../../helpers/expect-every.js';

describe.skipIf(!load.ok)('native sockets: Unix', () => {
  const { c, teardown, open, unixPath, abstractName } = useNativeSockets();

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
      expectEvery(atServer.messages, (m) => !m.truncated && m.ttl === null);
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
      rmSync(unixPath('close.sock').path);
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
      expectEvery(inbox.messages, (m, i) => m.data.readUInt32BE(0) === i);
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
});
