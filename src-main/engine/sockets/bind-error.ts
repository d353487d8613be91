// A listen or bind that failed, in words naming the address; the OS code is kept.
import { CodedError, toWireError } from '../errors.js';

/** Words for a listen that failed, naming the address; the OS code is kept. */
export function bindError(err: unknown, where: string): CodedError {
  const wire = toWireError(err, where);
  const words: Record<string, string> = {
    EADDRINUSE: `Address ${where} is already in use by another socket; stop that one, or choose another port (0 picks a free one).`,
    EACCES: `Permission denied to listen on ${where}: ports below 1024 (or this path) need more privileges.`,
    EADDRNOTAVAIL: `Address ${where} is not an address of this machine; choose one of its addresses, or :: / 0.0.0.0 for all.`,
  };
  return new CodedError(wire.code, words[wire.code] ?? wire.message);
}
