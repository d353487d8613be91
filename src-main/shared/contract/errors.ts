// Errors travel as data with stable codes: Error objects do not survive a process boundary.
// The code is what a program (or a test) tests; the message is what a person reads.
export const ERROR_CODES = [
  // payload / input
  'INVALID_PAYLOAD',
  'UNKNOWN_COMMAND',
  'INVALID_HEX',
  'INVALID_ESCAPE',
  'INVALID_BASE64',
  'UNENCODABLE_TEXT',
  'INVALID_REGEX',
  'NO_SUCH_SEARCH',
  // sessions
  'NO_SUCH_SESSION',
  'NO_SUCH_ENTRY',
  'NO_SUCH_PEER',
  'NO_TARGET',
  'STALE_SOCKET',
  'TLS_VERIFY_FAILED',
  'TLS_FILE',
  'UNSUPPORTED_ON_OS',
  'NOT_CONNECTED',
  'ALREADY_OPEN',
  'UNSUPPORTED_KIND',
  'LOG_SPILL_FAILED',
  'NATIVE_UNAVAILABLE',
  'UNAVAILABLE',
  'CANCELLED',
  'NO_SUCH_TRANSFER',
  'UNKNOWN_OPTION',
  // a limit that keeps the process alive (sessions per engine, requests in flight per connection)
  'LIMIT_REACHED',
  // sockets (the OS code is kept as is)
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRINUSE',
  'EADDRNOTAVAIL',
  'EACCES',
  'EPIPE',
  'EMSGSIZE',
  'ENOENT',
  'ECONNABORTED',
  // out of file descriptors: this process's limit, or the system's
  'EMFILE',
  'ENFILE',
  // files (saving a log)
  'EEXIST',
  'EISDIR',
  'ENOTDIR',
  'ENOSPC',
  'EROFS',
  'EBUSY',
  'EPERM_RAW',
  'ENOPROTOOPT',
  'EPROTONOSUPPORT',
  'EAGAIN',
  // transports
  'FORBIDDEN',
  'DISCONNECTED',
  'INTERNAL',
] as const;

/** A known code, or an OS error code we have no words for yet (still shown verbatim). */
export type ErrorCode = (typeof ERROR_CODES)[number] | (string & {});

export interface WireError {
  code: ErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: WireError };
