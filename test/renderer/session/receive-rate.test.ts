import { describe, expect, test } from 'vitest';
import { formatRate, IDLE_AFTER_MS, ReceiveRate } from '../../../src-renderer/session/receive-rate.js';

describe('ReceiveRate', () => {
  test('measures bytes and messages per second over about a second of samples', () => {
    const rate = new ReceiveRate();
    rate.sample(0, 0, 0);
    expect(rate.current(0)).toBeNull();
    // 10 ticks of 100 ms, 4.82 MB and 1,203.4 messages per tick on average.
    for (let i = 1; i <= 10; i++) rate.sample(i * 100, i * 4_820_000, Math.round(i * 1203.4));
    expect(rate.current(1000)).toEqual({ bytesPerSecond: 48_200_000, messagesPerSecond: 12_034 });
    expect(formatRate(rate.current(1000))).toBe('Receiving 48.2 MB/s, 12,034 msg/s');
  });

  test('gives a rate before a full window, then the last full window', () => {
    const rate = new ReceiveRate();
    rate.sample(0, 100, 1);
    rate.sample(250, 600, 6);
    expect(rate.current(250)).toEqual({ bytesPerSecond: 2000, messagesPerSecond: 20 });
    rate.sample(1000, 1100, 11);
    rate.sample(1500, 5100, 15);
    // The window 0..1000 ended: its rate stands until the next one ends.
    expect(rate.current(1500)).toEqual({ bytesPerSecond: 1000, messagesPerSecond: 10 });
    rate.sample(2000, 9100, 19);
    expect(rate.current(2000)).toEqual({ bytesPerSecond: 8000, messagesPerSecond: 8 });
  });

  test('reads as idle once nothing has arrived for about two seconds, and before anything arrived', () => {
    const rate = new ReceiveRate();
    expect(rate.current(0)).toBeNull();
    rate.sample(0, 0, 0);
    rate.sample(1000, 1000, 10);
    expect(rate.current(1000 + IDLE_AFTER_MS - 1)).not.toBeNull();
    // The same counters again are no growth.
    rate.sample(2500, 1000, 10);
    expect(rate.current(1000 + IDLE_AFTER_MS)).toBeNull();
    expect(formatRate(null)).toBe('Idle');
  });

  test('a burst after a quiet spell is measured from where it started, not diluted by the quiet', () => {
    const rate = new ReceiveRate();
    rate.sample(0, 0, 0);
    rate.sample(10_000, 0, 0);
    rate.sample(10_500, 500_000, 50);
    expect(rate.current(10_500)).toEqual({ bytesPerSecond: 1_000_000, messagesPerSecond: 100 });
  });

  test('counters that go down (a new connection) start afresh', () => {
    const rate = new ReceiveRate();
    rate.sample(0, 0, 0);
    rate.sample(1000, 10_000, 10);
    rate.sample(1100, 0, 0);
    expect(rate.current(1100)).toBeNull();
    rate.sample(1600, 1000, 5);
    expect(rate.current(1600)).toEqual({ bytesPerSecond: 2000, messagesPerSecond: 10 });
  });

  test('formats small and large rates', () => {
    expect(formatRate({ bytesPerSecond: 512.4, messagesPerSecond: 3.6 })).toBe('Receiving 512 B/s, 4 msg/s');
    expect(formatRate({ bytesPerSecond: 1500, messagesPerSecond: 1 })).toBe('Receiving 1.5 kB/s, 1 msg/s');
    expect(formatRate({ bytesPerSecond: 2.5e9, messagesPerSecond: 1e6 })).toBe('Receiving 2.5 GB/s, 1,000,000 msg/s');
  });
});
