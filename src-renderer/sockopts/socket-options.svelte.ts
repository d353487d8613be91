// One tab's "Socket options" panel: which option (by name, or by level and number), the value
// typed for a set, which socket (a server's listener or one client), and the last reading.
// Input is checked here so the user hears about a bad number before anything is sent; main
// checks it again.
import {
  SOCKET_OPTION_NAMES,
  SOCKET_OPTIONS,
  type CommandInput,
  type Result,
  type SocketOptionInfo,
  type SocketOptionName,
  type SocketOptionReading,
  type SocketOptionRef,
  type SocketOptionValue,
  type WireError,
} from '$shared/contract.js';
import { m } from '../i18n/i18n.svelte.js';
import { parseHex } from '$shared/codec/hex.js';
import type { Bridge } from '../bridge/bridge.js';
import { parseWholeNumber } from '../ui/whole-number.js';
import { loadCapabilities } from '../session/capabilities.svelte.js';
import { settle } from '../bridge/settle.js';

export type OptionBy = 'name' | 'number';
export type OptionTarget = 'listener' | 'client';
export type OptionField = 'level' | 'option' | 'size' | 'value' | 'seconds' | 'clientId';
export type OptionFieldErrors = Partial<Record<OptionField, string>>;

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const MAX_HEX_CHARS = 1024;
const MAX_TEXT_CHARS = 255;

export class SocketOptionsState {
  // Bound to the inputs, so plain reactive fields.
  by = $state<OptionBy>('name');
  name = $state<SocketOptionName>('SO_RCVBUF');
  level = $state('');
  option = $state('');
  size = $state('4');
  intValue = $state('');
  boolValue = $state(false);
  lingerOn = $state(false);
  lingerSeconds = $state('0');
  textValue = $state('');
  hexValue = $state('');
  target = $state<OptionTarget>('listener');
  clientId = $state('');
  #errors = $state.raw<OptionFieldErrors>({});
  #error = $state.raw<WireError | null>(null);
  #reading = $state.raw<SocketOptionReading | null>(null);
  #busy = $state<'get' | 'set' | null>(null);
  #available = $state.raw<SocketOptionName[] | null>(null);
  #capabilitiesError = $state.raw<WireError | null>(null);
  #asked = false;
  readonly #id: string;
  readonly #bridge: Bridge;

  constructor(id: string, bridge: Bridge) {
    this.#id = id;
    this.#bridge = bridge;
  }

  /** Per-field problems of the last Get or Set, in words. */
  get errors(): OptionFieldErrors {
    return this.#errors;
  }

  /** What main said went wrong with the last Get or Set. */
  get error(): WireError | null {
    return this.#error;
  }

  get reading(): SocketOptionReading | null {
    return this.#reading;
  }

  get busy(): 'get' | 'set' | null {
    return this.#busy;
  }

  /** Whether the names this OS has are known yet. */
  get loaded(): boolean {
    return this.#available !== null || this.#capabilitiesError !== null;
  }

  /** Why the names this OS has could not be learnt (then every name is offered). */
  get capabilitiesError(): WireError | null {
    return this.#capabilitiesError;
  }

  /** The names to offer: the ones this OS has, or all of them if that is unknown. */
  get names(): SocketOptionName[] {
    return this.#available ?? SOCKET_OPTION_NAMES;
  }

  get info(): SocketOptionInfo {
    return SOCKET_OPTIONS[this.name];
  }

  /** Set applies: an option by number, or a name that is not read-only. */
  get canSet(): boolean {
    return this.by === 'number' || this.info.readOnly !== true;
  }

