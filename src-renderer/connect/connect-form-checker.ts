// The connect form's checker: reads each field as its kind of value and collects the errors,
// field by field, in words. connect-form.ts and connect-form-ip.ts build configs with it.
import type { InputFormat } from '$shared/contract.js';
import { encodePayload } from '$shared/codec/payload.js';
import type { ConnectFields, FieldErrors, FieldName } from './connect-form-fields.js';
import { MAX_ALPN, MAX_NAME, MAX_PATH, MAX_TIMEOUT_MS, MESSAGES, MIN_TIMEOUT_MS } from './connect-form-messages.js';
import { parseWholeNumber } from '../ui/whole-number.js';

/** Collects the errors of one check, field by field. */
export class Checker {
  readonly errors: FieldErrors = {};

  constructor(readonly fields: ConnectFields) {}

  get ok(): boolean {
    return Object.keys(this.errors).length === 0;
  }

  fail(field: FieldName, message: string): void {
    this.errors[field] ??= message;
  }

  host(): string {
    const host = this.fields.host.trim();
    if (host === '') this.fail('host', MESSAGES.host);
    else if (host.length > MAX_NAME) this.fail('host', MESSAGES.hostTooLong);
    return host;
  }

  port(field: FieldName): number {
    return this.number(field, 1, 65535, MESSAGES.port, false) ?? 0;
  }

  timeout(): number {
    return this.number('timeoutMs', MIN_TIMEOUT_MS, MAX_TIMEOUT_MS, MESSAGES.timeoutMs, false) ?? 0;
  }

  path(): string {
    const path = this.fields.path.trim();
    if (path === '') this.fail('path', MESSAGES.path);
    else if (path.length > MAX_PATH) this.fail('path', MESSAGES.pathTooLong);
    return path;
  }

  /** A whole number in [min, max]; with `optional`, empty text is undefined (no error). */
  number(field: FieldName, min: number, max: number, message: string, optional: boolean): number | undefined {
    const text = this.fields[field].trim();
    if (text === '' && optional) return undefined;
    const n = parseWholeNumber(text, min, max);
    if (n === null) {
      this.fail(field, message);
      return undefined;
    }
    return n;
  }

  /** Trimmed text, undefined when empty. */
  optionalText(field: FieldName, max: number, message: string): string | undefined {
    const text = this.fields[field].trim();
    if (text.length > max) this.fail(field, message);
    return text === '' ? undefined : text;
  }

  /** Named file fields that are filled in, e.g. { caFile: "/etc/ca.pem" }. */
  files(...names: ('caFile' | 'certFile' | 'keyFile' | 'keyLogFile')[]): Partial<Record<'caFile' | 'certFile' | 'keyFile' | 'keyLogFile', string>> {
    const out: Partial<Record<'caFile' | 'certFile' | 'keyFile' | 'keyLogFile', string>> = {};
    for (const name of names) {
      const value = this.optionalText(name, MAX_PATH, MESSAGES.pathTooLong);
      if (value !== undefined) out[name] = value;
    }
    return out;
  }

  /** Certificate and key files: both or neither. */
  pair(certMissing: string, keyMissing: string): Partial<Record<'certFile' | 'keyFile', string>> {
    const files = this.files('certFile', 'keyFile');
    if (files.certFile !== undefined && files.keyFile === undefined) this.fail('keyFile', keyMissing);
    if (files.keyFile !== undefined && files.certFile === undefined) this.fail('certFile', certMissing);
    return files;
  }

  /** "h2, http/1.1" -> ["h2", "http/1.1"]. */
  alpn(): string[] {
    const list = this.fields.alpn
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '');
    if (list.length > MAX_ALPN) this.fail('alpn', MESSAGES.alpnCount);
    else if (list.some((p) => p.length > 255)) this.fail('alpn', MESSAGES.alpnLength);
    return list;
  }

  /** A message in its format (empty: none), checked the way main will encode it. */
  payload(field: FieldName, text: string, format: InputFormat, maxBytes?: { bytes: number; message: string }): { format: InputFormat; text: string } | undefined {
    if (text === '') return undefined;
    const payload = { format, text };
    const encoded = encodePayload({ ...payload, lineEnding: 'none' });
    if (!encoded.ok) this.fail(field, encoded.error.message);
    else if (maxBytes && encoded.value.length > maxBytes.bytes) this.fail(field, maxBytes.message);
    return payload;
  }
}
