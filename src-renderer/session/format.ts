// How numbers, times, addresses and states read on screen. Pure functions only.
import { isListener, KINDS, type Endpoint, type PeerCounts, type SessionConfigInput, type SessionKind, type SessionSnapshot, type WireError } from '$shared/contract.js';
import { formatHostPort } from '$shared/codec/host-port.js';
import { i18n, m } from '../i18n/i18n.svelte.js';
import { kindWords } from '../i18n/words.js';
import { errorSentence } from '../i18n/errors.js';

export { formatHostPort, isListener };

/** "0 B", "512 B", "1.5 KiB", "20.0 MiB": exact below 1 KiB, one decimal above. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

const COUNTS = {
  client: m.count_client,
  'closed client': m.count_closed_client,
  entry: m.count_entry,
  'failed check': m.count_failed_check,
  message: m.count_message,
  profile: m.count_profile,
  request: m.count_request,
  'rule set': m.count_rule_set,
  'selected client': m.count_selected_client,
  send: m.count_send,
  sender: m.count_sender,
  sequence: m.count_sequence,
  step: m.count_step,
  rule: m.count_rule,
  hit: m.count_hit,
  byte: m.count_byte,
  name: m.count_name,
} as const;
export type CountedThing = keyof typeof COUNTS;

/** A whole number in the language's digits grouping: "12,345". */
export function formatNumber(n: number): string {
  return n.toLocaleString(i18n.locale === 'zh-CN' ? 'zh-CN' : 'en-US');
}

/** "1 message", "2 messages"; "2 条报文". */
export function formatCount(n: number, thing: CountedThing): string {
  return COUNTS[thing]({ count: n, n: formatNumber(n) });
}

