// Checks the connect form before anything is sent, so a typo is explained next to its field,
// and builds the config for session.connect. Main validates again (the renderer is untrusted);
// these messages are just earlier and nearer. A config names only what differs from main's
// defaults (besides the fields every form of its kind shows), so it reads like what was typed.
import type { SessionConfigInput } from '$shared/contract.js';
import { Checker } from './connect-form-checker.js';
import { DEFAULT_KEEPALIVE_DELAY_MS, type ConnectFields, type FieldErrors } from './connect-form-fields.js';
import { pingConfig, rawIpConfig } from './connect-form-ip.js';
import { MAX_DAY_MS, MAX_NAME, MAX_PATH, MESSAGES, type ConfigFor } from './connect-form-messages.js';

export * from './connect-form-fields.js';
export { MAX_PING_PAYLOAD, MESSAGES } from './connect-form-messages.js';
export { IP_PROTOCOLS, protocolName, shownProtocolName } from './connect-form-ip.js';

export type { ConfigFor } from './connect-form-messages.js';
export type FormCheck = { ok: true; config: SessionConfigInput } | { ok: false; errors: FieldErrors };

/** Checks the fields of `fields.kind`'s form; returns the config to send or the errors. */
export function checkConnectFields(fields: ConnectFields): FormCheck {
  const c = new Checker(fields);
  const config = build(c, fields);
  return c.ok ? { ok: true, config } : { ok: false, errors: c.errors };
}

function build(c: Checker, f: ConnectFields): SessionConfigInput {
  switch (f.kind) {
    case 'tcp-client':
      return tcpClient(c);
    case 'tls-client':
      return tlsClient(c, f);
    case 'tcp-server':
      return { kind: 'tcp-server', ...listen(c, f), ...serverAndOptions(c, f) };
    case 'tls-server':
      return tlsServer(c, f);
    case 'unix-client':
      return { kind: 'unix-client', path: c.path(), timeoutMs: c.timeout() };
    case 'unix-server': {
      const server = serverOptions(c, f, false);
      return { kind: 'unix-server', path: c.path(), ...(f.removeStale && { removeStale: true }), ...(server && { server }) };
    }
    case 'udp':
      return udp(c, f);
    case 'ping':
      return pingConfig(c, f);
    case 'raw-ip':
      return rawIpConfig(c, f);
    case 'unix-dgram-client': {
      const localPath = c.optionalText('localPath', MAX_PATH, MESSAGES.pathTooLong);
      return { kind: 'unix-dgram-client', path: c.path(), ...(localPath !== undefined && { localPath }) };
    }
    case 'unix-dgram-server':
      return { kind: 'unix-dgram-server', path: c.path(), ...(f.removeStale && { removeStale: true }) };
    case 'unix-seqpacket-client':
      return { kind: 'unix-seqpacket-client', path: c.path() };
    case 'unix-seqpacket-server': {
      const server = serverOptions(c, f, false);
      return { kind: 'unix-seqpacket-server', path: c.path(), ...(f.removeStale && { removeStale: true }), ...(server && { server }) };
    }
  }
}

function tcpClient(c: Checker): ConfigFor<'tcp-client'> {
  const config: ConfigFor<'tcp-client'> = { kind: 'tcp-client', host: c.host(), port: c.port('port'), timeoutMs: c.timeout() };
  const localAddress = c.optionalText('localAddress', MAX_NAME, MESSAGES.hostTooLong);
  if (localAddress !== undefined) config.localAddress = localAddress;
  const localPort = c.number('localPort', 1, 65535, MESSAGES.localPortOptional, true);
  if (localPort !== undefined) config.localPort = localPort;
  const options = connectionOptions(c, c.fields);
  if (options) config.options = options;
  return config;
}

function tlsClient(c: Checker, f: ConnectFields): ConfigFor<'tls-client'> {
  const config: ConfigFor<'tls-client'> = { ...tcpClient(c), kind: 'tls-client' };
  const servername = c.optionalText('servername', MAX_NAME, MESSAGES.hostTooLong);
  if (servername !== undefined) config.servername = servername;
  const alpn = c.alpn();
  if (alpn.length > 0) config.alpn = alpn;
  if (!f.verify) config.verify = false;
  Object.assign(config, c.files('caFile', 'keyLogFile'), c.pair(MESSAGES.clientCertMissing, MESSAGES.clientKeyMissing));
  return config;
}

