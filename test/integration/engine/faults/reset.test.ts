// A peer that resets in the middle of a stream: every byte that arrived before the reset is in
// the log, the tab (or the server's client) says ECONNRESET in words, and for a server the other
// clients go on as before.
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarness } from '../../../helpers/engine-harness.js';
import { startServer, Teardown, waitFor } from '../../../helpers/net.js';

const teardown = new Teardown();
afterEach(() => teardown.run());

const MiB = 1024 * 1024;

/** Writes `total` bytes, waits until the other side has read them all (`read()`), then resets. */
async function pourThenReset(socket: Socket, total: number, read: () => number, until: (accept: () => boolean) => Promise<unknown>): Promise<void> {
  const chunk = Buffer.alloc(64 * 1024, 0x5a);
  for (let sent = 0; sent < total; sent += chunk.length) if (!socket.write(chunk)) await once(socket, 'drain');
  await until(() => read() === total);
  socket.resetAndDestroy();
}

describe('peer reset mid-stream', () => {
  it('client tab: 4 MiB logged, then closed by the peer with ECONNRESET in words', async () => {
    const h = new EngineHarness();
    teardown.add(() => h.dispose());
    const server = await startServer(teardown);
    const { id } = h.engine.create('tcp-client');
    await h.engine.connect(id, { kind: 'tcp-client', host: '127.0.0.1', port: server.port });
    const peer = await server.nextConnection();
    await pourThenReset(peer, 4 * MiB, () => h.snapshotOf(id).stats.bytesIn, (accept) => h.until(id, accept));
    const closed = await h.until(id, (s) => s.status === 'closed');
    expect(closed).toMatchObject({ closedBy: 'peer', error: { code: 'ECONNRESET', message: `The connection to 127.0.0.1:${server.port} was reset by the peer.` }, stats: { bytesIn: 4 * MiB } });
  });

  it("server tab: one client resets mid-stream; its bytes stay logged, it is closed by the peer, and another client's exchange goes on", async () => {
    const h = new EngineHarness();
    teardown.add(() => h.dispose());
    const { id } = h.engine.create('tcp-server');
    const port = (await h.engine.connect(id, { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0 })).local!.port;
    const [resetter, other] = [connect(port, '127.0.0.1'), connect(port, '127.0.0.1')];
    for (const c of [resetter, other]) {
      c.on('error', () => {});
      teardown.add(() => c.destroy());
      await waitFor(c, 'connect');
    }
    await h.until(id, (s) => s.peers?.open === 2);
    const [first] = (await h.engine.session(id).readPeers(0, 1)).peers;
    // Only this client sends, so the session's count is its own.
    await pourThenReset(resetter, 2 * MiB, () => h.snapshotOf(id).stats.bytesIn, (accept) => h.until(id, accept));
    await h.until(id, (s) => s.peers?.open === 1);
    const [gone, still] = (await h.engine.session(id).readPeers(0, 2)).peers;
    expect(gone).toMatchObject({ id: first!.id, status: 'closed', closedBy: 'peer', stats: { bytesIn: 2 * MiB } });
    expect(still).toMatchObject({ status: 'open' });
    const echoed = once(other, 'data');
    await h.engine.session(id).send(Buffer.from('still with you'), { type: 'peers', peerIds: [still!.id] });
    expect(String((await echoed)[0])).toBe('still with you');
  });
});
