// A raw IP tab that writes its own IPv4 header (IP_HDRINCL): the header fields as typed, the
// host to send to, and the last raw.send's outcome. The payload is the composer's text, so
// switching between this and the plain composer keeps what was typed.
import { m } from '../i18n/i18n.svelte.js';
import type { CommandInput } from '$shared/contract.js';
import type { Bridge } from '../bridge/bridge.js';
import type { ComposerState } from './composer.svelte.js';
import { defaultIpHeaderForm, readIpHeaderForm, type IpHeaderForm } from './ip-header-form.js';
import { SendStatus } from './send-status.svelte.js';

export interface RawSentResult {
  bytes: number;
  seq: number;
}

export class RawSendState extends SendStatus<RawSentResult> {
  // Bound to the inputs, so plain reactive fields.
  header = $state<IpHeaderForm>(defaultIpHeaderForm());
  host = $state('');
  #hostError = $state<string | null>(null);
  readonly #id: string;
  readonly #bridge: Bridge;

  constructor(id: string, bridge: Bridge) {
    super();
    this.#id = id;
    this.#bridge = bridge;
  }

  get hostError(): string | null {
    return this.#hostError;
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
    if (this.sending) return;
    const { header, errors } = readIpHeaderForm(this.header);
    const host = this.host.trim();
    this.#hostError = host === '' && !defaultHost ? m.raw_enter_host() : null;
    if (Object.keys(errors).length > 0 || this.#hostError) {
      this.notSent(null);
      return;
    }
    const payload = composer.payload;
    const input: CommandInput<'raw.send'> = host === '' ? { id: this.#id, payload, header } : { id: this.#id, payload, header, host };
    await this.run(
      () => this.#bridge.rawSend(input),
      (value) => ({ bytes: value.bytes, seq: value.seq }),
    );
  }
}
