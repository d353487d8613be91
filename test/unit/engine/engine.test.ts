// The engine without sockets: ids, lookups, kinds, events. Socket behaviour is in
// test/integration/tcp-client.test.ts.
import * as v from 'valibot';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FramingConfig } from '../../../src-main/shared/contract.js';
import type { SessionConfig, SessionKind, SessionSnapshot } from '../../../src-main/shared/contract.js';
import { Engine } from '../../../src-main/engine/engine.js';
import type { EngineEvent } from '../../../src-main/shared/contract.js';
import { CodedError } from '../../../src-main/engine/errors.js';
import { Session, type SessionHooks } from '../../../src-main/engine/session.js';
import { idleSnapshot } from '../../helpers/snapshots.js';

/** The code of the CodedError that `run` throws or rejects with. */
async function codeOf(run: () => unknown): Promise<string> {
  const err = await Promise.resolve().then(run).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CodedError);
  return (err as CodedError).code;
}

/** A session with no socket: the test moves it by hand through the protected hooks. */
class ScriptedSession extends Session {
  static last: ScriptedSession | null = null;
  destroyed = false;
  constructor(id: string, hooks: SessionHooks) {
    super(id, 'tcp-client', hooks);
    ScriptedSession.last = this;
  }
  async connect(config: SessionConfig): Promise<SessionSnapshot> {
    this.resetForConnect(config);
    this.setState({ status: 'open' });
    return this.snapshot();
  }
  async disconnect(): Promise<SessionSnapshot> {
    this.setState({ status: 'closed', closedBy: 'local' });
    return this.snapshot();
  }
  async send(bytes: Uint8Array): Promise<{ bytes: number; seq: number; targets: number }> {
    const seq = this.log.append('out', bytes, null);
    this.logGrew();
    return { bytes: bytes.byteLength, seq, targets: 1 };
  }
  receive(bytes: Uint8Array): void {
    this.log.append('in', bytes, null);
    this.logGrew();
  }
  protected destroySockets(): void {
    this.destroyed = true;
  }
}

const config: SessionConfig = { kind: 'tcp-client', host: '127.0.0.1', port: 9, timeoutMs: 1000, options: { noDelay: true, keepAlive: false, keepAliveDelayMs: 60_000, idleTimeoutMs: 0 } };

