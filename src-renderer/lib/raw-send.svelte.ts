// A raw IP tab that writes its own IPv4 header (IP_HDRINCL): the header fields as typed, the
// host to send to, and the last raw.send's outcome. The payload is the composer's text, so
// switching between this and the plain composer keeps what was typed.
import type { CommandInput, WireError } from '../../src-main/api/contract.js';
import type { Bridge } from './bridge.js';
import type { ComposerState } from './composer.svelte.js';
import { defaultIpHeaderForm, readIpHeaderForm, type IpHeaderErrors, type IpHeaderForm } from './ip-header-form.js';

export interface RawSentResult {
  bytes: number;
  seq: number;
}

export class RawSendState {
  // Bound to the inputs, so plain reactive fields.
  header = $state<IpHeaderForm>(defaultIpHeaderForm());
  host = $state('');
  #hostError = $state<string | null>(null);
  #error = $state.raw<WireError | null>(null);
  #sending = $state(false);
  #lastSent = $state.raw<RawSentResult | null>(null);
  readonly #id: string;
  readonly #bridge: Bridge;

  constructor(id: string, bridge: Bridge) {
    this.#id = id;
    this.#bridge = bridge;
  }

  /** The header's per-field problems, as typed now. */
  get errors(): IpHeaderErrors {
    return readIpHeaderForm(this.header).errors;
  }

  get hostError(): string | null {
    return this.#hostError;
  }

  get error(): WireError | null {
    return this.#error;
  }

  get sending(): boolean {
    return this.#sending;
  }

  get lastSent(): RawSentResult | null {
    return this.#lastSent;
  }

  /** Puts every field back to its usual value. */
  reset(): void {
    this.header = defaultIpHeaderForm();
  }

  /**
   * Sends the composer's payload behind the header as typed, to the Host typed or else the
   * session's `defaultHost`. Does nothing but point at the problem while a field is wrong.
   */
  async send(composer: ComposerState, defaultHost: string | null): Promise<void> {
    if (this.#sending) return;
    const { header, errors } = readIpHeaderForm(this.header);
    const host = this.host.trim();
    this.#hostError = host === '' && !defaultHost ? 'Enter a host: this session has no default destination' : null;
    if (Object.keys(errors).length > 0 || this.#hostError) {
      this.#error = null;
      this.#lastSent = null;
      return;
    }
    const payload = { format: composer.format, text: composer.text, lineEnding: composer.lineEnding };
    const input: CommandInput<'raw.send'> = host === '' ? { id: this.#id, payload, header } : { id: this.#id, payload, header, host };
    this.#sending = true;
    try {
      const result = await this.#bridge.rawSend(input);
      if (result.ok) {
        this.#error = null;
        this.#lastSent = { bytes: result.value.bytes, seq: result.value.seq };
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
