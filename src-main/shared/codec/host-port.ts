// How an address and port read: "127.0.0.1:7", "[::1]:7" (brackets keep an IPv6 port readable).

/** "host:port", with brackets around an IPv6 address (the only kind of host with a colon). */
export function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
