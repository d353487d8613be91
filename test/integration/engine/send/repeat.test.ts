// A repeated send over a real TCP connection on loopback: exactly `times` messages arrive; Stop
// stops it (the log, the count and the peer agree on how many went); a disconnect ends it and
// says so. Waits for events, never for time.
import { afterEach, describe, expect, it } from 'vitest';
import type { RepeatState } from '../../../../src-main/shared/contract.js';
import { EngineHarness } from '../../../helpers/engine-harness.js';
import { Teardown } from '../../../helpers/net.js';
import { countingPeer } from '../../../helpers/tcp-peer.js';
import { expectEvery } from '../../../helpers/expect-every.js';

const teardown = new Teardown();
afterEach(() => teardown.run());

async function connected(h: EngineHarness, port: number): Promise<string> {
  const { id } = h.engine.create('tcp-client');
  await h.engine.connect(id, { kind: 'tcp-client', host: '127.0.0.1', port });
  return id;
}

const repeatOf = (h: EngineHarness, id: string): RepeatState | null => h.snapshotOf(id).repeat;
const MESSAGE = new TextEncoder().encode('PING\r\n');

describe('repeat over TCP', () => {
  it('sends exactly `times` messages, then says done', async () => {
    const h = new EngineHarness({ growthTickMs: 5 });
    teardown.add(() => h.dispose());
    const peer = await countingPeer(teardown);
    const id = await connected(h, peer.port);
    const started = h.engine.session(id).startRepeat(MESSAGE, undefined, 2, 25);
    expect(started).toMatchObject({ running: true, sent: 0, times: 25, intervalMs: 2, ended: null });
    const done = await h.until(id, (s) => s.repeat?.running === false);
    expect(done.repeat).toEqual({ running: false, sent: 25, times: 25, intervalMs: 2, ended: 'done', error: null });
    await peer.until(25 * MESSAGE.length);
    expect(peer.received()).toBe(25 * MESSAGE.length);
    const out = (await h.entries(id)).filter((e) => e.dir === 'out');
    expect(out).toHaveLength(25);
    expectEvery(out, (e) => Buffer.from(e.bytes).equals(Buffer.from(MESSAGE)));
  });

  it('until stopped: Stop ends it, and the log, the count and the peer agree', async () => {
    const h = new EngineHarness({ growthTickMs: 5 });
    teardown.add(() => h.dispose());
    const peer = await countingPeer(teardown);
    const id = await connected(h, peer.port);
    h.engine.session(id).startRepeat(MESSAGE, undefined, 1, 0);
    await h.until(id, (s) => (s.repeat?.sent ?? 0) >= 5);
    expect(h.engine.session(id).stopRepeat()).toMatchObject({ running: false, ended: 'stopped' });
    // A send on its way when Stop came still counts; it is the last one.
    const sent = await (async () => {
      for (;;) {
        const state = repeatOf(h, id)!;
        const out = (await h.entries(id)).filter((e) => e.dir === 'out').length;
        if (out === state.sent) return state.sent;
        // The send on its way: its count comes with the next state.
        await h.until(id, (s) => s.repeat?.sent !== state.sent);
      }
    })();
    await peer.until(sent * MESSAGE.length);
    expect(peer.received()).toBe(sent * MESSAGE.length);
    expect(sent).toBeGreaterThanOrEqual(5);
  });

  it('ends when the connection closes, saying so', async () => {
    const h = new EngineHarness({ growthTickMs: 5 });
    teardown.add(() => h.dispose());
    const peer = await countingPeer(teardown);
    const id = await connected(h, peer.port);
    h.engine.session(id).startRepeat(MESSAGE, undefined, 1, 0);
    await h.until(id, (s) => (s.repeat?.sent ?? 0) >= 2);
    await h.engine.session(id).disconnect();
    expect(repeatOf(h, id)).toMatchObject({ running: false, ended: 'disconnected' });
  });

  it('is refused on a session that is not open, in words', async () => {
    const h = new EngineHarness();
    teardown.add(() => h.dispose());
    const { id } = h.engine.create('tcp-client');
    expect(() => h.engine.session(id).startRepeat(MESSAGE, undefined, 10, 1)).toThrow(/not open: connect first, then repeat/);
  });
});