/** Local wall-clock time with milliseconds: "14:03:07.125". */
export function formatTime(ts: number): string {
  const d = new Date(ts);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

export function formatEndpoint(e: Endpoint): string {
  return e.family === 'unix' ? e.address : formatHostPort(e.address, e.port);
}

/** An error in words (in the language in force), with its code for searching and bug reports. */
export function formatError(e: WireError): string {
  return `${errorSentence(e)} (${e.code})`;
}

/** What starting and stopping a session of a kind is called on its one button. */
export function actionLabels(kind: SessionKind): { start: string; stop: string } {
  const { start, stop } = kindWords(kind);
  return { start, stop };
}

/** Where a config points: a client's remote host:port or path, a listener's local address:port or path. */
export function configAddress(config: SessionConfigInput): string {
  if ('path' in config) return config.path;
  if (config.kind === 'raw-ip') return config.host === undefined ? m.protocol_n({ protocol: config.protocol }) : `${config.host} ${m.protocol_n({ protocol: config.protocol })}`;
  if ('host' in config) return 'port' in config ? formatHostPort(config.host, config.port) : config.host;
  // A listener or a bound socket: where it binds (the contract's defaults when left out).
  const fallback = config.kind === 'udp' ? '0.0.0.0' : '::';
  return formatHostPort(config.localAddress ?? fallback, config.localPort ?? 0);
}

/**
 * The short target a tab is named after, e.g. "TCP 127.0.0.1:7", "TCP server [::]:5000";
 * `local`: where a listener or UDP socket actually is bound (port 0 picks one).
 */
export function targetLabel(config: SessionConfigInput, local: Endpoint | null = null): string {
  // Port 0 picks a free port: once bound, the tab shows the one it got (a path needs no such help).
  const info = KINDS[config.kind];
  const bound = (info.role === 'listener' || info.role === 'bound') && info.addressing === 'ip';
  return `${kindWords(config.kind).tabPrefix} ${bound && local ? formatEndpoint(local) : configAddress(config)}`;
}

/** What is under way while a session starts: "Connecting to 127.0.0.1:7…", "Binding to 0.0.0.0:0…". */
export function startingText(config: SessionConfigInput): string {
  const address = configAddress(config);
  switch (KINDS[config.kind].role) {
    case 'client':
      return m.status_connecting_to({ address });
    case 'listener':
      return m.status_starting_listen_on({ address });
    case 'bound':
      return m.status_binding_to({ address });
    case 'ping':
      return m.status_starting_ping({ address });
    case 'raw':
      return config.kind === 'raw-ip' ? m.status_opening_raw_for({ protocol: config.protocol }) : m.status_opening_raw();
  }
}

/** "3 clients open, 1 rejected" (rejections only when there were any). */
export function peerCountsText(peers: PeerCounts): string {
  const open = m.clients_open({ count: peers.open, n: formatNumber(peers.open) });
  return peers.rejected > 0 ? m.open_rejected({ open, rejected: formatNumber(peers.rejected) }) : open;
}

/**
 * The one-line state shown in the status line. `actionError` is an error result from the last
 * connect or disconnect that the snapshot does not (yet) carry, e.g. an invalid payload.
 * `peers`: the newest peer counts (log.grew carries them more often than the snapshot).
 */
export function statusText(s: SessionSnapshot, actionError: WireError | null = null, peers: PeerCounts | null = s.peers): string {
  if (actionError && (s.status === 'idle' || s.status === 'closed' || s.status === 'failed')) {
    return m.status_failed_because({ error: formatError(actionError) });
  }
  const kind = s.config?.kind ?? s.kind;
  const role = KINDS[kind].role;
  const listener = role === 'listener';
  const socketOnly = role === 'bound' || role === 'raw';
  switch (s.status) {
    case 'idle':
      return m.status_idle();
    case 'connecting':
      if (s.config) return startingText(s.config);
      return listener ? m.status_starting_listen() : role === 'ping' ? m.status_starting() : socketOnly ? m.status_opening_socket() : m.status_connecting();
    case 'open': {
      // An open session can still carry an error, e.g. its log could not spill and it stopped reading.
      const open = openText(s, kind, peers);
      return s.error ? `${open} — ${formatError(s.error)}` : open;
    }
    case 'closing':
      return m.status_closing();
    case 'closed': {
      let who: string;
      if (listener) who = s.closedBy === 'local' ? m.status_stopped_listening() : m.status_listener_closed();
      else if (socketOnly) who = m.status_socket_closed();
      else if (role === 'ping') who = s.closedBy === 'local' ? m.status_stopped() : m.status_finished();
      else who = s.closedBy === 'peer' ? m.status_closed_by_peer() : s.closedBy === 'local' ? m.status_closed_by_you() : m.status_closed();
      if (listener && peers && peers.open > 0) who += ` — ${m.clients_still_open({ count: peers.open, n: formatNumber(peers.open) })}`;
      return s.error ? `${who} — ${formatError(s.error)}` : who;
    }
    case 'failed':
      return s.error ? m.status_failed_because({ error: formatError(s.error) }) : m.status_failed();
  }
}

function openText(s: SessionSnapshot, kind: SessionKind, peers: PeerCounts | null): string {
  const unknown = m.unknown();
  const local = s.local ? formatEndpoint(s.local) : unknown;
  const own = !s.local && s.config ? configAddress(s.config) : local;
  const info = KINDS[kind];
  switch (info.role) {
    case 'listener':
      return peers ? `${m.status_listening_on({ address: own })} — ${peerCountsText(peers)}` : m.status_listening_on({ address: own });
    case 'bound':
      return m.status_bound_to({ address: own });
    case 'client': {
      if (info.addressing === 'unix') {
        return m.status_connected_to({ address: s.config ? configAddress(s.config) : s.remote ? formatEndpoint(s.remote) : unknown });
      }
      const remote = s.remote ? formatEndpoint(s.remote) : unknown;
      return m.status_connected_local_remote({ local, remote });
    }
    case 'ping': {
      const target = s.ping?.target ?? (s.config ? configAddress(s.config) : unknown);
      const how = s.ping?.socket === 'datagram' ? ` ${m.ping_datagram_socket()}` : s.ping?.socket === 'raw' ? ` ${m.ping_raw_socket()}` : '';
      return s.ping && !s.ping.running ? `${m.status_finished_pinging({ target })}${how}` : `${m.status_pinging({ target })}${how}`;
    }
    case 'raw':
      return s.config ? `${m.status_raw_open()} — ${configAddress(s.config)}` : m.status_raw_open();
  }
}
