// A UDP tab's multicast controls: the group and interface typed, and the last join/leave's error.
import { m } from '../i18n/i18n.svelte.js';
import type { SessionSnapshot, WireError } from '$shared/contract.js';
import type { Bridge } from '../bridge/bridge.js';
import { settle } from '../bridge/settle.js';

export class MulticastState {
  // Bound to the inputs, so plain reactive fields.
  group = $state('');
  iface = $state('');
  #error = $state.raw<WireError | null>(null);
  #busy = $state(false);
  readonly #id: string;
  readonly #bridge: Bridge;
  readonly #onSnapshot: (snapshot: SessionSnapshot) => void;

  constructor(id: string, bridge: Bridge, onSnapshot: (snapshot: SessionSnapshot) => void) {
    this.#id = id;
    this.#bridge = bridge;
    this.#onSnapshot = onSnapshot;
  }

  get error(): WireError | null {
    return this.#error;
  }

  get busy(): boolean {
    return this.#busy;
  }

  /** Joins or leaves the typed group on the typed interface (empty: the system's choice). */
  async membership(action: 'join' | 'leave'): Promise<void> {
    if (this.#busy) return;
    const group = this.group.trim();
    if (group === '') {
      this.#error = { code: 'INVALID_PAYLOAD', message: m.multicast_group_hint() };
      return;
    }
    const iface = this.iface.trim();
    this.#busy = true;
    const input = iface === '' ? { id: this.#id, action, group } : { id: this.#id, action, group, interface: iface };
    const result = await settle(() => this.#bridge.udpMembership(input), 'Changing the membership');
    this.#busy = false;
    if (result.ok) {
      this.#error = null;
      this.#onSnapshot(result.value);
    } else {
      this.#error = result.error;
    }
  }

  /** Leaves a group listed as joined ("group@interface" or "group"). */
  async leave(membership: string): Promise<void> {
    const at = membership.lastIndexOf('@');
    this.group = at < 0 ? membership : membership.slice(0, at);
    this.iface = at < 0 ? '' : membership.slice(at + 1);
    await this.membership('leave');
  }
}
