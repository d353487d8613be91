// Waiting for a stream socket's buffered writes to reach the kernel (backpressure).
import type { Writable } from 'node:stream';
/** Resolves once `socket` drains (or closes): its buffered writes went to the kernel. */
export function drained(socket: Writable): Promise<void> {
  if (!socket.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.once('drain', done);
    socket.once('close', done);
  });
}
