// Faults that tests inject into web mode through its environment, to prove it survives them.
// Nothing here runs unless a WIREBENCH_TEST_* variable asks for it.
import type { Engine } from '../engine/engine.js';

/** WIREBENCH_TEST_THROWING_SEND=1: every session's send() throws the kind of error a bug throws. */
export function injectThrowingSend(engine: Engine): void {
  const session = engine.session.bind(engine);
  engine.session = (id) =>
    new Proxy(session(id), {
      get(target, key) {
        if (key !== 'send') {
          // The session's own methods run on the session itself (its private fields are not on the proxy).
          const value = Reflect.get(target, key, target) as unknown;
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        }
        return () => {
          throw new TypeError("Cannot read properties of undefined (reading 'write') [injected by WIREBENCH_TEST_THROWING_SEND]");
        };
      },
    });
}

/** WIREBENCH_TEST_UNCAUGHT=1: an exception and a rejection outside every handler. */
export function injectUncaught(): void {
  setTimeout(() => {
    throw new Error('injected by WIREBENCH_TEST_UNCAUGHT');
  }, 0);
  setTimeout(() => void Promise.reject(new Error('rejection injected by WIREBENCH_TEST_UNCAUGHT')), 0);
}
