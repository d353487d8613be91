// How numbers, times, addresses and states read on screen. Pure functions only.
import { isListener, KINDS, type Endpoint, type PeerCounts, type SessionConfigInput, type SessionKind, type SessionSnapshot, type WireError } from '$shared/contract.js';
import { formatHostPort } from '$shared/codec/host-port.js';

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

/** "1 message", "2 messages". */
export function formatCount(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? singular : plural}`;
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

/** An error in words, with its code for searching and bug reports. */
export function formatError(e: WireError): string {
  return `${e.message} (${e.code})`;
}

/** What starting and stopping a session of a kind is called on its one button. */
export function actionLabels(kind: SessionKind): { start: string; stop: string } {
  const { start, stop } = KINDS[kind];
  return { start, stop };
}

/** Where a config points: a client's remote host:port or path, a listener's local address:port or path. */
export function configAddress(config: SessionConfigInput): string {
  if ('path' in config) return config.path;
  if (config.kind === 'raw-ip') return config.host === undefined ? `protocol ${config.protocol}` : `${config.host} protocol ${config.protocol}`;
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
  return `${info.tabPrefix} ${bound && local ? formatEndpoint(local) : configAddress(config)}`;
}

/** What is under way while a session starts: "Connecting to 127.0.0.1:7…", "Binding to 0.0.0.0:0…". */
export function startingText(config: SessionConfigInput): string {
  const address = configAddress(config);
  switch (KINDS[config.kind].role) {
    case 'client':
      return `Connecting to ${address}…`;
    case 'listener':
      return `Starting to listen on ${address}…`;
    case 'bound':
      return `Binding to ${address}…`;
    case 'ping':
      return `Starting to ping ${address}…`;
    case 'raw':
      return config.kind === 'raw-ip' ? `Opening a raw socket for protocol ${config.protocol}…` : `Opening a raw socket…`;
  }
}

/** "3 clients open, 1 rejected" (rejections only when there were any). */
export function peerCountsText(peers: PeerCounts): string {
  const open = `${formatCount(peers.open, 'client')} open`;
  return peers.rejected > 0 ? `${open}, ${peers.rejected.toLocaleString('en-US')} rejected` : open;
}

/**
 * The one-line state shown in the status line. `actionError` is an error result from the last
 * connect or disconnect that the snapshot does not (yet) carry, e.g. an invalid payload.
 * `peers`: the newest peer counts (log.grew carries them more often than the snapshot).
 */
export function statusText(s: SessionSnapshot, actionError: WireError | null = null, peers: PeerCounts | null = s.peers): string {
  if (actionError && (s.status === 'idle' || s.status === 'closed' || s.status === 'failed')) {
    return `Failed: ${formatError(actionError)}`;
  }
  const kind = s.config?.kind ?? s.kind;
  const role = KINDS[kind].role;
  const listener = role === 'listener';
  const socketOnly = role === 'bound' || role === 'raw';
  switch (s.status) {
    case 'idle':
      return 'Idle';
    case 'connecting':
      if (s.config) return startingText(s.config);
      return listener ? 'Starting to listen…' : role === 'ping' ? 'Starting…' : socketOnly ? 'Opening the socket…' : 'Connecting…';
    case 'open': {
      // An open session can still carry an error, e.g. its log could not spill and it stopped reading.
      const open = openText(s, kind, peers);
      return s.error ? `${open} — ${formatError(s.error)}` : open;
    }
    case 'closing':
      return 'Closing…';
    case 'closed': {
      let who: string;
      if (listener) who = s.closedBy === 'local' ? 'Stopped listening' : 'Listener closed';
      else if (socketOnly) who = 'Socket closed';
      else if (role === 'ping') who = s.closedBy === 'local' ? 'Stopped' : 'Finished';
      else who = s.closedBy === 'peer' ? 'Closed by peer' : s.closedBy === 'local' ? 'Closed by you' : 'Closed';
      if (listener && peers && peers.open > 0) who += ` — ${formatCount(peers.open, 'client')} still open`;
      return s.error ? `${who} — ${formatError(s.error)}` : who;
    }
    case 'failed':
      return s.error ? `Failed: ${formatError(s.error)}` : 'Failed';
  }
}

function openText(s: SessionSnapshot, kind: SessionKind, peers: PeerCounts | null): string {
  const local = s.local ? formatEndpoint(s.local) : 'unknown';
  const own = !s.local && s.config ? configAddress(s.config) : local;
  const info = KINDS[kind];
  switch (info.role) {
    case 'listener':
      return peers ? `Listening on ${own} — ${peerCountsText(peers)}` : `Listening on ${own}`;
    case 'bound':
      return `Bound to ${own}`;
    case 'client': {
      if (info.addressing === 'unix') {
        return `Connected to ${s.config ? configAddress(s.config) : s.remote ? formatEndpoint(s.remote) : 'unknown'}`;
      }
      const remote = s.remote ? formatEndpoint(s.remote) : 'unknown';
      return `Connected — local ${local} → remote ${remote}`;
    }
    case 'ping': {
      const target = s.ping?.target ?? (s.config ? configAddress(s.config) : 'unknown');
      const how = s.ping?.socket === 'datagram' ? ' (datagram ICMP socket)' : s.ping?.socket === 'raw' ? ' (raw socket)' : '';
      return s.ping && !s.ping.running ? `Finished pinging ${target}${how}` : `Pinging ${target}${how}`;
    }
    case 'raw':
      return s.config ? `Raw socket open — ${configAddress(s.config)}` : 'Raw socket open';
  }
}
