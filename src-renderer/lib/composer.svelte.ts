// One tab's message composer: the text, how to read it, and the result of the last send.
import type { InputFormat, LineEnding, WireError } from '../../src-main/api/contract.js';
import type { Bridge } from './bridge.js';

export class ComposerState {
  // Bound to the inputs, so plain reactive fields.
  text = $state('');
  format = $state<InputFormat>('text');
  lineEnding = $state<LineEnding>('none');
  #error = $state.raw<WireError | null>(null);
  #sending = $state(false);
  #lastSent = $state.raw<{ bytes: number; seq: number } | null>(null);
  readonly #id: string;
  readonly #bridge: Bridge;

  constructor(id: string, bridge: Bridge) {
    this.#id = id;
    this.#bridge = bridge;
  }

  get error(): WireError | null {
    return this.#error;
  }

  get sending(): boolean {
    return this.#sending;
  }

  get lastSent(): { bytes: number; seq: number } | null {
    return this.#lastSent;
  }

  /** Sends the text as it is now; keeps it (users resend), shows any error in words. */
  async send(): Promise<void> {
    if (this.#sending) return;
    this.#sending = true;
    const payload = { format: this.format, text: this.text, lineEnding: this.lineEnding };
    try {
      const result = await this.#bridge.sessionSend({ id: this.#id, payload });
      if (result.ok) {
        this.#error = null;
        this.#lastSent = result.value;
      } else {
        this.#error = result.error;
        this.#lastSent = null;
      }
    } catch (err) {
      this.#error = { code: 'INTERNAL', message: `Sending failed: ${String(err)}` };
    } finally {
      this.#sending = false;
    }
  }
}
