// What this machine can do, asked of main once at start: which kinds work (the native addon
// built? raw sockets allowed?), and why not, so the Kind chooser can say so before a connect fails.
import type { Capabilities, KindAvailability, Result, SessionKind, WireError } from '$shared/contract.js';
import type { Bridge } from '../bridge/bridge.js';
import { settle } from '../bridge/settle.js';
import { m } from '../i18n/i18n.svelte.js';

// One system.capabilities per bridge: the Kind chooser and every tab's socket options share it.
const asked = new WeakMap<Bridge, Promise<Result<Capabilities>>>();

/** This machine's capabilities, asked of main once per bridge; never rejects. */
export function loadCapabilities(bridge: Bridge): Promise<Result<Capabilities>> {
  let pending = asked.get(bridge);
  if (!pending) {
    pending = settle(() => bridge.systemCapabilities({}), m.asking_capabilities());
    asked.set(bridge, pending);
  }
  return pending;
}

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

  /** Asks main again: its notes are in the language in force (after Settings > Language). */
  async reload(bridge: Bridge): Promise<void> {
    const result = await settle(() => bridge.systemCapabilities({}), m.asking_capabilities());
    if (result.ok) this.#value = result.value;
  }

  /** Asks main once; later calls wait for the same answer. */
  load(bridge: Bridge): Promise<void> {
    this.#loading ??= loadCapabilities(bridge).then((result) => {
      if (result.ok) this.#value = result.value;
      else this.#error = result.error;
    });
    return this.#loading;
  }
}
