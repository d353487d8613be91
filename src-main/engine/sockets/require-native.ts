// The native addon for the kinds that need it, or a coded error that says why it is missing.
import { m } from '../../shared/i18n/paraglide/messages.js';
import type { NativeModule } from '../../native/native-api.js';
import { loadNative } from '../../native/native.js';
import { CodedError } from '../errors.js';

export function requireNative(what: string): NativeModule {
  const load = loadNative();
  if (load.ok) return load.native;
  throw new CodedError('NATIVE_UNAVAILABLE', m.e_needs_wirebench_s_native_addon_which({ what, reason: load.reason }));
}

/** A constant of this OS, or UNSUPPORTED_ON_OS naming what cannot be done here. */
export function nativeConstant(native: NativeModule, name: string, what: string): number {
  const value = native.constants[name];
  if (value === undefined) {
    throw new CodedError('UNSUPPORTED_ON_OS', m.e_is_not_available_on_this_operating({ what, platform: process.platform, name }));
  }
  return value;
}
