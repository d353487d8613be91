// A session's current receive rate, from the cumulative counters each log.grew carries. Only
// a handful of numbers are kept however long the session runs: the sample a measuring window
// started at, the latest sample, and the rate of the last full window.
import { m } from '../i18n/i18n.svelte.js';
import { formatNumber } from './format.js';

/** Bytes and messages per second. */
export interface Rate {
  bytesPerSecond: number;
  messagesPerSecond: number;
}

interface Sample {
  at: number;
  bytes: number;
  messages: number;
}

/** A rate is measured over about this long. */
export const RATE_WINDOW_MS = 1000;
/** With nothing received for this long the session reads as idle. */
export const IDLE_AFTER_MS = 2000;

export class ReceiveRate {
  #windowStart: Sample | null = null;
  #latest: Sample | null = null;
  #lastGrowthAt: number | null = null;
  #rate: Rate | null = null;

  /** Records the counters as of `at` (ms). Counters that went down start afresh (a new connection). */
  sample(at: number, bytesIn: number, messagesIn: number): void {
    const next: Sample = { at, bytes: bytesIn, messages: messagesIn };
    const latest = this.#latest;
    if (!latest || !this.#windowStart || bytesIn < latest.bytes || messagesIn < latest.messages || at < latest.at) {
      this.#windowStart = next;
      this.#latest = next;
      this.#rate = null;
      this.#lastGrowthAt = null;
      return;
    }
    if (bytesIn > latest.bytes || messagesIn > latest.messages) {
      // A quiet spell before this growth must not dilute the rate: the window restarts at the
      // last sample taken before data arrived again.
      if (this.#lastGrowthAt === null || at - this.#lastGrowthAt >= IDLE_AFTER_MS) {
        this.#windowStart = latest;
        this.#rate = null;
      }
      this.#lastGrowthAt = at;
    }
    this.#latest = next;
    const start = this.#windowStart;
    if (at - start.at >= RATE_WINDOW_MS) {
      this.#rate = rateBetween(start, next);
      this.#windowStart = next;
    }
  }

  /** The rate as of `now`, or null when nothing has arrived for IDLE_AFTER_MS (or ever). */
  current(now: number): Rate | null {
    if (this.#lastGrowthAt === null || now - this.#lastGrowthAt >= IDLE_AFTER_MS) return null;
    if (this.#rate) return this.#rate;
    // Less than one window so far: the rate over what there is.
    const start = this.#windowStart;
    const latest = this.#latest;
    return start && latest && latest.at > start.at ? rateBetween(start, latest) : null;
  }
}

function rateBetween(from: Sample, to: Sample): Rate {
  const seconds = (to.at - from.at) / 1000;
  return { bytesPerSecond: (to.bytes - from.bytes) / seconds, messagesPerSecond: (to.messages - from.messages) / seconds };
}

/** "Receiving 48.2 MB/s, 12,034 msg/s", or "Idle". Decimal units: rates read like network speeds. */
export function formatRate(rate: Rate | null): string {
  if (!rate) return m.status_idle();
  return m.receiving_rate({ rate: formatBytesPerSecond(rate.bytesPerSecond), messages: formatNumber(Math.round(rate.messagesPerSecond)) });
}

function formatBytesPerSecond(n: number): string {
  if (n < 1000) return `${Math.round(n)} B/s`;
  const units = ['kB/s', 'MB/s', 'GB/s'];
  let value = n / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
