// Slowloris: a TCP server session with 10,000 connected clients (the engine in a child process,
// so the clients' descriptors and the server's each stay under this machine's limit) and one
// more that sends its request a byte at a time. While it dribbles, clients spread over the
// 10,000 each send a request and get their own reply from the server's rule at once; the slow
// one gets its reply when its line is whole; then "Disconnect all" closes every client.
import { execFileSync } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineProcess, useEngineDriver } from '../../../helpers/engine-process.js';
import { Teardown, waitFor, within } from '../../../helpers/net.js';

const CLIENTS = 10_000;
const teardown = new Teardown();
const driver = useEngineDriver();
afterEach(() => teardown.run());

/** Resolves with the first `n` bytes the socket reads, as text. */
function reply(socket: Socket, n: number): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const onData = (chunk: Buffer): void => {
      text += chunk.toString('latin1');
      if (text.length < n) return;
      socket.off('data', onData);
      resolve(text);
    };
    socket.on('data', onData);
  });
}

describe('slowloris', () => {
  it('one client a byte at a time does not hold up 10,000 others', { timeout: 180_000 }, async () => {
    const limit = Number(execFileSync('sh', ['-c', 'ulimit -n']).toString());
    if (limit < CLIENTS + 1000) throw new Error(`this test needs ${CLIENTS + 1000} file descriptors and may have ${limit}: raise it (ulimit -n), as .ci/run does`);
    const engine = await EngineProcess.start(teardown, driver.script);
    const { id } = await engine.create('tcp-server');
    const port = (await engine.connect(id, { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0 })).local!.port;
    expect(await engine.handle('session.receive', { id, framing: { mode: 'delimiter', delimiter: '\\n' }, verify: null })).toMatchObject({ ok: true });
    expect(await engine.handle('session.rules', { id, rules: [{ when: 'regex', pattern: '^ping (\\d+)', reply: 'pong $1\\n' }], encoding: 'utf-8' })).toMatchObject({ ok: true });

    const clients: Socket[] = [];
    teardown.add(() => clients.forEach((c) => c.destroy()));
    for (let i = 0; i < CLIENTS; i += 500) {
      const batch = Array.from({ length: Math.min(500, CLIENTS - i) }, () => {
        const c = connect(port, '127.0.0.1');
        c.on('error', () => {});
        clients.push(c);
        return waitFor(c, 'connect');
      });
      await Promise.all(batch);
    }
    const slow = connect(port, '127.0.0.1');
    slow.on('error', () => {});
    teardown.add(() => slow.destroy());
    await waitFor(slow, 'connect');
    await engine.until(id, (s) => s.peers!.open === CLIENTS + 1, `all ${CLIENTS + 1} clients listed`, 100_000);

    // The slow one's request, one byte per 100 ms; between its bytes, 20 others ask and are answered.
    const slowAnswer = reply(slow, 'pong 424242\n'.length);
    const request = 'ping 424242\n';
    for (let b = 0; b < request.length - 1; b++) {
      slow.write(request[b]!);
      const askers = Array.from({ length: 20 }, (_, k) => (b * 797 + k * 499) % CLIENTS);
      const answers = askers.map((n) => reply(clients[n]!, `pong ${n}\n`.length));
      askers.forEach((n) => clients[n]!.write(`ping ${n}\n`));
      const got = await within(Promise.all(answers), 10_000, `replies to clients ${askers.join(', ')} while the slow one is at byte ${b}`);
      expect(got).toEqual(askers.map((n) => `pong ${n}\n`));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    slow.write(request.at(-1)!);
    expect(await within(slowAnswer, 10_000, 'the slow client\'s reply')).toBe('pong 424242\n');

    // Disconnect all: every client sees the server's FIN.
    const ended = clients.map((c) => waitFor(c, 'end'));
    expect(await engine.handle('peers.disconnect', { id, peers: { type: 'all' } })).toMatchObject({ ok: true, value: { closed: CLIENTS + 1 } });
    await within(Promise.all(ended), 60_000, 'every client ended');
    const after = await engine.snapshot(id);
    expect(after.peers).toMatchObject({ open: 0, total: CLIENTS + 1 });
    expect(after.status).toBe('open');
  });
});
