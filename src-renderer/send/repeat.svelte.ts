// The composer's "Repeat": the schedule typed (every so many ms, so many times, 0 until stopped),
// starting and stopping it in main, and how far it got (main announces it as it goes).
import { m } from '../i18n/i18n.svelte.js';
import type { RepeatState, SendPayload, SendTarget, WireError } from '$shared/contract.js';
import type { Bridge } from '../bridge/bridge.js';
import { settle } from '../bridge/settle.js';
import { parseWholeNumber } from '../ui/whole-number.js';
import { formatCount, formatError, formatNumber } from '../session/format.js';

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
    const sent = s.times > 0 ? m.repeat_sent_of({ sent: formatNumber(s.sent), times: formatNumber(s.times) }) : m.repeat_sent_until_stopped({ sent: formatNumber(s.sent) });
    const sends = formatCount(s.sent, 'send');
    switch (s.ended) {
      case null:
        return sent;
      case 'done':
        return s.times > 0 ? m.repeat_done_of({ sent: formatNumber(s.sent), times: formatNumber(s.times) }) : m.repeat_done_until({ sent: formatNumber(s.sent) });
      case 'stopped':
        return m.repeat_stopped({ sends });
      case 'disconnected':
        return s.error ? m.repeat_disconnected_because({ sends, error: formatError(s.error) }) : m.repeat_disconnected({ sends });
      case 'failed':
        return m.repeat_failed({ sends, error: formatError(s.error ?? { code: 'INTERNAL', message: m.unknown() }) });
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
    if (intervalMs === null) errors.everyMs = m.repeat_every_range({ max: MAX_REPEAT_INTERVAL_MS });
    if (times === null) errors.times = m.repeat_times_range({ max: MAX_REPEAT_TIMES });
    this.#fieldErrors = errors;
    return intervalMs === null || times === null ? null : { intervalMs, times };
  }
}