describe('Engine', () => {
  const engines: Engine[] = [];
  const newEngine = (...args: ConstructorParameters<typeof Engine>): Engine => {
    const engine = new Engine(...args);
    engines.push(engine);
    return engine;
  };
  afterEach(async () => {
    vi.useRealTimers();
    await Promise.all(engines.splice(0).map((e) => e.dispose()));
  });

  it('numbers sessions s1, s2, ... and lists them idle', () => {
    const engine = newEngine();
    const a = engine.create('tcp-client');
    const b = engine.create('tcp-client');
    expect([a.id, b.id]).toEqual(['s1', 's2']);
    expect(a.id).toMatch(/^s[0-9]{1,9}$/);
    // Nothing framed or verified until session.receive says so (the schema's defaults).
    expect(a).toEqual(idleSnapshot('s1', { receive: { framing: v.parse(FramingConfig, {}), verify: null } }));
    expect(engine.list().map((s) => s.id)).toEqual(['s1', 's2']);
  });

  it('opens at most maxSessions sessions (LIMIT_REACHED past it, in words), and one more once one is closed', async () => {
    const engine = newEngine({ maxSessions: 3 });
    for (let i = 0; i < 3; i++) engine.create('tcp-client');
    expect(() => engine.create('udp')).toThrow(expect.objectContaining({ code: 'LIMIT_REACHED', message: 'At most 3 sessions can be open at once; close some tabs first.' }));
    await engine.close('s2');
    expect(engine.create('udp').id).toBe('s4');
    expect(newEngine().list()).toEqual([]);
  });

  it('does not reuse the id of a closed session', async () => {
    const engine = newEngine();
    engine.create('tcp-client');
    await engine.close('s1');
    expect(engine.create('tcp-client').id).toBe('s2');
  });

  it('answers NO_SUCH_SESSION for an unknown id, from every method', async () => {
    const engine = newEngine();
    expect(await codeOf(() => engine.connect('s9', config))).toBe('NO_SUCH_SESSION');
    expect(await codeOf(() => engine.session('s9').disconnect())).toBe('NO_SUCH_SESSION');
    expect(await codeOf(() => engine.close('s9'))).toBe('NO_SUCH_SESSION');
    expect(await codeOf(() => engine.session('s9').send(new Uint8Array(1)))).toBe('NO_SUCH_SESSION');
    expect(await codeOf(() => engine.session('s9').log.read(0, 1))).toBe('NO_SUCH_SESSION');
    expect(await codeOf(() => engine.session('s9').log.readBytes(0, 0, 1))).toBe('NO_SUCH_SESSION');
    expect(await codeOf(() => engine.session('__proto__').log.read(0, 1))).toBe('NO_SUCH_SESSION');
  });

  it('answers UNSUPPORTED_KIND for a kind that is not built', () => {
    // Every contract kind is built today: an engine without factories stands in for a new one.
    const engine = newEngine({ factories: {} });
    let caught: unknown;
    try {
      engine.create('udp' as SessionKind);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CodedError);
    expect(caught).toMatchObject({ code: 'UNSUPPORTED_KIND' });
    expect(() => engine.create('toString' as SessionKind)).toThrow(CodedError);
    expect(engine.list()).toEqual([]);
  });

  it('refuses to send on a session that is not connected', async () => {
    const engine = newEngine();
    const { id } = engine.create('tcp-client');
    expect(await codeOf(() => engine.session(id).send(Uint8Array.of(1)))).toBe('NOT_CONNECTED');
    expect(await engine.session(id).log.read(0, 10)).toEqual({ entries: [], total: 0 });
    expect(await codeOf(() => engine.session(id).log.readBytes(0, 0, 1))).toBe('NO_SUCH_ENTRY');
    expect((await engine.session(id).disconnect()).status).toBe('idle');
  });

  it('announces creation and closing, and stops announcing to an unsubscribed listener', async () => {
    const engine = newEngine();
    const events: EngineEvent[] = [];
    const stop = engine.subscribe((e) => events.push(e));
    const { id } = engine.create('tcp-client');
    await engine.close(id);
    expect(events.map((e) => e.name)).toEqual(['session.state', 'session.closed']);
    expect(events[1]).toEqual({ name: 'session.closed', payload: { id } });
    stop();
    engine.create('tcp-client');
    expect(events).toHaveLength(2);
  });

  it('keeps telling other listeners when one throws', () => {
    const engine = newEngine();
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const seen: string[] = [];
    const stopBroken = engine.subscribe(() => {
      throw new Error('broken listener');
    });
    engine.subscribe((e) => seen.push(e.name));
    engine.create('tcp-client');
    expect(seen).toEqual(['session.state']);
    expect(error).toHaveBeenCalled();
    stopBroken();
    error.mockRestore();
  });

  describe('with a scripted session kind', () => {
    function scripted() {
      vi.useFakeTimers();
      const engine = newEngine({ factories: { 'tcp-client': (id, hooks) => new ScriptedSession(id, hooks) } });
      const events: EngineEvent[] = [];
      engine.subscribe((e) => events.push(e));
      const { id } = engine.create('tcp-client');
      return { engine, events, id, session: ScriptedSession.last! };
    }

    it('announces every state change at once', async () => {
      const { engine, events, id } = scripted();
      await engine.connect(id, config);
      await engine.session(id).disconnect();
      const states = events.filter((e) => e.name === 'session.state').map((e) => e.payload as SessionSnapshot);
      expect(states.map((s) => s.status)).toEqual(['idle', 'connecting', 'open', 'closed']);
      expect(states.at(-1)?.closedBy).toBe('local');
    });

    it('coalesces log growth through the ticker, the last notice carrying the totals', async () => {
      const { engine, events, id, session } = scripted();
      await engine.connect(id, config);
      for (let i = 0; i < 100; i++) await engine.session(id).send(new Uint8Array(i));
      session.receive(new Uint8Array(10));
      const grew = () => events.filter((e) => e.name === 'log.grew');
      expect(grew()).toHaveLength(1);
      vi.advanceTimersByTime(50);
      expect(grew()).toHaveLength(2);
      expect(grew()[1]).toEqual({
        name: 'log.grew',
        payload: {
          id,
          logCount: 101,
          logFirst: 0,
          stats: { bytesIn: 10, bytesOut: 4950, messagesIn: 1, messagesOut: 100 },
          peers: null,
          peersVersion: 0,
          ping: null,
          repeat: null,
        },
      });
      vi.advanceTimersByTime(500);
      expect(grew()).toHaveLength(2);
    });

    it('close destroys the sockets, drops the log and says nothing more about the session', async () => {
      const { engine, events, id, session } = scripted();
      await engine.connect(id, config);
      await engine.session(id).send(Uint8Array.of(1));
      session.receive(Uint8Array.of(2));
      await engine.close(id);
      expect(session.destroyed).toBe(true);
      const count = events.length;
      session.receive(Uint8Array.of(3));
      await session.disconnect();
      vi.advanceTimersByTime(1000);
      expect(events).toHaveLength(count);
      expect(events.at(-1)).toEqual({ name: 'session.closed', payload: { id } });
      expect(await codeOf(() => engine.session(id).log.read(0, 1))).toBe('NO_SUCH_SESSION');
    });

    it('dispose closes every session', async () => {
      const { engine, events } = scripted();
      engine.create('tcp-client');
      await engine.dispose();
      expect(engine.list()).toEqual([]);
      expect(events.filter((e) => e.name === 'session.closed').map((e) => e.payload)).toEqual([{ id: 's1' }, { id: 's2' }]);
    });
  });
});
