// Words for the contract's names (kinds, their groups and buttons) in the language in force.
// The contract keeps its English names for the CLI and logs; the renderer shows these.
import type { ChecksumAlgorithm, KindGroup, SessionKind } from '$shared/contract.js';
import { CHECKSUM_LABELS } from '$shared/codec/checksum.js';
import { m } from './i18n.svelte.js';

export interface KindWords {
  /** In the Kind chooser: "TCP client". */
  label: string;
  /** Start of a tab's name: "TCP server [::]:5000". */
  tabPrefix: string;
  /** The words on its one button. */
  start: string;
  stop: string;
}

const KIND_WORDS: Record<SessionKind, () => KindWords> = {
  'tcp-client': () => ({ label: m.kind_tcp_client(), tabPrefix: 'TCP', start: m.action_connect(), stop: m.action_disconnect() }),
  'tcp-server': () => ({ label: m.kind_tcp_server(), tabPrefix: m.kind_tcp_server(), start: m.action_listen(), stop: m.action_stop_listening() }),
  'tls-client': () => ({ label: m.kind_tls_client(), tabPrefix: 'TLS', start: m.action_connect(), stop: m.action_disconnect() }),
  'tls-server': () => ({ label: m.kind_tls_server(), tabPrefix: m.kind_tls_server(), start: m.action_listen(), stop: m.action_stop_listening() }),
  'unix-client': () => ({ label: m.kind_unix_client(), tabPrefix: 'Unix', start: m.action_connect(), stop: m.action_disconnect() }),
  'unix-server': () => ({ label: m.kind_unix_server(), tabPrefix: m.kind_unix_server(), start: m.action_listen(), stop: m.action_stop_listening() }),
  udp: () => ({ label: 'UDP', tabPrefix: 'UDP', start: m.action_bind(), stop: m.action_close_socket() }),
  'unix-dgram-client': () => ({ label: m.kind_unix_dgram_client(), tabPrefix: m.kind_unix_dgram(), start: m.action_connect(), stop: m.action_disconnect() }),
  'unix-dgram-server': () => ({ label: m.kind_unix_dgram_server(), tabPrefix: m.kind_unix_dgram_server(), start: m.action_bind(), stop: m.action_close_socket() }),
  'unix-seqpacket-client': () => ({ label: m.kind_unix_seqpacket_client(), tabPrefix: m.kind_unix_seqpacket(), start: m.action_connect(), stop: m.action_disconnect() }),
  'unix-seqpacket-server': () => ({ label: m.kind_unix_seqpacket_server(), tabPrefix: m.kind_unix_seqpacket_server(), start: m.action_listen(), stop: m.action_stop_listening() }),
  ping: () => ({ label: 'Ping', tabPrefix: 'Ping', start: m.action_start(), stop: m.stop() }),
  'raw-ip': () => ({ label: m.raw_ip(), tabPrefix: m.raw_ip(), start: m.action_open_socket(), stop: m.action_close_socket() }),
};

export function kindWords(kind: SessionKind): KindWords {
  return KIND_WORDS[kind]();
}

/** "TCP client"; a name that is not a kind reads as itself. */
export function kindName(kind: string): string {
  return Object.hasOwn(KIND_WORDS, kind) ? KIND_WORDS[kind as SessionKind]().label : kind;
}

const GROUP_WORDS: Record<KindGroup, () => string> = {
  Stream: () => m.group_stream(),
  Datagram: () => m.group_datagram(),
  'Sequenced packet': () => m.group_seqpacket(),
  'Raw IP': () => m.raw_ip(),
};

export function groupName(group: KindGroup): string {
  return GROUP_WORDS[group]();
}

/** A checksum algorithm's name: the protocol names stay, "Internet" is translated. */
export function checksumLabel(algorithm: ChecksumAlgorithm): string {
  return algorithm === 'internet' ? m.checksum_internet() : CHECKSUM_LABELS[algorithm];
}
