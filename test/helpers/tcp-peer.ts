// A TCP peer on loopback for the send tests: it counts (and hashes) what it receives and can
// wait for a number of bytes; its connections and itself close at teardown.
import { createHash } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { Teardown } from './net.js';

export interface CountingPeer {
  port: number;
  received(): number;
  /** SHA-256 of everything received so far, in hex. */
  digest(): string;
  until(bytes: number): Promise<void>;
}

export async function countingPeer(teardown: Teardown): Promise<CountingPeer> {
  const hash = createHash('sha256');
  let received = 0;
  const waiters: (() => void)[] = [];
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    socket.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      received += chunk.byteLength;
      for (const wake of waiters.splice(0)) wake();
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  teardown.add(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
  return {
    port: (server.address() as { port: number }).port,
    received: () => received,
    digest: () => hash.copy().digest('hex'),
    until: async (bytes) => {
      while (received < bytes) await new Promise<void>((resolve) => waiters.push(resolve));
    },
  };
}