  /** Learns which names this OS has (once; later calls do nothing). */
  async loadNames(): Promise<void> {
    if (this.#asked) return;
    this.#asked = true;
    const result = await loadCapabilities(this.#bridge);
    if (!result.ok) {
      this.#capabilitiesError = result.error;
      return;
    }
    const have: readonly string[] = result.value.socketOptions;
    const names = SOCKET_OPTION_NAMES.filter((n) => have.includes(n));
    this.#available = names;
    if (!names.includes(this.name) && names[0]) this.name = names[0];
  }

  /** Reads the option from the socket. */
  async get(): Promise<void> {
    const errors: OptionFieldErrors = {};
    const option = this.#ref(errors, true);
    const peerId = this.#peerId(errors);
    if (!this.#check(errors) || !option || peerId === undefined) return;
    const input: CommandInput<'sockopt.get'> = peerId ? { id: this.#id, peerId, option } : { id: this.#id, option };
    await this.#run('get', () => this.#bridge.sockoptGet(input));
  }

  /** Sets the option to the value typed, then shows it as read back. */
  async set(): Promise<void> {
    const errors: OptionFieldErrors = {};
    const option = this.#ref(errors, false);
    const value = this.#value(errors);
    const peerId = this.#peerId(errors);
    if (!this.#check(errors) || !option || !value || peerId === undefined) return;
    const input: CommandInput<'sockopt.set'> = peerId ? { id: this.#id, peerId, option, value } : { id: this.#id, option, value };
    await this.#run('set', () => this.#bridge.sockoptSet(input));
  }

  #check(errors: OptionFieldErrors): boolean {
    this.#errors = errors;
    if (Object.keys(errors).length === 0) return true;
    this.#error = null;
    return false;
  }

  async #run(action: 'get' | 'set', call: () => Promise<Result<SocketOptionReading>>): Promise<void> {
    if (this.#busy) return;
    this.#busy = action;
    const result = await settle(call, `${action === 'get' ? 'Reading' : 'Setting'} the option`);
    this.#busy = null;
    if (result.ok) {
      this.#error = null;
      this.#reading = result.value;
      // After a Set the field keeps what was typed (Linux may read back double of it).
      if (action === 'get') this.#fillFrom(result.value);
    } else {
      this.#error = result.error;
    }
  }

  /** The option asked for; `withSize`: a get by number says how many bytes to read. */
  #ref(errors: OptionFieldErrors, withSize: boolean): SocketOptionRef | null {
    if (this.by === 'name') return { type: 'name', name: this.name };
    const level = parseWholeNumber(this.level, 0, INT32_MAX, { hex: true });
    const option = parseWholeNumber(this.option, 0, INT32_MAX, { hex: true });
    if (level === null) errors.level = m.sockopt_level_range();
    if (option === null) errors.option = m.sockopt_option_range();
    let size = 4;
    if (withSize) {
      const parsed = parseWholeNumber(this.size, 1, 256, { hex: true });
      if (parsed === null) errors.size = m.sockopt_size_range();
      else size = parsed;
    }
    if (level === null || option === null) return null;
    return { type: 'number', level, option, size };
  }

  #value(errors: OptionFieldErrors): SocketOptionValue | null {
    if (this.by === 'number') {
      const text = this.hexValue.trim();
      if (text === '') {
        errors.value = m.sockopt_hex_value();
        return null;
      }
      if (text.length > MAX_HEX_CHARS) {
        errors.value = m.sockopt_hex_too_long({ max: MAX_HEX_CHARS });
        return null;
      }
      const parsed = parseHex(text);
      if (!parsed.ok) {
        errors.value = parsed.error.message;
        return null;
      }
      return { type: 'hex', value: text };
    }
    switch (this.info.type) {
      case 'int': {
        const value = parseWholeNumber(this.intValue, INT32_MIN, INT32_MAX, { hex: true });
        if (value === null) {
          errors.value = m.sockopt_int_range();
          return null;
        }
        return { type: 'int', value };
      }
      case 'bool':
        return { type: 'bool', value: this.boolValue };
      case 'linger': {
        const seconds = parseWholeNumber(this.lingerSeconds, 0, 65535, { hex: true });
        if (seconds === null) {
          errors.seconds = m.sockopt_seconds_range();
          return null;
        }
        return { type: 'linger', on: this.lingerOn, seconds };
      }
      case 'text':
        if (this.textValue.length > MAX_TEXT_CHARS) {
          errors.value = m.sockopt_text_too_long({ max: MAX_TEXT_CHARS });
          return null;
        }
        return { type: 'text', value: this.textValue };
    }
  }

  /** The client asked for, null for the session's own socket, undefined when the id is bad. */
  #peerId(errors: OptionFieldErrors): string | null | undefined {
    if (this.target !== 'client') return null;
    const id = this.clientId.trim();
    if (/^p[0-9]{1,9}$/.test(id)) return id;
    errors.clientId = id === '' ? m.sockopt_client_id_empty() : m.sockopt_client_id_bad();
    return undefined;
  }

  /** A reading fills the value inputs, so a Set starts from what the socket has. */
  #fillFrom(reading: SocketOptionReading): void {
    if (this.by === 'number') {
      this.hexValue = reading.hex;
      return;
    }
    const value = reading.value;
    switch (value.type) {
      case 'int':
        this.intValue = String(value.value);
        break;
      case 'bool':
        this.boolValue = value.value;
        break;
      case 'linger':
        this.lingerOn = value.on;
        this.lingerSeconds = String(value.seconds);
        break;
      case 'text':
        this.textValue = value.value;
        break;
      case 'hex':
        break;
    }
  }
}
