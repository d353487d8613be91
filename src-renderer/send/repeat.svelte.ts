// The composer's "Repeat": the schedule typed (every so many ms, so many times, 0 until stopped),
// starting and stopping it in main, and how far it got (main announces it as it goes).
import type { RepeatState, SendPayload, SendTarget, WireError } from '$shared/contract.js';
import type { Bridge } from '../bridge/bridge.js';
import { settle } from '../bridge/settle.js';
import { parseWholeNumber } from '../ui/whole-number.js';
import { formatCount } from '../session/format.js';

export const MAX_REPEAT_INTERVAL_MS = 86_400_000;
export const MAX_REPEAT_TIMES = 1_000_000_000;

export interface RepeatFieldErrors {
  everyMs?: string;
  times?: string;
}


export class RepeatControls {
  /** The "Repeat" checkbox: Send starts a repeat instead of sending once. */
  enabled = $state(false);
  everyMs = $state('1000');
  times = $state('10');
  #state = $state.raw<RepeatState | null>(null);
  #error = $state.raw<WireError | null>(null);
  #fieldErrors = $state.raw<RepeatFieldErrors>({});
  readonly #id: string;
  readonly #bridge: Bridge;

  constructor(id: string, bridge: Bridge) {
    this.#id = id;
    this.#bridge = bridge;
  }

  get running(): boolean {
    return this.#state?.running === true;
  }

  get fieldErrors(): RepeatFieldErrors {
    return this.#fieldErrors;
  }

  /** Main's refusal to start or stop (e.g. NOT_CONNECTED). */
  get error(): WireError | null {
    return this.#error;
  }

  /** A failed send ended it: shown as an error. */
  get failed(): boolean {
    return this.#state?.ended === 'failed';
  }

  /** "Sent 3 of 10", and once it ended, how and why. */
  get statusText(): string | null {
    const s = this.#state;
    if (!s) return null;
    const of = s.times > 0 ? ` of ${s.times.toLocaleString('en-US')}` : ' (until stopped)';
    switch (s.ended) {
      case null:
        return `Sent ${s.sent.toLocaleString('en-US')}${of}`;
      case 'done':
        return `Repeat done: sent ${s.sent.toLocaleString('en-US')}${of}.`;
      case 'stopped':
        return `Repeat stopped after ${formatCount(s.sent, 'send')}.`;
      case 'disconnected':
        return `Repeat stopped after ${formatCount(s.sent, 'send')}: the connection closed${s.error ? ` (${s.error.message})` : ''}.`;
      case 'failed':
        return `Repeat stopped after ${formatCount(s.sent, 'send')}: a send failed: ${s.error?.message ?? 'unknown error'} (${s.error?.code ?? 'INTERNAL'})`;
    }
  }

  /** Main's word on the repeat (a snapshot or a growth notice). */
  apply(state: RepeatState | null): void {
    if (state) this.#state = state;
  }

  /** Starts repeating `payload` to `to` on the typed schedule; the fields say what is wrong, if anything. */
  async start(payload: SendPayload, to?: SendTarget): Promise<void> {
    const schedule = this.#schedule();
    if (!schedule) return;
    const input = { id: this.#id, payload, ...(to ? { to } : {}), ...schedule };
    const result = await settle(() => this.#bridge.sessionRepeat(input), 'Starting the repeat');
    this.#error = result.ok ? null : result.error;
    if (result.ok) this.#state = result.value;
  }

  async stop(): Promise<void> {
    const result = await settle(() => this.#bridge.sessionStopRepeat({ id: this.#id }), 'Stopping the repeat');
    this.#error = result.ok ? null : result.error;
    if (result.ok && result.value) this.#state = result.value;
  }

  #schedule(): { intervalMs: number; times: number } | null {
    const intervalMs = parseWholeNumber(this.everyMs, 1, MAX_REPEAT_INTERVAL_MS);
    const times = parseWholeNumber(this.times, 0, MAX_REPEAT_TIMES);
    const errors: RepeatFieldErrors = {};
    if (intervalMs === null) errors.everyMs = `Every (ms) must be a whole number of milliseconds from 1 to ${MAX_REPEAT_INTERVAL_MS}.`;
    if (times === null) errors.times = `Times must be a whole number from 0 (until stopped) to ${MAX_REPEAT_TIMES}.`;
    this.#fieldErrors = errors;
    return intervalMs === null || times === null ? null : { intervalMs, times };
  }
}
