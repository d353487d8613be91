// The shape of the native addon (src-main/native/*.c, built from binding.gyp) as the engine sees it,
// through the wrapper in native.ts. Only what Node itself cannot do: raw IP/ICMP sockets,
// AF_UNIX datagram and seqpacket sockets, and getsockopt/setsockopt on any socket.

/** A socket address. Unix: a path, '@name' for a Linux abstract name, '' for an unnamed socket. */
export type NativeAddress =
  | { family: 'unix'; path: string }
  | { family: 'IPv4' | 'IPv6'; address: string; port: number; scopeId?: number };

/** One datagram / packet / seqpacket message as recvmsg returned it. */
export interface NativeMessage {
  data: Buffer;
  /** Who sent it (recvfrom's address); null when the OS gave none (e.g. an unnamed Unix sender). */
  from: NativeAddress | null;
  /** IPv4 TTL or IPv6 hop limit from ancillary data, when the socket asked for it (IP_RECVTTL, IPV6_RECVHOPLIMIT). */
  ttl: number | null;
  /** The message was longer than the receive buffer (MSG_TRUNC). */
  truncated: boolean;
}

/** Errors thrown by the addon: an Error with the OS code name ('EPERM', 'EAGAIN', ...). */
export interface NativeError extends Error {
  code: string;
  errno: number;
  syscall: string;
}

/** A non-blocking, close-on-exec socket the addon opened. Every method throws NativeError on failure. */
export interface NativeSocket {
  readonly fd: number;
  bind(address: NativeAddress): void;
  /** Datagram/seqpacket/raw sockets: immediate (no EINPROGRESS for these types). */
  connect(address: NativeAddress): void;
  listen(backlog: number): void;
  /** Seqpacket listeners: one pending connection, or null when none is waiting (EAGAIN). */
  accept(): { socket: NativeSocket; from: NativeAddress | null } | null;
  /** sendto (or send when `to` is absent); returns bytes sent; throws EAGAIN when the buffer is full. */
  send(data: Uint8Array, to?: NativeAddress): number;
  localAddress(): NativeAddress | null;
  remoteAddress(): NativeAddress | null;
  setOption(level: number, name: number, value: Uint8Array): void;
  getOption(level: number, name: number, size: number): Buffer;
  /**
   * Watch the socket with the event loop (libuv poll). Data sockets: every readable wakeup drains
   * the socket with recvmsg until EAGAIN (bounded per wakeup) and calls onMessage per message; a
   * zero-length read on a connected seqpacket socket is end of stream (onMessage gets an empty
   * data and onEnd is called). Listeners: onAcceptable is called instead and the caller accept()s.
   */
  readStart(handlers: {
    onMessage?: (message: NativeMessage) => void;
    onAcceptable?: () => void;
    onEnd?: () => void;
    onError: (err: NativeError) => void;
  }): void;
  readStop(): void;
  /** Call back once the socket is writable again (after an EAGAIN from send). */
  onWritable(callback: () => void): void;
  /** Stops any watching and closes the fd; safe to call twice. */
  close(): void;
}

export interface NativeModule {
  /**
   * Socket constants of this OS: AF_*, SOCK_*, IPPROTO_*, SOL_*, SO_*, IP_*, IPV6_*, TCP_*, MSG_*.
   * A name missing here does not exist on this OS.
   */
  readonly constants: Readonly<Record<string, number>>;
  open(domain: number, type: number, protocol: number): NativeSocket;
  /** getsockopt/setsockopt on a socket the addon did not open (a Node net/dgram socket's fd). */
  setOption(fd: number, level: number, name: number, value: Uint8Array): void;
  getOption(fd: number, level: number, name: number, size: number): Buffer;
}

/** Whether the addon loaded, and if not, why (shown next to the kinds that need it). */
export type NativeLoad = { ok: true; native: NativeModule; path: string } | { ok: false; reason: string };
