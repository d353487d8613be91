// A long sequence (a Repeat of 2,000 sends and expects against an echo server) reports its
// progress coalesced, a few events rather than thousands, and its end at once with every step passed.
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { FramingConfig, SequenceSteps, type SequenceProgress } from '../../../../src-main/shared/contract.js';
import { startEchoServer, Teardown } from '../../../helpers/net.js';
import { EngineHarness } from '../../../helpers/engine-harness.js';

const teardown = new Teardown();
afterEach(() => teardown.run());

describe('sequence progress', () => {
  it('is coalesced while the run goes on; the end comes at once', async () => {
    const echo = await startEchoServer(teardown);
    const h = new EngineHarness({ growthTickMs: 5 });
    teardown.add(() => h.dispose());
    const { id } = h.engine.create('tcp-client');
    h.engine.handlers['session.receive']({ id, framing: v.parse(FramingConfig, { mode: 'delimiter', delimiter: '\\n', keepDelimiter: false }), verify: null });
    await h.engine.connect(id, { kind: 'tcp-client', host: '127.0.0.1', port: echo.port });
    const events: SequenceProgress[] = [];
    const done = new Promise<SequenceProgress>((resolve) => {
      const stop = h.engine.subscribe((e) => {
        if (e.name !== 'sequence.progress' || e.payload.id !== id) return;
        events.push(e.payload);
        if (e.payload.done) {
          stop();
          resolve(e.payload);
        }
      });
    });
    const steps = v.parse(SequenceSteps, [
      { type: 'repeat', steps: 2, times: 2000 },
      { type: 'send', text: 'n {{counter}}\\n', expand: true },
      { type: 'expect', when: 'regex', pattern: '^n \\d+$' },
    ]);
    h.engine.handlers['sequence.run']({ id, steps, encoding: 'utf-8' });
    const end = await done;
    expect(end.passed).toBe(true);
    expect(end.steps).toEqual(['passed', 'passed', 'passed']);
    // Each of the 6,000 state changes would have been an event; a run of a second or so makes tens.
    expect(events.length).toBeLessThan(200);
    expect(events.filter((e) => e.done)).toHaveLength(1);
  });
});
