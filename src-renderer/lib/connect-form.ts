// Checks the connect form before anything is sent, so a typo is explained next to its field.
// Main validates again (the renderer is untrusted); these messages are just earlier and nearer.
import type { SessionConfig, SessionKind } from '../../src-main/api/contract.js';

export interface ConnectFields {
  kind: SessionKind;
  host: string;
  port: string;
  timeoutMs: string;
}

export type FieldName = 'host' | 'port' | 'timeoutMs';
export type FieldErrors = Partial<Record<FieldName, string>>;

export type FormCheck = { ok: true; config: SessionConfig } | { ok: false; errors: FieldErrors };

export const DEFAULT_TIMEOUT_MS = 10_000;
const MIN_TIMEOUT_MS = 100;
const MAX_TIMEOUT_MS = 600_000;

export function checkConnectFields(fields: ConnectFields): FormCheck {
  const errors: FieldErrors = {};
  const host = fields.host.trim();
  if (host === '') errors.host = 'Enter a host name or an IP address.';
  else if (host.length > 253) errors.host = 'A host name is at most 253 characters.';

  const port = parseWholeNumber(fields.port);
  if (port === null || port < 1 || port > 65535) errors.port = 'Enter a port from 1 to 65535.';

  const timeoutMs = parseWholeNumber(fields.timeoutMs);
  if (timeoutMs === null || timeoutMs < MIN_TIMEOUT_MS || timeoutMs > MAX_TIMEOUT_MS) {
    errors.timeoutMs = `Enter a timeout from ${MIN_TIMEOUT_MS} to ${MAX_TIMEOUT_MS} ms.`;
  }

  if (Object.keys(errors).length > 0 || port === null || timeoutMs === null) return { ok: false, errors };
  switch (fields.kind) {
    case 'tcp-client':
      return { ok: true, config: { kind: 'tcp-client', host, port, timeoutMs } };
  }
}

/** A plain decimal whole number ("80", " 443 "), or null for anything else ("8e1", "0x50", "1.5"). */
function parseWholeNumber(text: string): number | null {
  const t = text.trim();
  if (!/^[0-9]{1,9}$/.test(t)) return null;
  return Number(t);
}
