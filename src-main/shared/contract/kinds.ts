// THE kind table: every session kind is described once, here. The contract's kind lists, the
// Kind chooser, the tab's panels, the composer's targets and the words on the start/stop button
// all read it. Adding a kind: its session class (src-main/engine/kinds), its row here, its config
// schema (configs.ts) and, if new, its form fields.
import * as v from 'valibot';

/** How a kind talks: to one peer, to the clients it accepted, to whoever sent to it, or neither. */
export type KindRole =
  /** Connects to one peer (TCP, TLS, Unix stream/datagram/seqpacket client). */
  | 'client'
  /** Listens and accepts connections: a client list with a socket per client. */
  | 'listener'
  /** Binds a socket and hears from senders (UDP, Unix datagram server). */
  | 'bound'
  /** Sends its own echo requests and lists the replies. */
  | 'ping'
  /** A raw IP socket: sends and receives whole IP payloads of one protocol. */
  | 'raw';

export type KindGroup = 'Stream' | 'Datagram' | 'Sequenced packet' | 'Raw IP';

/** Parts of a tab beyond the status, the log and the socket options. */
export type KindPanel = 'composer' | 'multicast' | 'ping-replies' | 'ip-header-composer';

export interface KindInfo {
  /** In the Kind chooser and in messages: "TCP client". */
  label: string;
  /** Start of a tab's name: "TCP 127.0.0.1:7". */
  tabPrefix: string;
  group: KindGroup;
  /** Built on the native addon (src-main/native): unavailable, with the reason, where it did not build. */
  native: boolean;
  role: KindRole;
  /** The peer table it keeps: accepted clients, senders heard from, or none. */
  peers: 'clients' | 'senders' | null;
  /** How its addresses read: host and port, or a socket path. */
  addressing: 'ip' | 'unix';
  panels: readonly KindPanel[];
  /** The words on its one button. */
  start: string;
  stop: string;
}

// Row order is the Kind chooser's order within each group.
const KIND_TABLE = {
  'tcp-client': {
    label: 'TCP client', tabPrefix: 'TCP', group: 'Stream', native: false, role: 'client', peers: null,
    addressing: 'ip', panels: ['composer'], start: 'Connect', stop: 'Disconnect',
  },
  'tcp-server': {
    label: 'TCP server', tabPrefix: 'TCP server', group: 'Stream', native: false, role: 'listener', peers: 'clients',
    addressing: 'ip', panels: ['composer'], start: 'Listen', stop: 'Stop listening',
  },
  'tls-client': {
    label: 'TLS client', tabPrefix: 'TLS', group: 'Stream', native: false, role: 'client', peers: null,
    addressing: 'ip', panels: ['composer'], start: 'Connect', stop: 'Disconnect',
  },
  'tls-server': {
    label: 'TLS server', tabPrefix: 'TLS server', group: 'Stream', native: false, role: 'listener', peers: 'clients',
    addressing: 'ip', panels: ['composer'], start: 'Listen', stop: 'Stop listening',
  },
  'unix-client': {
    label: 'Unix client', tabPrefix: 'Unix', group: 'Stream', native: false, role: 'client', peers: null,
    addressing: 'unix', panels: ['composer'], start: 'Connect', stop: 'Disconnect',
  },
  'unix-server': {
    label: 'Unix server', tabPrefix: 'Unix server', group: 'Stream', native: false, role: 'listener', peers: 'clients',
    addressing: 'unix', panels: ['composer'], start: 'Listen', stop: 'Stop listening',
  },
  udp: {
    label: 'UDP', tabPrefix: 'UDP', group: 'Datagram', native: false, role: 'bound', peers: 'senders',
    addressing: 'ip', panels: ['composer', 'multicast'], start: 'Bind', stop: 'Close socket',
  },
  'unix-dgram-client': {
    label: 'Unix datagram client', tabPrefix: 'Unix datagram', group: 'Datagram', native: true, role: 'client', peers: null,
    addressing: 'unix', panels: ['composer'], start: 'Connect', stop: 'Disconnect',
  },
  'unix-dgram-server': {
    label: 'Unix datagram server', tabPrefix: 'Unix datagram server', group: 'Datagram', native: true, role: 'bound',
    peers: 'senders', addressing: 'unix', panels: ['composer'], start: 'Bind', stop: 'Close socket',
  },
  'unix-seqpacket-client': {
    label: 'Unix seqpacket client', tabPrefix: 'Unix seqpacket', group: 'Sequenced packet', native: true, role: 'client',
    peers: null, addressing: 'unix', panels: ['composer'], start: 'Connect', stop: 'Disconnect',
  },
  'unix-seqpacket-server': {
    label: 'Unix seqpacket server', tabPrefix: 'Unix seqpacket server', group: 'Sequenced packet', native: true,
    role: 'listener', peers: 'clients', addressing: 'unix', panels: ['composer'], start: 'Listen', stop: 'Stop listening',
  },
  ping: {
    label: 'Ping', tabPrefix: 'Ping', group: 'Raw IP', native: true, role: 'ping', peers: null,
    addressing: 'ip', panels: ['ping-replies'], start: 'Start', stop: 'Stop',
  },
  'raw-ip': {
    label: 'Raw IP', tabPrefix: 'Raw IP', group: 'Raw IP', native: true, role: 'raw', peers: null,
    addressing: 'ip', panels: ['composer', 'ip-header-composer'], start: 'Open socket', stop: 'Close socket',
  },
} as const satisfies Record<string, KindInfo>;

export type SessionKind = keyof typeof KIND_TABLE;
export const KINDS: Readonly<Record<SessionKind, KindInfo>> = KIND_TABLE;
export const SESSION_KINDS = Object.keys(KIND_TABLE) as SessionKind[];
export const SessionKind = v.picklist(SESSION_KINDS as [SessionKind, ...SessionKind[]]);

/** "TCP client" (a name that is not a kind reads as itself, e.g. in an error about it). */
export function kindLabel(kind: string): string {
  return Object.hasOwn(KIND_TABLE, kind) ? KIND_TABLE[kind as SessionKind].label : kind;
}

export function kindsWhere(test: (info: KindInfo) => boolean): SessionKind[] {
  return SESSION_KINDS.filter((kind) => test(KINDS[kind]));
}

/** Kinds built on the native addon: unavailable (and said why) when it did not build. */
export const NATIVE_KINDS: readonly SessionKind[] = kindsWhere((k) => k.native);

/** Kinds that keep a table of peers (connected clients, or the senders heard from). */
export const PEER_KINDS: readonly SessionKind[] = kindsWhere((k) => k.peers !== null);

export const KIND_GROUPS: readonly { label: KindGroup; kinds: readonly SessionKind[] }[] = (
  ['Stream', 'Datagram', 'Sequenced packet', 'Raw IP'] as const
).map((label) => ({ label, kinds: kindsWhere((k) => k.group === label) }));

/** Kinds that listen for connections (and keep a client table with a socket per client). */
export function isListener(kind: SessionKind): boolean {
  return KINDS[kind].role === 'listener';
}