function tlsServer(c: Checker, f: ConnectFields): ConfigFor<'tls-server'> {
  const config: ConfigFor<'tls-server'> = { kind: 'tls-server', ...listen(c, f), ...serverAndOptions(c, f) };
  Object.assign(config, c.pair(MESSAGES.serverCertMissing, MESSAGES.serverKeyMissing));
  // Requiring a certificate means asking for one.
  if (f.requestClientCert || f.requireClientCert) config.requestClientCert = true;
  if (f.requireClientCert) config.requireClientCert = true;
  Object.assign(config, c.files('caFile', 'keyLogFile'));
  const alpn = c.alpn();
  if (alpn.length > 0) config.alpn = alpn;
  return config;
}

function udp(c: Checker, f: ConnectFields): ConfigFor<'udp'> {
  const config: ConfigFor<'udp'> = { kind: 'udp', ...bind(c) };
  const host = f.host.trim();
  const hasPort = f.port.trim() !== '';
  if (host !== '' || hasPort) {
    if (host === '') c.fail('host', MESSAGES.remotePortWithoutHost);
    else if (host.length > MAX_NAME) c.fail('host', MESSAGES.hostTooLong);
    if (!hasPort) c.fail('port', MESSAGES.remoteHostWithoutPort);
    const port = hasPort ? c.port('port') : 0;
    if (host !== '' && hasPort) Object.assign(config, { remoteHost: host, remotePort: port });
  }
  if (f.broadcast) config.broadcast = true;
  if (f.reuseAddress) config.reuseAddress = true;
  const ttl = c.number('ttl', 1, 255, MESSAGES.ttl, true);
  if (ttl !== undefined) config.ttl = ttl;
  const multicastTtl = c.number('multicastTtl', 0, 255, MESSAGES.multicastTtl, true);
  if (multicastTtl !== undefined) config.multicastTtl = multicastTtl;
  if (!f.multicastLoopback) config.multicastLoopback = false;
  const multicastInterface = c.optionalText('multicastInterface', MAX_NAME, MESSAGES.hostTooLong);
  if (multicastInterface !== undefined) config.multicastInterface = multicastInterface;
  return config;
}

/** A listener's address, port and family. */
function listen(c: Checker, f: ConnectFields): { localAddress: string; localPort: number; ipv6Only?: true } {
  return { ...bind(c), ...(f.ipv6Only && { ipv6Only: true as const }) };
}

function bind(c: Checker): { localAddress: string; localPort: number } {
  const localAddress = c.fields.localAddress.trim();
  if (localAddress === '' || localAddress.length > MAX_NAME) c.fail('localAddress', MESSAGES.localAddress);
  return { localAddress, localPort: c.number('localPort', 0, 65535, MESSAGES.localPort, false) ?? 0 };
}

function serverAndOptions(c: Checker, f: ConnectFields): { server?: ServerOptionsInput; options?: ConnectionOptionsInput } {
  const server = serverOptions(c, f, true);
  const options = connectionOptions(c, f);
  return { ...(server && { server }), ...(options && { options }) };
}

type ConnectionOptionsInput = NonNullable<ConfigFor<'tcp-client'>['options']>;
type ServerOptionsInput = NonNullable<ConfigFor<'tcp-server'>['server']>;

function connectionOptions(c: Checker, f: ConnectFields): ConnectionOptionsInput | undefined {
  const o: ConnectionOptionsInput = {};
  if (!f.noDelay) o.noDelay = false;
  if (f.keepAlive) {
    o.keepAlive = true;
    const delay = c.number('keepAliveDelayMs', 0, MAX_DAY_MS, MESSAGES.keepAliveDelayMs, false);
    if (delay !== undefined && delay !== DEFAULT_KEEPALIVE_DELAY_MS) o.keepAliveDelayMs = delay;
  }
  const idle = c.number('idleTimeoutMs', 0, MAX_DAY_MS, MESSAGES.idleTimeoutMs, true);
  if (idle !== undefined && idle > 0) o.idleTimeoutMs = idle;
  const ttl = c.number('ttl', 1, 255, MESSAGES.ttl, true);
  if (ttl !== undefined) o.ttl = ttl;
  return Object.keys(o).length > 0 ? o : undefined;
}

/** Server options; `reuse`: the listener has SO_REUSEADDR (not Unix sockets). */
function serverOptions(c: Checker, f: ConnectFields, reuse: boolean): ServerOptionsInput | undefined {
  const o: ServerOptionsInput = {};
  const welcome = c.payload('welcome', f.welcome, f.welcomeFormat);
  if (welcome) o.welcome = welcome;
  if (f.echo) o.echo = true;
  const maxClients = c.number('maxClients', 0, 1_000_000, MESSAGES.maxClients, true);
  if (maxClients !== undefined && maxClients > 0) o.maxClients = maxClients;
  if (reuse && !f.reuseAddress) o.reuseAddress = false;
  return Object.keys(o).length > 0 ? o : undefined;
}
