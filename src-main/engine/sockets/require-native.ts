// The native addon for the kinds that need it, or a coded error that says why it is missing.
import type { NativeModule } from '../../native/native-api.js';
import { loadNative } from '../../native/native.js';
import { CodedError } from '../errors.js';

export function requireNative(what: string): NativeModule {
  const load = loadNative();
  if (load.ok) return load.native;
  throw new CodedError('NATIVE_UNAVAILABLE', `${what} needs Wirebench's native addon, which is not available: ${load.reason}`);
}

/** A constant of this OS, or UNSUPPORTED_ON_OS naming what cannot be done here. */
export function nativeConstant(native: NativeModule, name: string, what: string): number {
  const value = native.constants[name];
  if (value === undefined) {
    throw new CodedError('UNSUPPORTED_ON_OS', `${what} is not available on this operating system (${process.platform} has no ${name}).`);
  }
  return value;
}
