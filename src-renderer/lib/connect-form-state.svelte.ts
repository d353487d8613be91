// What the user typed into one tab's connect form, and the errors found in it.
import type { SessionConfig, SessionKind } from '../../src-main/api/contract.js';
import { checkConnectFields, DEFAULT_TIMEOUT_MS, type FieldErrors, type FieldName } from './connect-form.js';

export class ConnectFormState {
  // Bound to the inputs, so plain reactive fields.
  kind = $state<SessionKind>('tcp-client');
  host = $state('');
  port = $state('');
  timeoutMs = $state(String(DEFAULT_TIMEOUT_MS));
  #errors = $state.raw<FieldErrors>({});

  get errors(): FieldErrors {
    return this.#errors;
  }

  /** The first field with an error, in form order, to move focus to. */
  get firstInvalid(): FieldName | null {
    return (['host', 'port', 'timeoutMs'] as const).find((f) => this.#errors[f] !== undefined) ?? null;
  }

  /** Checks the fields; returns the config to send, or null and shows the errors. */
  validate(): SessionConfig | null {
    const check = checkConnectFields({ kind: this.kind, host: this.host, port: this.port, timeoutMs: this.timeoutMs });
    this.#errors = check.ok ? {} : check.errors;
    return check.ok ? check.config : null;
  }

  /** Clears a field's error once the user edits it. */
  edited(field: FieldName): void {
    if (this.#errors[field] === undefined) return;
    const rest = { ...this.#errors };
    delete rest[field];
    this.#errors = rest;
  }

  /** Fills the form from a config main already holds (a restored tab). */
  fill(config: SessionConfig): void {
    this.kind = config.kind;
    this.host = config.host;
    this.port = String(config.port);
    this.timeoutMs = String(config.timeoutMs);
  }
}
