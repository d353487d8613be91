// The one clock of log entries and session times.

/** Milliseconds since the epoch with a microsecond fraction. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}
