import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GrowthTicker } from '../../../../src-main/engine/log/growth-ticker.js';

describe('GrowthTicker', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function setup(interval = 50) {
    let total = 0;
    const seen: number[] = [];
    const ticker = new GrowthTicker(interval, () => seen.push(total));
    const grow = (n = 1) => {
      total += n;
      ticker.notify();
    };
    return { ticker, seen, grow };
  }

  it('announces the first growth at once when idle', () => {
    const { seen, grow } = setup();
    grow();
    expect(seen).toEqual([1]);
  });

  it('coalesces a burst into one notice per interval, the last carrying the final total', () => {
    const { seen, grow } = setup();
    for (let i = 0; i < 1000; i++) grow();
    expect(seen).toEqual([1]);
    vi.advanceTimersByTime(49);
    expect(seen).toEqual([1]);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual([1, 1000]);
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual([1, 1000]);
  });

  it('never sends more than one notice per interval under steady growth', () => {
    const { seen, grow } = setup();
    for (let ms = 0; ms < 1000; ms++) {
      grow();
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(100);
    // 1000 ms of growth: one at once, then at most one per 50 ms; the final one has everything.
    expect(seen.length).toBeGreaterThanOrEqual(20);
    expect(seen.length).toBeLessThanOrEqual(21);
    expect(seen.at(-1)).toBe(1000);
  });

  it('sends nothing at a tick when nothing grew, and is prompt again after a quiet interval', () => {
    const { seen, grow } = setup();
    grow();
    vi.advanceTimersByTime(50);
    expect(seen).toEqual([1]);
    vi.advanceTimersByTime(500);
    grow(5);
    expect(seen).toEqual([1, 6]);
  });

  it('a growth right after an idle tick waits only for the rest of the interval', () => {
    const { seen, grow } = setup();
    grow();
    vi.advanceTimersByTime(30);
    grow();
    expect(seen).toEqual([1]);
    vi.advanceTimersByTime(20);
    expect(seen).toEqual([1, 2]);
  });

  it('after dispose nothing more is sent, not even a pending notice', () => {
    const { ticker, seen, grow } = setup();
    grow();
    grow();
    ticker.dispose();
    vi.advanceTimersByTime(1000);
    grow();
    expect(seen).toEqual([1]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
