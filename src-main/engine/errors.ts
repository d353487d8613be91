// Errors as data: a stable code plus a sentence a user can act on.
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
  ECONNREFUSED: (w) => `Connection refused by ${w}: nothing is listening there, or a firewall rejected it.`,
  ECONNRESET: (w) => `The connection to ${w} was reset by the peer.`,
  ETIMEDOUT: (w) => `Timed out connecting to ${w}: no answer before the connect timeout.`,
  ENOTFOUND: (w) => `Unknown host ${w}: the name could not be resolved.`,
  EAI_AGAIN: (w) => `Could not resolve ${w} right now: the name server did not answer.`,
  EHOSTUNREACH: (w) => `Host ${w} is unreachable: no route to it.`,
  ENETUNREACH: (w) => `Network unreachable for ${w}: no route to that network.`,
  EADDRINUSE: (w) => `Address ${w} is already in use by another socket.`,
  EADDRNOTAVAIL: (w) => `Address ${w} is not available on this machine.`,
  EACCES: (w) => `Permission denied for ${w}.`,
  EPIPE: (w) => `The connection to ${w} is closed for writing (broken pipe).`,
  EINVAL: (w) => `Invalid argument for ${w}.`,
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
  if (words) return { code, message: words(where ?? 'the peer') };
  const message = typeof e.message === 'string' && e.message ? e.message : String(err);
  return { code, message: code === 'INTERNAL' ? `Internal error: ${message}` : message };
}
