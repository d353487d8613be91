// What this machine can do, asked of main once at start: which kinds work (the native addon
// built? raw sockets allowed?), and why not, so the Kind chooser can say so before a connect fails.
import type { Capabilities, KindAvailability, SessionKind, WireError } from '../../src-main/api/contract.js';
import type { Bridge } from './bridge.js';

/** Until main has answered, a kind is offered: a failed connect still says why. */
const UNKNOWN: KindAvailability = { available: true, reason: null, note: null };

export class CapabilitiesState {
  #value = $state.raw<Capabilities | null>(null);
  #error = $state.raw<WireError | null>(null);
  #loading: Promise<void> | null = null;

  get value(): Capabilities | null {
    return this.#value;
  }

  /** Why main could not say what this machine can do, if it could not. */
  get error(): WireError | null {
    return this.#error;
  }

  kind(kind: SessionKind): KindAvailability {
    return this.#value?.kinds[kind] ?? UNKNOWN;
  }

  /** Asks main once; later calls wait for the same answer. */
  load(bridge: Bridge): Promise<void> {
    this.#loading ??= (async () => {
      try {
        const result = await bridge.systemCapabilities({});
        if (result.ok) this.#value = result.value;
        else this.#error = result.error;
      } catch (err) {
        this.#error = { code: 'INTERNAL', message: `Asking what this machine can do failed: ${String(err)}` };
      }
    })();
    return this.#loading;
  }
}
