// The connect form's limits and its messages in words, one per kind of mistake.
import { m } from '../i18n/i18n.svelte.js';
import type { SessionConfigInput, SessionKind } from '$shared/contract.js';

export type ConfigFor<K extends SessionKind> = Extract<SessionConfigInput, { kind: K }>;

export const MIN_TIMEOUT_MS = 100;
export const MAX_TIMEOUT_MS = 600_000;
export const MAX_DAY_MS = 86_400_000;
export const MAX_NAME = 253;
export const MAX_PATH = 4096;
export const MAX_ALPN = 16;
/** Largest ping payload (an IPv4 packet of 65535 bytes less its headers, rounded down). */
export const MAX_PING_PAYLOAD = 65_000;

export const MESSAGES = {
  get host() {
    return m.form_host();
  },
  get hostTooLong() {
    return m.form_host_too_long({ max: MAX_NAME });
  },
  get port() {
    return m.form_port();
  },
  get localPort() {
    return m.form_local_port();
  },
  get localPortOptional() {
    return m.form_local_port_optional();
  },
  get localAddress() {
    return m.form_local_address();
  },
  get timeoutMs() {
    return m.form_timeout_ms({ min: MIN_TIMEOUT_MS, max: MAX_TIMEOUT_MS });
  },
  get keepAliveDelayMs() {
    return m.form_keep_alive_delay_ms({ max: MAX_DAY_MS });
  },
  get idleTimeoutMs() {
    return m.form_idle_timeout_ms({ max: MAX_DAY_MS });
  },
  get ttl() {
    return m.form_ttl();
  },
  get multicastTtl() {
    return m.form_multicast_ttl();
  },
  get maxClients() {
    return m.form_max_clients();
  },
  get path() {
    return m.form_path();
  },
  get pathTooLong() {
    return m.form_path_too_long({ max: MAX_PATH });
  },
  get remotePortWithoutHost() {
    return m.form_remote_port_without_host();
  },
  get remoteHostWithoutPort() {
    return m.form_remote_host_without_port();
  },
  get alpnCount() {
    return m.form_alpn_count({ max: MAX_ALPN });
  },
  get alpnLength() {
    return m.form_alpn_length();
  },
  get clientKeyMissing() {
    return m.form_client_key_missing();
  },
  get clientCertMissing() {
    return m.form_client_cert_missing();
  },
  get serverKeyMissing() {
    return m.form_server_key_missing();
  },
  get serverCertMissing() {
    return m.form_server_cert_missing();
  },
  get intervalMs() {
    return m.form_interval_ms();
  },
  get pingTimeoutMs() {
    return m.form_ping_timeout_ms();
  },
  get count() {
    return m.form_count();
  },
  get identifier() {
    return m.form_identifier();
  },
  get payloadSize() {
    return m.form_payload_size({ max: MAX_PING_PAYLOAD });
  },
  get payloadTooLarge() {
    return m.form_payload_too_large({ max: MAX_PING_PAYLOAD });
  },
  get protocol() {
    return m.form_protocol();
  },
  get rawLocalAddress() {
    return m.form_raw_local_address({ max: MAX_NAME });
  },
} as const;
