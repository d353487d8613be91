// Sends one message again and again on a fixed schedule: the k-th send is due at
// start + k x interval, so a late tick (a busy event loop, a slow send) does not push the rest
// later; sends that fell behind go out back to back until the schedule is met again. It stops
// after `times` sends (0: until stopped), on stop(), or at the first send that fails.
import type { RepeatState, WireError } from '../../shared/contract.js';
import { toWireError } from '../errors.js';

/** Milliseconds on a monotonic clock (performance.now in the app; a test's fake clock). */
export type Clock = () => number;

export interface RepeatPlan {
  intervalMs: number;
  /** How many sends; 0 sends until stopped. */
  times: number;
  /** One send; rejects with the error that stops the repeat. */
  send(): Promise<unknown>;
  /** The state changed (a send done, or the repeat ended). */
  changed(state: RepeatState): void;
}

export class Repeater {
  #state: RepeatState;
  /** Cancels the next send's wait; null while a send is on its way (or it ended). */
  #cancelWait: (() => void) | null = null;
  readonly #plan: RepeatPlan;
  readonly #clock: Clock;
  readonly #start: number;

  constructor(plan: RepeatPlan, clock: Clock = () => performance.now()) {
    this.#plan = plan;
    this.#clock = clock;
    this.#start = clock();
    this.#state = { running: true, sent: 0, times: plan.times, intervalMs: plan.intervalMs, ended: null, error: null };
    // The first send is due at once: it starts now (a zero timer would make it a millisecond late).
    void this.#run();
  }

  get state(): RepeatState {
    return this.#state;
  }

  /** Ends it now (no send after this returns); `ended` says why (the user, or the connection). */
  stop(ended: 'stopped' | 'disconnected', error: WireError | null = null): RepeatState {
    if (!this.#state.running) return this.#state;
    this.#end(ended, error);
    return this.#state;
  }

  /** The next send at `due`: a timer while it is ahead (the first one, due at once, too). */
  #waitUntil(due: number): void {
    const timer = setTimeout(() => void this.#run(), Math.max(0, due - this.#clock()));
    this.#cancelWait = () => clearTimeout(timer);
  }

  /**
   * Sends until the next one is not due yet, then waits for it. Sends that fell behind go out
   * back to back, with no timer between them (a zero timer still waits a millisecond, which
   * would add up); each send waits for its socket, so the event loop turns meanwhile.
   */
  async #run(): Promise<void> {
    this.#cancelWait = null;
    while (this.#state.running) {
      try {
        await this.#plan.send();
      } catch (err) {
        // Stopped meanwhile (the connection closed under the send): that reason stands.
        if (this.#state.running) this.#end('failed', toWireError(err));
        return;
      }
      const sent = this.#state.sent + 1;
      this.#state = { ...this.#state, sent };
      // Stopped while this send was on its way: it went out, so it counts, and nothing follows.
      if (!this.#state.running) {
        this.#plan.changed(this.#state);
        return;
      }
      if (this.#plan.times > 0 && sent >= this.#plan.times) {
        this.#end('done', null);
        return;
      }
      this.#plan.changed(this.#state);
      const due = this.#start + sent * this.#plan.intervalMs;
      if (due - this.#clock() >= 1) {
        this.#waitUntil(due);
        return;
      }
    }
  }

  #end(ended: NonNullable<RepeatState['ended']>, error: WireError | null): void {
    this.#cancelWait?.();
    this.#cancelWait = null;
    this.#state = { ...this.#state, running: false, ended, error };
    this.#plan.changed(this.#state);
  }
}
