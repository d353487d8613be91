// getsockopt/setsockopt by name or by level and number, through the native addon.
// (Stub: the socket-options engineer fills this in.)
import type { SocketOptionReading, SocketOptionRef, SocketOptionValue } from '../api/contract.js';
import { CodedError } from './errors.js';

export function getSocketOption(_fd: number, _option: SocketOptionRef): SocketOptionReading {
  throw new CodedError('NATIVE_UNAVAILABLE', 'Socket options are not built yet.');
}

export function setSocketOption(_fd: number, _option: SocketOptionRef, _value: SocketOptionValue): SocketOptionReading {
  throw new CodedError('NATIVE_UNAVAILABLE', 'Socket options are not built yet.');
}
