// The one way a bridge call becomes state: its Result, or, should the call itself throw or
// reject (a bug, or a bridge that is gone; the bridges answer every call with a Result),
// an INTERNAL error that says what failed. Never rejects.
import type { Result } from '$shared/contract.js';

/** `what` names the action in words: "Connecting" gives "Connecting failed: …". */
export function settle<T>(call: () => Promise<Result<T>>, what: string): Promise<Result<T>> {
  const failed = (err: unknown): Result<T> => ({ ok: false, error: { code: 'INTERNAL', message: `${what} failed: ${String(err)}` } });
  try {
    return call().catch(failed);
  } catch (err) {
    return Promise.resolve(failed(err));
  }
}
