// The connect form's fields for every session kind, as typed (strings) and ticked (booleans),
// their defaults per kind, and a config read back into fields (a restored tab). Pure.
import { INPUT_FORMATS, KINDS, type InputFormat, type SessionConfig, type SessionKind } from '$shared/contract.js';

/** Text inputs, in form order (the first one with an error gets focus). */
export const TEXT_FIELDS = [
  'path',
  'localPath',
  'host',
  'port',
  'protocol',
  'localAddress',
  'localPort',
  'intervalMs',
  'count',
  'timeoutMs',
  'identifier',
  'payloadSize',
  'payload',
  'servername',
  'alpn',
  'caFile',
  'certFile',
  'keyLogFile',
  'keyFile',
  'welcome',
  'maxClients',
  'keepAliveDelayMs',
  'idleTimeoutMs',
  'ttl',
  'multicastTtl',
  'multicastInterface',
] as const;
export type FieldName = (typeof TEXT_FIELDS)[number];

export const FLAG_FIELDS = [
  'ipv6Only',
  'noDelay',
  'keepAlive',
  'echo',
  'reuseAddress',
  'broadcast',
  'multicastLoopback',
  'verify',
  'requestClientCert',
  'requireClientCert',
  'removeStale',
  'includeHeader',
] as const;
export type FlagName = (typeof FLAG_FIELDS)[number];

export const FORMAT_FIELDS = ['welcomeFormat', 'payloadFormat'] as const;
export type FormatName = (typeof FORMAT_FIELDS)[number];

/** Ping: which address of the host; Raw IP: which socket family ('any' is ping-only). */
export type IpFamily = 'any' | 'ipv4' | 'ipv6';
/** Ping: a raw ICMP socket, an unprivileged datagram one, or whichever works. */
export type IcmpSocket = 'auto' | 'raw' | 'datagram';

export const CHOICE_FIELDS = ['family', 'icmpSocket'] as const;
export type ChoiceFields = { family: IpFamily; icmpSocket: IcmpSocket };

export type ConnectFields = { kind: SessionKind } & Record<FieldName, string> &
  Record<FlagName, boolean> &
  Record<FormatName, InputFormat> &
  ChoiceFields;
export type FieldErrors = Partial<Record<FieldName, string>>;

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_KEEPALIVE_DELAY_MS = 60_000;
export const PING_DEFAULTS = { intervalMs: 1000, timeoutMs: 2000, count: 0, payloadSize: 56 } as const;
/** Raw IP's protocol before the user picks one: 253, set aside for experiments (RFC 3692). */
export const DEFAULT_RAW_PROTOCOL = 253;

/** Whether a kind's address is a Unix socket path (from the kind table). */
export function isUnixKind(kind: SessionKind): boolean {
  return KINDS[kind].addressing === 'unix';
}

/** Unix listeners and bound sockets, which may find a stale socket file at their path. */
export function isUnixServer(kind: SessionKind): boolean {
  return isUnixKind(kind) && KINDS[kind].role !== 'client';
}

/** The form of a new tab of `kind`: what main would use if nothing were typed. */
export function defaultFields(kind: SessionKind): ConnectFields {
  return {
    kind,
    path: '',
    host: '',
    port: '',
    localAddress: kind === 'tcp-server' || kind === 'tls-server' ? '::' : kind === 'udp' ? '0.0.0.0' : '',
    localPort: KINDS[kind].role === 'listener' || kind === 'udp' ? '0' : '',
    localPath: '',
    protocol: String(DEFAULT_RAW_PROTOCOL),
    intervalMs: String(PING_DEFAULTS.intervalMs),
    count: String(PING_DEFAULTS.count),
    timeoutMs: String(kind === 'ping' ? PING_DEFAULTS.timeoutMs : DEFAULT_TIMEOUT_MS),
    identifier: '',
    payloadSize: String(PING_DEFAULTS.payloadSize),
    payload: '',
    servername: '',
    alpn: '',
    caFile: '',
    certFile: '',
    keyLogFile: '',
    keyFile: '',
    welcome: '',
    maxClients: '0',
    keepAliveDelayMs: String(DEFAULT_KEEPALIVE_DELAY_MS),
    idleTimeoutMs: '0',
    ttl: '',
    multicastTtl: '',
    multicastInterface: '',
    ipv6Only: false,
    noDelay: true,
    keepAlive: false,
    echo: false,
    // SO_REUSEADDR: on for listeners (a restart does not wait out TIME_WAIT), off for UDP.
    reuseAddress: KINDS[kind].role === 'listener',
    broadcast: false,
    multicastLoopback: true,
    verify: true,
    requestClientCert: false,
    requireClientCert: false,
    removeStale: false,
    includeHeader: false,
    welcomeFormat: 'text',
    payloadFormat: 'text',
    family: kind === 'ping' ? 'any' : 'ipv4',
    icmpSocket: 'auto',
  };
}

/**
 * The fields after the kind changes from `fields.kind` to `kind`: a value the user left at the
 * old kind's default takes the new kind's default; anything typed stays.
 */
