// The native addon throws synchronously; its tests look at the error it threw.
import type { NativeError } from '../../src-main/native/native-api.js';
import { isNativeError } from '../../src-main/native/native.js';

/** The NativeError `run` throws; anything else it throws is rethrown, and not throwing fails. */
export function thrown(run: () => unknown): NativeError {
  try {
    run();
  } catch (err) {
    if (isNativeError(err)) return err;
    throw err;
  }
  throw new Error('expected a throw');
}
