// Sequences against a real redis-server: PING, SET, GET with a capture, a send that uses the
// captured value, and a sequence that fails at the right step saying why.
import { spawn, spawnSync } from 'node:child_process';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { FramingConfig, SequenceSteps, type SequenceProgress, type SequenceStepInput } from '../../../../src-main/shared/contract.js';
import { freePort, Teardown } from '../../../helpers/net.js';
import { EngineHarness } from '../../../helpers/engine-harness.js';
import { connect } from 'node:net';
import { expectEvery } from '../../../helpers/expect-every.js';

const teardown = new Teardown();
afterEach(() => teardown.run());
const haveRedis = spawnSync('redis-server', ['--version']).status === 0;

async function startRedis(): Promise<number> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  teardown.add(() => void child.kill());
  // Ready once it accepts a connection (tried again every 20 ms until then).
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return port;
    if (child.exitCode !== null) throw new Error(`redis-server exited ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function runSequence(h: EngineHarness, id: string, steps: SequenceStepInput[]): Promise<SequenceProgress> {
  const done = new Promise<SequenceProgress>((resolve) => {
    const stop = h.engine.subscribe((e) => {
      if (e.name === 'sequence.progress' && e.payload.id === id && e.payload.done) {
        stop();
        resolve(e.payload);
      }
    });
  });
  h.engine.handlers['sequence.run']({ id, steps: v.parse(SequenceSteps, steps), encoding: 'utf-8' });
  return done;
}

describe.skipIf(!haveRedis && process.env.CI !== 'true')('sequences against redis-server', () => {
  it('PING, SET, GET with a capture, then a send that uses it: Passed; a wrong expectation fails at its step', async () => {
    const port = await startRedis();
    const h = new EngineHarness({ growthTickMs: 5 });
    teardown.add(() => h.dispose());
    const { id } = h.engine.create('tcp-client');
    h.engine.handlers['session.receive']({ id, framing: v.parse(FramingConfig, { mode: 'delimiter', delimiter: '\\r\\n', keepDelimiter: false }), verify: null });
    await h.engine.connect(id, { kind: 'tcp-client', host: '127.0.0.1', port });

    const passed = await runSequence(h, id, [
      { type: 'send', text: 'PING\\r\\n' },
      { type: 'expect', when: 'equals', pattern: '+PONG' },
      { type: 'send', text: 'SET wb:key hello-42\\r\\n' },
      { type: 'expect', when: 'equals', pattern: '+OK' },
      { type: 'send', text: 'GET wb:key\\r\\n' },
      { type: 'expect', when: 'regex', pattern: '^(hello-\\d+)$', captureAs: 'value' },
      { type: 'send', text: 'SET wb:copy {{value}}-copy\\r\\n' },
      { type: 'expect', when: 'equals', pattern: '+OK' },
      { type: 'send', text: 'GET wb:copy\\r\\n' },
      { type: 'expect', when: 'equals', pattern: 'hello-42-copy' },
    ]);
    expect(passed.result).toMatch(/^Passed in \d+ ms$/);
    expectEvery(passed.steps, (s) => s === 'passed');
    // The entries each step sent or matched are named, in the log.
    const entries = await h.entries(id);
    const matched = entries.find((e) => e.seq === passed.entries[10]![0]);
    expect(Buffer.from(matched!.bytes).toString()).toBe('hello-42-copy\r\n');
    // ...and marked with the step: each send with its step, each frame an Expect matched with its.
    expect(matched!.step).toBe(10);
    const marked = entries.filter((e) => e.step !== undefined).map((e) => `${e.step} ${e.dir} ${Buffer.from(e.bytes).toString().trim()}`);
    expect(marked).toEqual([
      '1 out PING', '2 in +PONG', '3 out SET wb:key hello-42', '4 in +OK', '5 out GET wb:key', '6 in hello-42',
      '7 out SET wb:copy hello-42-copy', '8 in +OK', '9 out GET wb:copy', '10 in hello-42-copy',
    ]);

    const failed = await runSequence(h, id, [
      { type: 'send', text: 'PING\\r\\n' },
      { type: 'expect', when: 'equals', pattern: '+NOPE', timeoutMs: 300 },
      { type: 'send', text: 'PING\\r\\n' },
    ]);
    expect(failed.passed).toBe(false);
    expect(failed.result).toBe('Failed at step 2 (Expect "+NOPE"): no match within 300 ms; last received: "+PONG"');
    expect(failed.steps).toEqual(['passed', 'failed', 'pending']);
  });
});
