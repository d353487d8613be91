// The TCP client session's connection options against socat on loopback: what is in force,
// the bound local port the server sees, and the idle timeout.
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../../../src-main/shared/contract.js';
import type { Engine } from '../../../../../src-main/engine/engine.js';
import { bytesInReach, engineTornDownBy } from '../../../../helpers/engine-harness.js';
import { Teardown, freePort, startSocat, waitFor, waitForValue } from '../../../../helpers/net.js';

const teardown = new Teardown();
afterEach(() => teardown.run());

const text = (s: string) => new TextEncoder().encode(s);
const decode = (b: Uint8Array) => Buffer.from(b).toString('utf8');

const newEngine = (): Engine => engineTornDownBy(teardown);


describe('TCP client socket options', () => {
  it('against socat: options in force, bound local port seen by the server', async () => {
    const localPort = await freePort();
    const socat = await startSocat(teardown, (port) => [`TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr`, 'PIPE']);
    const engine = newEngine();
    const { id } = engine.create('tcp-client');
    const snap = await engine.connect(id, {
      kind: 'tcp-client',
      host: '127.0.0.1',
      port: socat.port,
      localAddress: '127.0.0.1',
      localPort,
      options: { noDelay: false, keepAlive: true, keepAliveDelayMs: 2000, ttl: 9 },
    });
    expect(snap.local).toEqual({ address: '127.0.0.1', port: localPort, family: 'IPv4' });
    expect(snap.options).toMatchObject({ noDelay: false, keepAlive: true, keepAliveDelayMs: 2000, ttl: 9 });
    expect((await engine.session(id).getOption({ type: 'name', name: 'IP_TTL' })).value).toEqual({ type: 'int', value: 9 });
    // socat -d -d logs "accepting connection from AF=2 127.0.0.1:<our port>" (maybe already).
    const seen = (): boolean => socat.stderr().includes(`127.0.0.1:${localPort}`);
    if (!seen()) await waitFor(socat.child.stderr!, 'data', seen);
    await engine.session(id).send(text('echo me'));
    await bytesInReach(engine, id, 7);
    const { entries } = await engine.session(id).log.read(0, 2);
    expect(entries.map((e) => [e.dir, decode(e.bytes)])).toEqual([
      ['out', 'echo me'],
      ['in', 'echo me'],
    ]);
  });

  it('closes an idle connection after idleTimeoutMs with ETIMEDOUT in words', async () => {
    const socat = await startSocat(teardown, (port) => [`TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr`, 'PIPE']);
    const engine = newEngine();
    const { id } = engine.create('tcp-client');
    await engine.connect(id, { kind: 'tcp-client', host: '127.0.0.1', port: socat.port, options: { idleTimeoutMs: 150 } });
    const closed = await waitForValue<EngineEvent>(
      (l) => engine.subscribe(l),
      (e) => e.name === 'session.state' && e.payload.id === id && e.payload.status === 'closed',
    );
    expect(closed.payload).toMatchObject({ closedBy: 'local', error: { code: 'ETIMEDOUT' } });
    if (closed.name === 'session.state') expect(closed.payload.error!.message).toContain('idle for 150 ms');
  });
});
