import { describe, expect, it } from 'vitest';
import { elapsedMs, isoTime } from '../../../src-main/engine/clock.js';

describe('clock', () => {
  it('elapsedMs turns nanoseconds into milliseconds, fraction kept', () => {
    expect(elapsedMs(0n, 1_000_000n)).toBe(1);
    expect(elapsedMs(5n, 5n + 1_500_000n)).toBe(1.5);
    expect(elapsedMs(1_000n, 251_000_000_000n)).toBe(250_999.999);
    expect(elapsedMs(10n, 10n + 1_000n)).toBe(0.001);
    expect(elapsedMs(7n, 7n)).toBe(0);
  });

  it('isoTime keeps microseconds', () => {
    expect(isoTime(Date.UTC(2024, 0, 1, 12) + 123.456)).toBe('2024-01-01T12:00:00.123456Z');
  });
});
