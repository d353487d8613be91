// The connect forms of the IP socket kinds (Ping, Raw IP): their checks and configs.
import { m } from '../i18n/i18n.svelte.js';
import type { Checker } from './connect-form-checker.js';
import { PING_DEFAULTS, type ConnectFields } from './connect-form-fields.js';
import { MAX_NAME, MAX_PING_PAYLOAD, MESSAGES, type ConfigFor } from './connect-form-messages.js';

/** Common IP protocol numbers, for the Raw IP form's suggestions and hint. */
export const IP_PROTOCOLS: readonly { number: number; name: string }[] = [
  { number: 1, name: 'ICMP' },
  { number: 2, name: 'IGMP' },
  { number: 6, name: 'TCP' },
  { number: 17, name: 'UDP' },
  { number: 47, name: 'GRE' },
  { number: 50, name: 'ESP' },
  { number: 58, name: 'ICMPv6' },
  { number: 132, name: 'SCTP' },
  { number: 253, name: 'Experiment' },
  { number: 254, name: 'Experiment' },
];

/** The protocol's name as shown: the experiments' in the language in force. */
export function shownProtocolName(p: { name: string }): string {
  return p.name === 'Experiment' ? m.protocol_experiment() : p.name;
}

/** "TCP" for "6", null for a number without a common name (or not a number). */
export function protocolName(text: string): string | null {
  const n = /^\s*[0-9]{1,3}\s*$/.test(text) ? Number(text) : NaN;
  const found = IP_PROTOCOLS.find((p) => p.number === n);
  return found ? shownProtocolName(found) : null;
}

export function pingConfig(c: Checker, f: ConnectFields): ConfigFor<'ping'> {
  const config: ConfigFor<'ping'> = {
    kind: 'ping',
    host: c.host(),
    intervalMs: c.number('intervalMs', 10, 3_600_000, MESSAGES.intervalMs, false) ?? PING_DEFAULTS.intervalMs,
    count: c.number('count', 0, 1_000_000, MESSAGES.count, false) ?? PING_DEFAULTS.count,
    timeoutMs: c.number('timeoutMs', 10, 600_000, MESSAGES.pingTimeoutMs, false) ?? PING_DEFAULTS.timeoutMs,
  };
  if (f.family !== 'any') config.family = f.family;
  const identifier = c.number('identifier', 0, 65535, MESSAGES.identifier, true);
  if (identifier !== undefined) config.identifier = identifier;
  const payload = c.payload('payload', f.payload, f.payloadFormat, { bytes: MAX_PING_PAYLOAD, message: MESSAGES.payloadTooLarge });
  if (payload) config.payload = payload;
  else {
    const size = c.number('payloadSize', 0, MAX_PING_PAYLOAD, MESSAGES.payloadSize, false);
    if (size !== undefined && size !== PING_DEFAULTS.payloadSize) config.payloadSize = size;
  }
  const ttl = c.number('ttl', 1, 255, MESSAGES.ttl, true);
  if (ttl !== undefined) config.ttl = ttl;
  if (f.icmpSocket !== 'auto') config.socket = f.icmpSocket;
  return config;
}

export function rawIpConfig(c: Checker, f: ConnectFields): ConfigFor<'raw-ip'> {
  const config: ConfigFor<'raw-ip'> = { kind: 'raw-ip', protocol: c.number('protocol', 0, 255, MESSAGES.protocol, false) ?? 0 };
  const family = f.family === 'ipv6' ? 'ipv6' : 'ipv4';
  if (family === 'ipv6') config.family = 'ipv6';
  const host = c.optionalText('host', MAX_NAME, MESSAGES.hostTooLong);
  if (host !== undefined) config.host = host;
  const localAddress = c.optionalText('localAddress', MAX_NAME, MESSAGES.rawLocalAddress);
  if (localAddress !== undefined) config.localAddress = localAddress;
  // IP_HDRINCL is IPv4's: an IPv6 raw socket never takes the header from the user.
  if (f.includeHeader && family === 'ipv4') config.includeHeader = true;
  return config;
}
