// One tab's message composer: the text, how to read it, and the result of the last send.
import type { InputFormat, LineEnding, LogEntry, SendTarget, WireError } from '../../src-main/api/contract.js';
import type { Bridge } from './bridge.js';
import { replyTarget } from './peer-address.js';

/** What the last send did, as main reported it. */
export interface SentResult {
  /** Bytes sent to each target. */
  bytes: number;
  /** The first 'out' entry. */
  seq: number;
  /** How many peers it went to. */
  targets: number;
  /** Whom it went to in words ("127.0.0.1:5123"), when named. */
  to: string | null;
  /** It went to chosen peers or to all of them, so `targets` says how many. */
  toClients: boolean;
}

export class ComposerState {
  // Bound to the inputs, so plain reactive fields.
  text = $state('');
  format = $state<InputFormat>('text');
  lineEnding = $state<LineEnding>('none');
  #error = $state.raw<WireError | null>(null);
  #sending = $state(false);
  #lastSent = $state.raw<SentResult | null>(null);
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

  get lastSent(): SentResult | null {
    return this.#lastSent;
  }

  /**
   * Sends the text as it is now to `to` (absent: the session's own peer or default
   * destination), named `toLabel` in the result if given; keeps the text (users resend).
   */
  async send(to?: SendTarget, toLabel: string | null = null): Promise<void> {
    if (this.#sending) return;
    this.#sending = true;
    const payload = { format: this.format, text: this.text, lineEnding: this.lineEnding };
    try {
      const result = await this.#bridge.sessionSend(to ? { id: this.#id, payload, to } : { id: this.#id, payload });
      if (result.ok) {
        this.#error = null;
        // A named target (a reply's sender) reads better than "1 client".
        const toClients = toLabel === null && (to?.type === 'peers' || to?.type === 'all');
        this.#lastSent = { ...result.value, to: toLabel, toClients };
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

  /** Sends the text as it is now back to whoever sent `entry` (UDP "Reply to sender"). */
  async reply(entry: LogEntry): Promise<void> {
    const to = replyTarget(entry);
    if (!to) {
      this.#error = { code: 'NO_TARGET', message: `Entry ${entry.seq} has no sender address to reply to.` };
      this.#lastSent = null;
      return;
    }
    await this.send(to, entry.peer);
  }
}
