// Errors as data: a stable code plus a sentence a user can act on.
import { m } from '../shared/i18n/paraglide/messages.js';
import type { ErrorCode, WireError } from '../shared/contract.js';

export class CodedError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'CodedError';
    this.code = code;
  }
}

/** Words for OS error codes; `where` is e.g. "127.0.0.1:9" or "example.com". */
const OS_ERROR_WORDS: Record<string, (where: string) => string> = {
  ECONNREFUSED: (where) => m.os_econnrefused({ where }),
  ECONNRESET: (where) => m.os_econnreset({ where }),
  ETIMEDOUT: (where) => m.os_etimedout({ where }),
  ENOTFOUND: (where) => m.os_enotfound({ where }),
  EAI_AGAIN: (where) => m.os_eai_again({ where }),
  EHOSTUNREACH: (where) => m.os_ehostunreach({ where }),
  ENETUNREACH: (where) => m.os_enetunreach({ where }),
  EADDRINUSE: (where) => m.os_eaddrinuse({ where }),
  EADDRNOTAVAIL: (where) => m.os_eaddrnotavail({ where }),
  EACCES: (where) => m.os_eacces({ where }),
  EPIPE: (where) => m.os_epipe({ where }),
  EINVAL: (where) => m.os_einval({ where }),
  EMFILE: (where) => m.os_emfile({ where }),
  ENFILE: (where) => m.os_enfile({ where }),
};

interface ErrnoLike {
  code?: unknown;
  message?: unknown;
}

/** Any thrown value -> { code, message } for the wire. `where` names the address involved. */
export function toWireError(err: unknown, where?: string): WireError {
  if (err instanceof CodedError) return { code: err.code, message: err.message };
  const e = (typeof err === 'object' && err !== null ? err : {}) as ErrnoLike;
  const code = typeof e.code === 'string' ? e.code : 'INTERNAL';
  const words = OS_ERROR_WORDS[code];
  if (words) return { code, message: words(where ?? m.os_the_peer()) };
  const message = typeof e.message === 'string' && e.message ? e.message : String(err);
  return { code, message: code === 'INTERNAL' ? m.os_internal({ message }) : message };
}
