// Waiting for a stream socket's buffered writes to reach the kernel (backpressure).
/** Resolves once `socket` drains (or closes): its buffered writes went to the kernel. */
export function drained(socket: { writableNeedDrain: boolean; once(event: 'drain' | 'close', listener: () => void): unknown; off(event: 'drain' | 'close', listener: () => void): unknown }): Promise<void> {
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
