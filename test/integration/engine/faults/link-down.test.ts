// The link goes down under live sessions: a veth pair between two namespaces this test makes,
// the engine in one (a child process), socat peers in the other. While the link is down a UDP
// send says the network is unreachable, in words; a TCP session stays open, and what was sent
// meanwhile arrives once the link is up (TCP retransmits); a UDP multicast member hears the
// group again once the link is up.
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineProcess, RemoteError, useEngineDriver } from '../../../helpers/engine-process.js';
import { createNetnsPair, type NetnsPair } from '../../../helpers/netns.js';
import { Teardown, waitFor } from '../../../helpers/net.js';

const run = promisify(execFile);
const teardown = new Teardown();
let pair: NetnsPair;
const driver = useEngineDriver();
beforeEach(async () => {
  pair = await createNetnsPair();
});
afterEach(async () => {
  await teardown.run();
  await pair.remove();
});

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString();
const link = (state: 'up' | 'down'): Promise<unknown> => run('ip', ['-n', pair.a, 'link', 'set', pair.ifA, state]);

/** socat in namespace b; resolves once it is listening. */
async function socatInB(args: string[]): Promise<void> {
  const child = spawn('ip', ['netns', 'exec', pair.b, 'socat', '-d', '-d', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  teardown.add(() => child.kill('SIGKILL'));
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (t: string) => (err += t));
  await waitFor(child.stderr, 'data', () => /listening on/.test(err));
}

describe('link down under live sessions', () => {
  it('TCP stays open and delivers what was sent while down once up; UDP says unreachable while down, and sends again once up', async () => {
    await socatInB(['TCP-LISTEN:47100,bind=10.213.0.2,reuseaddr', 'PIPE']);
    const engine = await EngineProcess.start(teardown, driver.script, ['ip', 'netns', 'exec', pair.a]);
    const { id } = await engine.create('tcp-client');
    await engine.connect(id, { kind: 'tcp-client', host: '10.213.0.2', port: 47100 });
    await engine.send(id, Buffer.from('before '));
    await engine.untilLogCount(id, 2);

    const udp = await engine.create('udp');
    await engine.connect(udp.id, { kind: 'udp', localAddress: '0.0.0.0' });

    await link('down');
    await engine.send(id, Buffer.from('during '));
    const refused = await engine.send(udp.id, Buffer.from('x'), { type: 'address', host: '10.213.0.2', port: 47101 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RemoteError);
    expect((refused as RemoteError).wire).toEqual({ code: 'ENETUNREACH', message: 'Network unreachable for 10.213.0.2:47101: no route to that network.' });
    expect(await engine.snapshot(id)).toMatchObject({ status: 'open' });

    await link('up');
    // TCP retransmits what it held: the echo of "during " comes back on the same connection.
    await engine.untilLogCount(id, 4);
    const entries = await engine.entries(id);
    expect(entries.filter((e) => e.dir === 'in').map((e) => text(e.bytes)).join('')).toBe('before during ');
    expect(await engine.snapshot(id)).toMatchObject({ status: 'open', error: null });
    await engine.send(udp.id, Buffer.from('x'), { type: 'address', host: '10.213.0.2', port: 47101 });
  }, 60_000);

  it('a UDP multicast member hears the group before the link goes down and again once it is up', async () => {
    const engine = await EngineProcess.start(teardown, driver.script, ['ip', 'netns', 'exec', pair.a]);
    const { id } = await engine.create('udp');
    const joined = await engine.connect(id, { kind: 'udp', localAddress: '0.0.0.0', localPort: 47200, groups: [{ group: '239.213.0.9', interface: '10.213.0.1' }] });
    expect(joined.memberships).toEqual(['239.213.0.9@10.213.0.1']);
    const send = (line: string): Promise<unknown> =>
      run('ip', ['netns', 'exec', pair.b, 'sh', '-c', `printf '${line}' | socat -u - UDP4-DATAGRAM:239.213.0.9:47200,ip-multicast-if=10.213.0.2`]);
    await send('one');
    await engine.untilLogCount(id, 1);
    await link('down');
    expect(await engine.snapshot(id)).toMatchObject({ status: 'open' });
    await link('up');
    // IGMP has nothing to do here (no router); the membership is the kernel's, kept across down/up.
    await send('two');
    await engine.untilLogCount(id, 2);
    expect((await engine.entries(id)).map((e) => text(e.bytes))).toEqual(['one', 'two']);
  }, 60_000);
});
