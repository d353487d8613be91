// Which log entries start with an IPv4 header, so the entry detail decodes it above the payload:
// a raw IPv4 socket receives whole packets, and with IP_HDRINCL it sends them too. (Ping logs
// ICMP messages without the IP header; IPv6 raw sockets never see the IPv6 header.)
import type { LogEntry, SessionConfig } from '$shared/contract.js';

/** A test of whether an entry of a session with this config carries an IPv4 header, if any can. */
export function ipv4HeaderEntries(config: SessionConfig | null): ((entry: LogEntry) => boolean) | undefined {
  if (config?.kind !== 'raw-ip' || config.family !== 'ipv4') return undefined;
  const includeHeader = config.includeHeader;
  return (entry) => entry.dir === 'in' || includeHeader;
}
