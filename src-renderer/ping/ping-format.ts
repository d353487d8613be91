// How ping rows and totals read on screen. Pure functions only.
import { m } from '../i18n/i18n.svelte.js';
import type { PingRow, PingSummary } from '$shared/contract.js';

/** Milliseconds as ping(8) shows them: "0.045", "1.23", "12.3", "123". */
export function formatMs(ms: number): string {
  if (ms < 1) return ms.toFixed(3);
  if (ms < 10) return ms.toFixed(2);
  if (ms < 100) return ms.toFixed(1);
  return ms.toFixed(0);
}

/** "0%", "33.3%", "100%"; "—" before any request finished. */
export function formatLoss(percent: number | null): string {
  if (percent === null) return '—';
  return Number.isInteger(percent) ? `${percent}%` : `${percent.toFixed(1)}%`;
}

/** A row's outcome: "0.045 ms", "timeout", "waiting…", or the error in words. */
export function rowOutcome(row: PingRow): string {
  switch (row.status) {
    case 'reply':
      return row.rttMs === null ? m.ping_reply() : `${formatMs(row.rttMs)} ms`;
    case 'timeout':
      return m.ping_timeout();
    case 'pending':
      return m.ping_waiting();
    case 'error':
      return row.message ?? m.ping_error();
  }
}

/** "min/avg/max 0.041/0.052/0.067 ms", or "—" before the first reply. */
export function formatRttRange(s: PingSummary): string {
  if (s.minMs === null || s.avgMs === null || s.maxMs === null) return '—';
  return `${formatMs(s.minMs)} / ${formatMs(s.avgMs)} / ${formatMs(s.maxMs)} ms`;
}
