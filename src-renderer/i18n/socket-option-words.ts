// What each socket option does, in the language in force (the contract keeps the English for
// the CLI and tests).
import type { SocketOptionName } from '$shared/contract.js';
import { m } from './i18n.svelte.js';

const ABOUT: Record<SocketOptionName, () => string> = {
  SO_RCVBUF: m.sockopt_about_so_rcvbuf,
  SO_SNDBUF: m.sockopt_about_so_sndbuf,
  SO_RCVBUFFORCE: m.sockopt_about_so_rcvbufforce,
  SO_SNDBUFFORCE: m.sockopt_about_so_sndbufforce,
  SO_LINGER: m.sockopt_about_so_linger,
  SO_KEEPALIVE: m.sockopt_about_so_keepalive,
  SO_REUSEADDR: m.sockopt_about_so_reuseaddr,
  SO_REUSEPORT: m.sockopt_about_so_reuseport,
  SO_BROADCAST: m.sockopt_about_so_broadcast,
  SO_RCVLOWAT: m.sockopt_about_so_rcvlowat,
  SO_SNDLOWAT: m.sockopt_about_so_sndlowat,
  SO_PRIORITY: m.sockopt_about_so_priority,
  SO_MARK: m.sockopt_about_so_mark,
  SO_BINDTODEVICE: m.sockopt_about_so_bindtodevice,
  SO_ERROR: m.sockopt_about_so_error,
  SO_TYPE: m.sockopt_about_so_type,
  IP_TOS: m.sockopt_about_ip_tos,
  IP_TTL: m.sockopt_about_ip_ttl,
  IP_HDRINCL: m.sockopt_about_ip_hdrincl,
  IP_RECVTTL: m.sockopt_about_ip_recvttl,
  IP_MULTICAST_TTL: m.sockopt_about_ip_multicast_ttl,
  IP_MULTICAST_LOOP: m.sockopt_about_ip_multicast_loop,
  IP_MTU_DISCOVER: m.sockopt_about_ip_mtu_discover,
  IPV6_V6ONLY: m.sockopt_about_ipv6_v6only,
  IPV6_UNICAST_HOPS: m.sockopt_about_ipv6_unicast_hops,
  IPV6_MULTICAST_HOPS: m.sockopt_about_ipv6_multicast_hops,
  IPV6_TCLASS: m.sockopt_about_ipv6_tclass,
  TCP_NODELAY: m.sockopt_about_tcp_nodelay,
  TCP_MAXSEG: m.sockopt_about_tcp_maxseg,
  TCP_KEEPIDLE: m.sockopt_about_tcp_keepidle,
  TCP_KEEPINTVL: m.sockopt_about_tcp_keepintvl,
  TCP_KEEPCNT: m.sockopt_about_tcp_keepcnt,
  TCP_CORK: m.sockopt_about_tcp_cork,
  TCP_QUICKACK: m.sockopt_about_tcp_quickack,
  TCP_USER_TIMEOUT: m.sockopt_about_tcp_user_timeout,
  TCP_CONGESTION: m.sockopt_about_tcp_congestion,
};

export function socketOptionAbout(name: SocketOptionName): string {
  return ABOUT[name]();
}
