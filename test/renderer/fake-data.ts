// What renderer tests build their fake main from: capabilities, ping summaries, log entries,
// logs made on request, open snapshots and socket option read-backs, as main would send them.
import * as v from 'valibot';
import {
  NATIVE_KINDS,
  SESSION_KINDS,
  SOCKET_OPTION_NAMES,
  SOCKET_OPTIONS,
  SessionConfig,
  type Capabilities,
  type CommandInput,
  type LogEntry,
  type PingRow,
  type PingSummary,
  type SessionConfigInput,
  type SessionSnapshot,
  type SocketOptionReading,
  type SocketOptionValue,
} from '../../src-main/shared/contract.js';
import { idleSnapshot } from '../helpers/snapshots.js';

/** A log whose entries are made on request, so a million of them cost nothing. */
export interface FakeLog {
  count: number;
  entry: (seq: number) => LogEntry;
}


const encoder = new TextEncoder();

export function bytesOf(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Ping rows made on request (a million cost nothing), and the totals main reports with them. */
export interface FakePing {
  count: number;
  row: (index: number) => PingRow;
  summary: PingSummary;
}

/** A machine where every kind works; Ping and Raw IP carry the privilege note. */
export function allCapabilities(): Capabilities {
  const kinds = Object.fromEntries(SESSION_KINDS.map((k) => [k, { available: true, reason: null, note: null }])) as Capabilities['kinds'];
  kinds.ping = { available: true, reason: null, note: 'Uses a raw ICMP socket (needs root or CAP_NET_RAW), else a datagram ICMP socket.' };
  kinds['raw-ip'] = { available: true, reason: null, note: 'Needs root or CAP_NET_RAW.' };
  return { platform: 'linux', native: { loaded: true, reason: null }, kinds, socketOptions: [...SOCKET_OPTION_NAMES] };
}

/** A machine where the native addon did not load: its kinds say why. */
export function withoutNative(reason = 'The native addon did not build: node-gyp found no C compiler.'): Capabilities {
  const caps = allCapabilities();
  caps.native = { loaded: false, reason };
  for (const kind of NATIVE_KINDS) caps.kinds[kind] = { available: false, reason, note: null };
  return caps;
}

/** Summary of a ping that has not started. */
export function emptyPingSummary(overrides: Partial<PingSummary> = {}): PingSummary {
  return {
    socket: null,
    target: null,
    identifier: null,
    running: false,
    sent: 0,
    received: 0,
    timeouts: 0,
    errors: 0,
    lossPercent: null,
    minMs: null,
    avgMs: null,
    maxMs: null,
    ...overrides,
  };
}

/** An entry at a fixed time; `bytes` is the whole chunk. */
export function makeEntry(seq: number, dir: 'in' | 'out', bytes: Uint8Array, ts = Date.UTC(2024, 0, 1, 12, 0, 0, 0) + seq): LogEntry {
  return { seq, ts, dir, size: bytes.length, bytes, peer: '127.0.0.1:7', peerId: null };
}

/** A log of fixed entries. */
export function logOf(entries: LogEntry[]): FakeLog {
  return {
    get count() {
      return entries.length;
    },
    entry: (seq) => entries[seq]!,
  };
}

/** An open session for a config as a caller writes it (defaults are filled in, as main does). */
export function openSnapshot(id: string, input: SessionConfigInput, overrides: Partial<SessionSnapshot> = {}): SessionSnapshot {
  const config = v.parse(SessionConfig, input);
  const remote = 'host' in config && 'port' in config ? { address: config.host, port: config.port, family: 'IPv4' as const } : null;
  return idleSnapshot(id, {
    kind: config.kind,
    status: 'open',
    config,
    resolved: ['127.0.0.1'],
    local: { address: '127.0.0.1', port: 5123, family: 'IPv4' },
    remote,
    openedAt: Date.UTC(2024, 0, 1, 12, 0, 0),
    ...overrides,
  });
}

export type OptionRef = CommandInput<'sockopt.get'>['option'];

export function optionKey(option: OptionRef): string {
  return option.type === 'name' ? option.name : `${option.level}/${option.option}`;
}

/** A read-back as main gives one (levels numbered as on Linux; option numbers only when asked by number). */
export function reading(option: OptionRef, value: SocketOptionValue): SocketOptionReading {
  const name = option.type === 'name' ? option.name : null;
  const level = option.type === 'number' ? option.level : name ? LEVEL_NUMBERS[SOCKET_OPTIONS[name].level] : 0;
  const number = option.type === 'number' ? option.option : 0;
  return { name, level, option: number, value, hex: hexOf(value), display: displayOf(value) };
}

const LEVEL_NUMBERS = { SOL_SOCKET: 1, IPPROTO_IP: 0, IPPROTO_IPV6: 41, IPPROTO_TCP: 6 } as const;

function displayOf(value: SocketOptionValue): string {
  switch (value.type) {
    case 'int':
      return String(value.value);
    case 'bool':
      return value.value ? 'on' : 'off';
    case 'linger':
      return value.on ? `on, ${value.seconds} s` : 'off';
    case 'text':
    case 'hex':
      return value.value;
  }
}

function hexOf(value: SocketOptionValue): string {
  const int = (n: number): string => [0, 8, 16, 24].map((shift) => ((n >>> shift) & 0xff).toString(16).padStart(2, '0')).join(' ');
  switch (value.type) {
    case 'int':
      return int(value.value);
    case 'bool':
      return int(value.value ? 1 : 0);
    case 'linger':
      return `${int(value.on ? 1 : 0)} ${int(value.seconds)}`;
    case 'text':
      return [...new TextEncoder().encode(value.value)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    case 'hex':
      return value.value;
  }
}
