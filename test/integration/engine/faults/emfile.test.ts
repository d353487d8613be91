// Out of file descriptors (EMFILE): the engine runs in a child whose limit is lowered with
// prlimit. A TCP server turns clients away (libuv accepts and closes them; the peer sees the
// close) and goes on listening; a TCP client's connect fails with EMFILE in words; once
// connections are closed, both work again.
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineProcess, RemoteError, useEngineDriver } from '../../../helpers/engine-process.js';
import { startEchoServer, Teardown, waitFor } from '../../../helpers/net.js';

const teardown = new Teardown();
const driver = useEngineDriver();
afterEach(() => teardown.run());

describe('out of file descriptors', () => {
  it('a server turns clients away and listens on; a client connect says EMFILE; both recover once descriptors are free', async () => {
    const engine = await EngineProcess.start(teardown, driver.script, ['prlimit', '--nofile=64:64']);
    const echo = await startEchoServer(teardown);
    const { id } = await engine.create('tcp-server');
    const port = (await engine.connect(id, { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0 })).local!.port;

    const clients: Socket[] = [];
    teardown.add(() => clients.forEach((c) => c.destroy()));
    let turnedAway = false;
    for (let i = 0; i < 200 && !turnedAway; i++) {
      const client = connect(port, '127.0.0.1');
      client.on('error', () => {});
      let closed = false;
      client.on('close', () => (closed = true));
      clients.push(client);
      await waitFor(client, 'connect');
      // Listed by the server, or closed at once without being listed (turned away).
      const s = await engine.until(id, (x) => x.peers!.total === i + 1 || closed, `client ${i} listed or closed`);
      turnedAway = s.peers!.total === i && closed;
    }
    expect(turnedAway).toBe(true);
    clients.pop();
    const full = await engine.snapshot(id);
    expect(full).toMatchObject({ status: 'open', error: null });

    // A client session cannot open a socket either, and says why.
    const { id: clientId } = await engine.create('tcp-client');
    const failed = await engine.connect(clientId, { kind: 'tcp-client', host: '127.0.0.1', port: echo.port }).catch((err: unknown) => err);
    expect(failed).toBeInstanceOf(RemoteError);
    expect((failed as RemoteError).wire).toMatchObject({ code: 'EMFILE', message: expect.stringContaining('(EMFILE)') });

    // Ten clients leave: the server takes a new one, and the client session connects.
    const open = full.peers!.open;
    expect(open).toBe(clients.length);
    for (const client of clients.splice(0, 10)) client.destroy();
    await engine.until(id, (x) => x.peers!.open === open - 10, 'ten clients closed');
    const late = connect(port, '127.0.0.1');
    late.on('error', () => {});
    clients.push(late);
    await waitFor(late, 'connect');
    const back = await engine.until(id, (x) => x.peers!.open === open - 9, 'a new client accepted');
    expect(back.status).toBe('open');
    late.write('after');
    await engine.untilLogCount(id, 1);
    expect((await engine.entries(id)).map((e) => Buffer.from(e.bytes).toString())).toContain('after');
    expect(await engine.connect(clientId, { kind: 'tcp-client', host: '127.0.0.1', port: echo.port })).toMatchObject({ status: 'open' });
  });
});
