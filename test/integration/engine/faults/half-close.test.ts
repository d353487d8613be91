// Half-closed TCP, both ways, with a peer that keeps its side open (allowHalfOpen): after our
// FIN the bytes the peer still sends are logged until its own FIN; after the peer's FIN, what it
// sent before is logged and the tab says the peer closed. For a client tab and for a server's client.
import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarness } from '../../../helpers/engine-harness.js';
import { Teardown, waitFor } from '../../../helpers/net.js';

const teardown = new Teardown();
afterEach(() => teardown.run());

/** A listener whose connections stay writable after the other side's FIN. */
async function halfOpenPeer(): Promise<{ port: number; next: Promise<Socket> }> {
  const server = createServer({ allowHalfOpen: true });
  const next = once(server, 'connection').then(([socket]) => socket as Socket);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  teardown.add(() => new Promise((resolve) => server.close(resolve)));
  void next.then((s) => teardown.add(() => s.destroy()));
  return { port: (server.address() as AddressInfo).port, next };
}

/** A client tab connected to a half-open peer, and the peer's end of the connection. */
async function clientTabOnHalfOpenPeer(): Promise<{ h: EngineHarness; id: string; socket: Socket }> {
  const h = new EngineHarness();
  teardown.add(() => h.dispose());
  const peer = await halfOpenPeer();
  const { id } = h.engine.create('tcp-client');
  await h.engine.connect(id, { kind: 'tcp-client', host: '127.0.0.1', port: peer.port });
  return { h, id, socket: await peer.next };
}

const text = (h: EngineHarness, id: string, dir: 'in' | 'out') => h.entries(id).then((entries) => entries.filter((e) => e.dir === dir).map((e) => Buffer.from(e.bytes).toString()).join(''));

describe('half-closed TCP', () => {
  it('client tab: after our FIN, what the peer still sends is logged until its FIN; closed by us', async () => {
    const { h, id, socket } = await clientTabOnHalfOpenPeer();
    socket.on('end', () => {
      // Our FIN arrived: the peer answers, then ends its side.
      socket.write('still here, ');
      socket.end('goodbye');
    });
    const disconnecting = h.engine.session(id).disconnect();
    await h.until(id, (s) => s.status === 'closed');
    await disconnecting;
    expect(h.snapshotOf(id)).toMatchObject({ status: 'closed', closedBy: 'local', error: null });
    expect(await text(h, id, 'in')).toBe('still here, goodbye');
  });

  it("client tab: the peer's FIN after its last words: all logged, closed by the peer, and the peer sees our FIN", async () => {
    const { h, id, socket } = await clientTabOnHalfOpenPeer();
    const peerSawEnd = waitFor(socket, 'end');
    socket.end('last words');
    await h.until(id, (s) => s.status === 'closed');
    expect(h.snapshotOf(id)).toMatchObject({ closedBy: 'peer', error: null });
    expect(await text(h, id, 'in')).toBe('last words');
    await peerSawEnd;
  });

  it("server tab: a client disconnected by us is read until its FIN; the server listens on", async () => {
    const h = new EngineHarness();
    teardown.add(() => h.dispose());
    const { id } = h.engine.create('tcp-server');
    const port = (await h.engine.connect(id, { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0 })).local!.port;
    const client = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    client.on('error', () => {});
    teardown.add(() => client.destroy());
    await waitFor(client, 'connect');
    const listed = await h.until(id, (s) => s.peers?.open === 1);
    expect(listed.peers).toMatchObject({ open: 1 });
    client.on('end', () => client.end('late reply'));
    const [peer] = (await h.engine.session(id).readPeers(0, 1)).peers;
    await h.engine.session(id).disconnectPeers({ type: 'peers', peerIds: [peer!.id] });
    await h.until(id, (s) => s.peers?.open === 0);
    expect(await text(h, id, 'in')).toBe('late reply');
    expect((await h.engine.session(id).readPeers(0, 1)).peers[0]).toMatchObject({ status: 'closed', closedBy: 'local' });
    expect(h.snapshotOf(id).status).toBe('open');
  });
});
