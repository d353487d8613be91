// A send followed at once by Disconnect or Close, on each kind that sends to a name or a peer:
// the send settles with one of the contract's codes (never a Node-internal one such as
// ERR_SOCKET_DGRAM_NOT_RUNNING), and the engine goes on.
import { afterEach, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../../src-main/shared/contract.js';
import { EngineHarness } from '../../../helpers/engine-harness.js';
import { startEchoServer, Teardown } from '../../../helpers/net.js';

const teardown = new Teardown();
afterEach(() => teardown.run());

const outcome = (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'ok',
    (err: unknown) => String((err as { code?: unknown }).code ?? err),
  );

describe('send, then close at once', () => {
  it('UDP to a host name: the send says NOT_CONNECTED (or went out), never a Node code', async () => {
    for (const how of ['disconnect', 'close'] as const) {
      const h = new EngineHarness();
      teardown.add(() => h.dispose());
      const { id } = h.engine.create('udp');
      await h.engine.connect(id, { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 });
      const sending = outcome(h.engine.session(id).send(Buffer.from('x'), { type: 'address', host: 'localhost', port: 9 }));
      if (how === 'disconnect') await h.engine.session(id).disconnect();
      else await h.engine.close(id);
      const code = await sending;
      expect(code === 'ok' || (ERROR_CODES as readonly string[]).includes(code), code).toBe(true);
      expect(code).not.toMatch(/^ERR_/);
    }
  });

  it('TCP client and server: the same', async () => {
    const echo = await startEchoServer(teardown);
    const h = new EngineHarness();
    teardown.add(() => h.dispose());
    const { id } = h.engine.create('tcp-client');
    await h.engine.connect(id, { kind: 'tcp-client', host: '127.0.0.1', port: echo.port });
    const sending = outcome(h.engine.session(id).send(Buffer.from('x')));
    await h.engine.close(id);
    const code = await sending;
    expect(code === 'ok' || (ERROR_CODES as readonly string[]).includes(code), code).toBe(true);

    const { id: server } = h.engine.create('tcp-server');
    await h.engine.connect(server, { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0 });
    const toAll = outcome(h.engine.session(server).send(Buffer.from('x'), { type: 'all' }));
    await h.engine.session(server).disconnect();
    const serverCode = await toAll;
    expect(serverCode === 'ok' || (ERROR_CODES as readonly string[]).includes(serverCode), serverCode).toBe(true);
  });
});
