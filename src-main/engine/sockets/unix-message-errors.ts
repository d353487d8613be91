// Errors of the native Unix message sockets (datagram, seqpacket) in words; the OS code is kept.
import type { SessionKind, WireError } from '../../shared/contract.js';
import { errnoCode } from '../../native/native.js';
import { CodedError } from '../errors.js';
import { unixErrorWords } from './unix-address.js';

/** What went wrong with `path` (the server's, or a sender's); `size`: the message being sent. */
export function unixMessageErrorWords(err: unknown, path: string, kind: SessionKind, size?: number): WireError {
  if (err instanceof CodedError) return { code: err.code, message: err.message };
  const wire = unixErrorWords(err, path);
  const type = kind.startsWith('unix-seqpacket') ? 'seqpacket' : 'datagram';
  const words: Record<string, string> = {
    ECONNREFUSED:
      type === 'datagram'
        ? `Nothing has ${path} open: the socket file is there but its socket has gone (a stale socket).`
        : wire.message,
    EPROTOTYPE: `${path} is not a Unix ${type} socket: a socket of another type (stream or ${type === 'datagram' ? 'seqpacket' : 'datagram'}) is bound there.`,
    EAGAIN: `${path} has too many connections waiting to be accepted; try again later.`,
    EMSGSIZE: `${size ?? 'The'} ${size === undefined ? 'message' : 'bytes'} is larger than the largest message this socket can send (its send buffer, SO_SNDBUF); nothing was sent.`,
    ENOBUFS: `The system has no buffer space for this message to ${path} right now.`,
    EPIPE: `The other end of ${path} has closed.`,
    ECONNRESET: `The other end of ${path} closed the connection before reading everything.`,
    ENOTCONN: `The socket is no longer connected to ${path}.`,
    EADDRINUSE: `${path} is already in use by another socket; choose another path.`,
    ENAMETOOLONG: `The path ${path} is too long for a Unix socket (at most 107 bytes on Linux, 103 on macOS).`,
  };
  return { code: wire.code, message: words[wire.code] ?? wire.message };
}

/** Binding a socket to `path` failed: in words, as a CodedError to throw. */
export function unixBindError(err: unknown, path: string): CodedError {
  if (err instanceof CodedError) return err;
  const code = errnoCode(err) ?? 'INTERNAL';
  const words: Record<string, string> = {
    EADDRINUSE: `${path} is already in use by another socket; stop that one, or choose another path.`,
    EACCES: `Permission denied to create a socket at ${path}: this user may not write to that folder.`,
    ENOENT: `Cannot create a socket at ${path}: its folder does not exist.`,
    ENOTDIR: `Cannot create a socket at ${path}: part of the path is not a folder.`,
    EROFS: `Cannot create a socket at ${path}: the file system is read-only.`,
    ENAMETOOLONG: `The path ${path} is too long for a Unix socket (at most 107 bytes on Linux, 103 on macOS).`,
  };
  const message = words[code] ?? `Cannot bind to ${path}: ${err instanceof Error ? err.message : String(err)}`;
  return new CodedError(code, message);
}
