// How a tab's last send went: in flight, main's error, or what was sent. Shared by the
// composer (session.send) and the raw IP form (raw.send).
import type { Result, WireError } from '$shared/contract.js';
import { settle } from '../bridge/settle.js';

export class SendStatus<T> {
  #error = $state.raw<WireError | null>(null);
  #sending = $state(false);
  #lastSent = $state.raw<T | null>(null);

  get error(): WireError | null {
    return this.#error;
  }

  get sending(): boolean {
    return this.#sending;
  }

  get lastSent(): T | null {
    return this.#lastSent;
  }

  /** Nothing went out: shows `error` (null: the form's own messages say why) instead of the last send. */
  protected notSent(error: WireError | null): void {
    this.#error = error;
    this.#lastSent = null;
  }

  /** Makes the send `call` unless one is in flight, and shows its error or what `sent` makes of its result. */
  protected async run<V>(call: () => Promise<Result<V>>, sent: (value: V) => T): Promise<void> {
    if (this.#sending) return;
    this.#sending = true;
    const result = await settle(call, 'Sending');
    this.#sending = false;
    if (result.ok) {
      this.#error = null;
      this.#lastSent = sent(result.value);
    } else {
      this.notSent(result.error);
    }
  }
}
