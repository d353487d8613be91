// What the user typed into one tab's connect form (every kind's fields), and the errors found in it.
import type { SessionConfig, SessionConfigInput, SessionKind } from '$shared/contract.js';
import type { FileDialogs } from '../ui/file-dialogs.js';
import {
  checkConnectFields,
  defaultFields,
  fieldsFromConfig,
  switchKind,
  TEXT_FIELDS,
  type ConnectFields,
  type FieldErrors,
  type FieldName,
} from './connect-form.js';

export class ConnectFormState {
  /** Bound to the inputs (form.fields.host, ...), so deeply reactive. */
  fields = $state<ConnectFields>(defaultFields('tcp-client'));
  /** Servers: "Close clients when stopping". */
  closeClients = $state(true);
  #errors = $state.raw<FieldErrors>({});
  /** The desktop's native file dialogs ("Browse…" beside the path fields); null in web mode, which has none. */
  dialogs: FileDialogs | null = null;

  get kind(): SessionKind {
    return this.fields.kind;
  }

  /** Sets the kind; values left at the old kind's defaults take the new kind's. */
  set kind(kind: SessionKind) {
    if (kind !== this.fields.kind) this.fields = switchKind($state.snapshot(this.fields), kind);
  }

  get errors(): FieldErrors {
    return this.#errors;
  }

  /** The first field with an error, in form order, to move focus to. */
  get firstInvalid(): FieldName | null {
    return TEXT_FIELDS.find((f) => this.#errors[f] !== undefined) ?? null;
  }

  /** Checks the fields; returns the config to send, or null and shows the errors. */
  validate(): SessionConfigInput | null {
    const check = checkConnectFields($state.snapshot(this.fields));
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
    this.fields = fieldsFromConfig(config);
  }

  /** Takes over another form's values (the same tab, now of another kind). */
  copyFrom(other: ConnectFormState, kind: SessionKind): void {
    this.fields = switchKind($state.snapshot(other.fields), kind);
    this.closeClients = other.closeClients;
  }
}
