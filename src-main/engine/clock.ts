// The one clock of log entries and session times.

/** Milliseconds since the epoch with a microsecond fraction. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

/** ISO 8601 in UTC with microseconds: "2024-01-01T12:00:00.123456Z". */
export function isoTime(ts: number): string {
  const us = Math.round(ts * 1000);
  const ms = Math.floor(us / 1000);
  return new Date(ms).toISOString().replace('Z', `${String(us - ms * 1000).padStart(3, '0')}Z`);
}

/** Milliseconds between two `process.hrtime.bigint()` readings (nanoseconds), with the fraction kept. */
export function elapsedMs(fromNs: bigint, toNs: bigint): number {
  return Number(toNs - fromNs) / 1e6;
}