export function switchKind(fields: ConnectFields, kind: SessionKind): ConnectFields {
  const before = defaultFields(fields.kind);
  const after = defaultFields(kind);
  const next: ConnectFields = { ...fields, kind };
  for (const name of [...TEXT_FIELDS, ...FLAG_FIELDS, ...FORMAT_FIELDS, ...CHOICE_FIELDS]) {
    if (fields[name] === before[name]) (next as Record<string, unknown>)[name] = after[name];
  }
  return next;
}

/** The fields that would produce `config` (a tab restored from main). */
export function fieldsFromConfig(config: SessionConfig): ConnectFields {
  const f = defaultFields(config.kind);
  const num = (n: number | undefined): string => (n === undefined ? '' : String(n));
  if ('host' in config) f.host = config.host ?? '';
  if ('port' in config) f.port = String(config.port);
  if ('timeoutMs' in config) f.timeoutMs = String(config.timeoutMs);
  if ('path' in config) f.path = config.path;
  if ('removeStale' in config) f.removeStale = config.removeStale;
  if ('localAddress' in config && config.localAddress !== undefined) f.localAddress = config.localAddress;
  if ('localPort' in config && config.localPort !== undefined) f.localPort = String(config.localPort);
  if ('ipv6Only' in config) f.ipv6Only = config.ipv6Only;
  if ('options' in config) {
    f.noDelay = config.options.noDelay;
    f.keepAlive = config.options.keepAlive;
    f.keepAliveDelayMs = String(config.options.keepAliveDelayMs);
    f.idleTimeoutMs = String(config.options.idleTimeoutMs);
    f.ttl = num(config.options.ttl);
  }
  if ('server' in config) {
    const s = config.server;
    f.welcome = s.welcome?.text ?? '';
    f.welcomeFormat = s.welcome?.format ?? 'text';
    f.echo = s.echo;
    f.maxClients = String(s.maxClients);
    f.reuseAddress = s.reuseAddress;
  }
  if ('alpn' in config) f.alpn = config.alpn.join(', ');
  if ('caFile' in config) f.caFile = config.caFile ?? '';
  if ('certFile' in config) f.certFile = config.certFile ?? '';
  if ('keyLogFile' in config) f.keyLogFile = config.keyLogFile ?? '';
  if ('keyFile' in config) f.keyFile = config.keyFile ?? '';
  switch (config.kind) {
    case 'tls-client':
      f.servername = config.servername ?? '';
      f.verify = config.verify;
      break;
    case 'tls-server':
      f.requestClientCert = config.requestClientCert;
      f.requireClientCert = config.requireClientCert;
      break;
    case 'udp':
      f.host = config.remoteHost ?? '';
      f.port = num(config.remotePort);
      f.broadcast = config.broadcast;
      f.reuseAddress = config.reuseAddress;
      f.ttl = num(config.ttl);
      f.multicastTtl = num(config.multicastTtl);
      f.multicastLoopback = config.multicastLoopback;
      f.multicastInterface = config.multicastInterface ?? '';
      break;
    case 'ping':
      f.family = config.family;
      f.intervalMs = String(config.intervalMs);
      f.count = String(config.count);
      f.identifier = num(config.identifier);
      f.payloadSize = String(config.payloadSize);
      f.payload = config.payload?.text ?? '';
      f.payloadFormat = config.payload?.format ?? 'text';
      f.ttl = num(config.ttl);
      f.icmpSocket = config.socket;
      break;
    case 'raw-ip':
      f.family = config.family;
      f.protocol = String(config.protocol);
      f.includeHeader = config.includeHeader;
      break;
    case 'unix-dgram-client':
      f.localPath = config.localPath ?? '';
      break;
  }
  return f;
}

const CHOICES: { [K in keyof ChoiceFields]: readonly ChoiceFields[K][] } = {
  family: ['any', 'ipv4', 'ipv6'],
  icmpSocket: ['auto', 'raw', 'datagram'],
};

/**
 * A form saved with the workspace, back as fields: each value of the right type is taken, the
 * rest (a field a later version added, or one of another type) keeps the kind's default.
 */
export function fieldsFromSaved(kind: SessionKind, saved: Readonly<Record<string, string | boolean>>): ConnectFields {
  const fields = defaultFields(kind);
  const out = fields as unknown as Record<string, string | boolean>;
  const has = (name: string): boolean => Object.hasOwn(saved, name);
  for (const name of TEXT_FIELDS) if (has(name) && typeof saved[name] === 'string') out[name] = saved[name];
  for (const name of FLAG_FIELDS) if (has(name) && typeof saved[name] === 'boolean') out[name] = saved[name];
  for (const name of FORMAT_FIELDS) {
    const value = saved[name];
    if (has(name) && (INPUT_FORMATS as readonly unknown[]).includes(value)) out[name] = value as InputFormat;
  }
  for (const name of CHOICE_FIELDS) {
    const value = saved[name];
    if (has(name) && (CHOICES[name] as readonly unknown[]).includes(value)) out[name] = value as string;
  }
  return fields;
}
