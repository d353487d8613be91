// One Ping tab's replies: the running totals (from log.grew and the snapshot) and the window of
// rows in view, read through ping.read. Rows change in place (a pending request is answered or
// times out), so every growth re-reads the window in view; main keeps the rows, this holds only
// the ones shown.
import type { CommandOutput, PingRow, PingSummary } from '$shared/contract.js';
import type { Bridge } from '../bridge/bridge.js';
import { RowWindow } from '../ui/row-window.svelte.js';

type PingRead = CommandOutput<'ping.read'>;

export class PingViewState {
  /** Keep the newest row in view as rows arrive. */
  follow = $state(true);
  /** Where the list was scrolled (virtual px from row 0), restored when the tab is shown again. */
  top = 0;
  #summary = $state.raw<PingSummary | null>(null);
  readonly rows: RowWindow<PingRow, PingRead>;

  constructor(id: string, bridge: Bridge, summary: PingSummary | null) {
    this.#summary = summary;
    this.rows = new RowWindow<PingRow, PingRead>(
      (from, count) => bridge.pingRead({ id, from, count }),
      (value) => {
        // A read may know of more requests than the last growth tick did.
        if (value.summary.sent >= (this.#summary?.sent ?? 0)) this.#summary = value.summary;
        return { rows: value.rows, total: value.total };
      },
    );
  }

  get summary(): PingSummary | null {
    return this.#summary;
  }

  /** Rows in the list: one per echo request sent. */
  get count(): number {
    return this.#summary?.sent ?? 0;
  }

  /** New totals from main (a growth tick or a snapshot). */
  update(summary: PingSummary | null): void {
    if (summary === null) return;
    const before = this.#summary;
    this.#summary = summary;
    // Fewer rows than before: a new run replaced the old one, so the rows held are not its rows.
    if (before && summary.sent < before.sent) this.rows.reset();
    else this.rows.refresh();
  }

  dispose(): void {
    this.rows.dispose();
  }
}
