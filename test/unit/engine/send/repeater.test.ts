// The repeat schedule on a fake clock: the k-th send is due at start + k x interval whatever a
// send costs, behind-schedule sends catch up back to back, and it ends after `times`, on stop
// (counting a send already on its way) or at the first failure, with why.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RepeatState } from '../../../../src-main/shared/contract.js';
import { CodedError } from '../../../../src-main/engine/errors.js';
import { Repeater } from '../../../../src-main/engine/send/repeater.js';

beforeEach(() => vi.useFakeTimers({ now: 0, toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
afterEach(() => vi.useRealTimers());

/** A repeat whose sends take `cost` ms each (on the fake clock) and record when they started. */
function repeat(intervalMs: number, times: number, cost = 0, fail?: (n: number) => Error | null) {
  const starts: number[] = [];
  const states: RepeatState[] = [];
  const repeater = new Repeater({
    intervalMs,
    times,
    send: async () => {
      starts.push(performance.now());
      const error = fail?.(starts.length);
      if (cost > 0) await new Promise((resolve) => setTimeout(resolve, cost));
      if (error) throw error;
    },
    changed: (state) => states.push(state),
  });
  return { repeater, starts, states };
}

describe('Repeater', () => {
  it('sends `times` times, the k-th at k x interval, then ends as done', async () => {
    const { starts, states, repeater } = repeat(10, 5);
    await vi.advanceTimersByTimeAsync(100);
    expect(starts).toEqual([0, 10, 20, 30, 40]);
    expect(repeater.state).toEqual({ running: false, sent: 5, times: 5, intervalMs: 10, ended: 'done', error: null });
    expect(states.map((s) => s.sent)).toEqual([1, 2, 3, 4, 5]);
  });

  it('does not drift when each send takes time: due times stay on the grid', async () => {
    const { starts } = repeat(10, 6, 3);
    await vi.advanceTimersByTimeAsync(200);
    expect(starts).toEqual([0, 10, 20, 30, 40, 50]);
  });

  it('catches up back to back when sends take longer than the interval, then keeps the grid', async () => {
    const { starts } = repeat(10, 6, 25);
    await vi.advanceTimersByTimeAsync(500);
    // Each send starts when the last one ended if it is already due: 0, 25, 50, 75, ...
    expect(starts).toEqual([0, 25, 50, 75, 100, 125]);
  });

  it('runs until stopped with times 0, and stop() sends nothing more', async () => {
    const { starts, repeater } = repeat(5, 0);
    await vi.advanceTimersByTimeAsync(22);
    expect(starts).toEqual([0, 5, 10, 15, 20]);
    expect(repeater.stop('stopped')).toMatchObject({ running: false, sent: 5, ended: 'stopped', error: null });
    await vi.advanceTimersByTimeAsync(100);
    expect(starts).toHaveLength(5);
  });

  it('counts a send already on its way when stopped, and sends nothing after it', async () => {
    const { starts, repeater, states } = repeat(10, 0, 4);
    await vi.advanceTimersByTimeAsync(2);
    expect(repeater.stop('disconnected')).toMatchObject({ running: false, sent: 0, ended: 'disconnected' });
    await vi.advanceTimersByTimeAsync(100);
    expect(starts).toEqual([0]);
    expect(repeater.state).toMatchObject({ running: false, sent: 1, ended: 'disconnected' });
    expect(states.at(-1)).toEqual(repeater.state);
  });

  it('ends at the first failed send, with its error, and sends nothing after it', async () => {
    const { starts, repeater } = repeat(10, 100, 0, (n) => (n === 3 ? new CodedError('EPIPE', 'The connection is closed for writing.') : null));
    await vi.advanceTimersByTimeAsync(200);
    expect(starts).toHaveLength(3);
    expect(repeater.state).toEqual({
      running: false,
      sent: 2,
      times: 100,
      intervalMs: 10,
      ended: 'failed',
      error: { code: 'EPIPE', message: 'The connection is closed for writing.' },
    });
  });
});
