// The connect form's limits and its messages in words, one per kind of mistake.
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
  host: 'Enter a host name or an IP address.',
  hostTooLong: `A host name is at most ${MAX_NAME} characters.`,
  port: 'Enter a port from 1 to 65535.',
  localPort: 'Enter a port from 0 to 65535 (0 picks a free port).',
  localPortOptional: 'Enter a port from 1 to 65535, or leave it empty for any.',
  localAddress: 'Enter a local address, e.g. :: (IPv6 and IPv4), 0.0.0.0 or 127.0.0.1.',
  timeoutMs: `Enter a timeout from ${MIN_TIMEOUT_MS} to ${MAX_TIMEOUT_MS} ms.`,
  keepAliveDelayMs: `Enter a delay from 0 to ${MAX_DAY_MS} ms.`,
  idleTimeoutMs: `Enter an idle timeout from 0 (off) to ${MAX_DAY_MS} ms.`,
  ttl: 'Enter a TTL from 1 to 255, or leave it empty for the system default.',
  multicastTtl: 'Enter a multicast TTL from 0 to 255, or leave it empty for the system default.',
  maxClients: 'Enter a number from 0 (no limit) to 1000000.',
  path: 'Enter a socket path (on Linux, @name is an abstract socket).',
  pathTooLong: `A path is at most ${MAX_PATH} characters.`,
  remotePortWithoutHost: 'Enter the destination host too, or clear Port.',
  remoteHostWithoutPort: 'Enter the destination port too, or clear Host.',
  alpnCount: `List at most ${MAX_ALPN} protocols, separated by commas.`,
  alpnLength: 'A protocol name is at most 255 characters.',
  clientKeyMissing: 'Enter the key file of the client certificate too.',
  clientCertMissing: 'Enter the client certificate file of this key too.',
  serverKeyMissing: 'Enter the key file too, or clear both to use a generated self-signed certificate.',
  serverCertMissing: 'Enter the certificate file too, or clear both to use a generated self-signed certificate.',
  intervalMs: 'Enter an interval from 10 to 3600000 ms.',
  pingTimeoutMs: 'Enter a reply timeout from 10 to 600000 ms.',
  count: 'Enter a count from 0 (until Stop) to 1000000.',
  identifier: 'Enter an identifier from 0 to 65535, or leave it empty for an automatic one.',
  payloadSize: `Enter a payload size from 0 to ${MAX_PING_PAYLOAD} bytes.`,
  payloadTooLarge: `A ping payload is at most ${MAX_PING_PAYLOAD} bytes.`,
  protocol: 'Enter an IP protocol number from 0 to 255 (e.g. 1 ICMP, 6 TCP, 17 UDP, 253 experiments).',
  rawLocalAddress: `A local address is at most ${MAX_NAME} characters.`,
} as const;
