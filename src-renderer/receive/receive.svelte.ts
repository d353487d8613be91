// One tab's receive settings as typed: Framing (stream kinds) and Verify checksum. Checked here
// (the same codecs main uses), sent to main with session.receive when they change and are valid;
// main applies them from the next byte received.
import {
  DEFAULT_MAX_FRAME,
  MAX_MAX_FRAME,
  type ByteOrder,
  type ChecksumAlgorithm,
  type ChecksumSpec,
  type FramingConfig,
  type FramingMode,
  type ReceiveSettings,
  type WireError,
} from '$shared/contract.js';
import { m } from '../i18n/i18n.svelte.js';
import { formatNumber } from '../session/format.js';
import { checkFraming } from '$shared/codec/framing.js';
import { USUAL_BYTE_ORDER } from '$shared/codec/checksum.js';
import type { Bridge } from '../bridge/bridge.js';
import { settle } from '../bridge/settle.js';
import { parseWholeNumber } from '../ui/whole-number.js';

/** The fields of a checksum as typed (shared by the composer's Append checksum). */
export class ChecksumForm {
  algorithm = $state<ChecksumAlgorithm | 'none'>('none');
  byteOrder = $state<ByteOrder>('big');
  from = $state('0');
  excludeLast = $state('0');

  /** Choosing an algorithm picks the byte order its protocols use (Modbus: little endian). */
  choose(algorithm: ChecksumAlgorithm | 'none'): void {
    this.algorithm = algorithm;
    if (algorithm !== 'none') this.byteOrder = USUAL_BYTE_ORDER[algorithm];
  }

  get errors(): { from?: string; excludeLast?: string } {
    const errors: { from?: string; excludeLast?: string } = {};
    if (this.algorithm === 'none') return errors;
    if (parseWholeNumber(this.from, 0, 1_000_000) === null) errors.from = m.bytes_range({ min: 0, max: 1_000_000 });
    if (parseWholeNumber(this.excludeLast, 0, 1_000_000) === null) errors.excludeLast = m.bytes_range({ min: 0, max: 1_000_000 });
    return errors;
  }

  /** The spec, null for None, undefined while a field is invalid. */
  get spec(): ChecksumSpec | null | undefined {
    if (this.algorithm === 'none') return null;
    const from = parseWholeNumber(this.from, 0, 1_000_000);
    const excludeLast = parseWholeNumber(this.excludeLast, 0, 1_000_000);
    if (from === null || excludeLast === null) return undefined;
    return { algorithm: this.algorithm, byteOrder: this.byteOrder, from, excludeLast };
  }

  set spec(spec: ChecksumSpec | null) {
    this.algorithm = spec?.algorithm ?? 'none';
    this.byteOrder = spec?.byteOrder ?? 'big';
    this.from = String(spec?.from ?? 0);
    this.excludeLast = String(spec?.excludeLast ?? 0);
  }
}

export type FramingField = 'delimiter' | 'lengthOffset' | 'lengthAdjustment' | 'frameSize' | 'maxFrame';

export class ReceiveState {
  mode = $state<FramingMode>('none');
  delimiter = $state('\\n');
  keepDelimiter = $state(true);
  prefixSize = $state<1 | 2 | 4 | 8>(2);
  byteOrder = $state<ByteOrder>('big');
  lengthOffset = $state('0');
  lengthIncludesPrefix = $state(false);
  lengthAdjustment = $state('0');
  frameSize = $state('16');
  maxFrame = $state(String(DEFAULT_MAX_FRAME));
  readonly verify = new ChecksumForm();
  /** What main took last, and why the last apply failed. */
  #applied = $state.raw<ReceiveSettings | null>(null);
  #error = $state.raw<WireError | null>(null);
  readonly #id: string;
  readonly #bridge: Bridge;

  constructor(id: string, bridge: Bridge, inForce?: ReceiveSettings) {
    this.#id = id;
    this.#bridge = bridge;
    // A page reloaded over a running session shows what main applies.
    if (inForce) {
      this.settings = inForce;
      this.#applied = inForce;
    }
  }

  get applied(): ReceiveSettings | null {
    return this.#applied;
  }

  get error(): WireError | null {
    return this.#error;
  }

  /** Field errors in words, for the fields the chosen mode uses. */
  get errors(): Partial<Record<FramingField, string>> {
    const errors: Partial<Record<FramingField, string>> = {};
    const whole = (text: string, min: number, max: number): boolean => parseWholeNumber(text, min, max) !== null;
    if (!whole(this.maxFrame, 1, MAX_MAX_FRAME)) errors.maxFrame = m.size_range({ max: formatNumber(MAX_MAX_FRAME) });
    if (this.mode === 'length') {
      if (!whole(this.lengthOffset, 0, 1024)) errors.lengthOffset = m.bytes_range({ min: 0, max: 1024 });
      if (!whole(this.lengthAdjustment, -65536, 65536)) errors.lengthAdjustment = m.whole_range({ min: -65536, max: 65536 });
    }
    if (this.mode === 'fixed' && !whole(this.frameSize, 1, MAX_MAX_FRAME)) errors.frameSize = m.size_range({ max: formatNumber(MAX_MAX_FRAME) });
    const framing = this.#framing();
    if (framing && Object.keys(errors).length === 0) {
      const checked = checkFraming(framing);
      if (!checked.ok) errors[checked.error.message.startsWith(m.delimiter()) ? 'delimiter' : this.mode === 'fixed' ? 'frameSize' : 'maxFrame'] = checked.error.message;
    }
    return errors;
  }

  #framing(): FramingConfig | null {
    const n = (text: string, min: number, max: number): number | null => parseWholeNumber(text, min, max);
    const maxFrame = n(this.maxFrame, 1, MAX_MAX_FRAME);
    const lengthOffset = n(this.lengthOffset, 0, 1024);
    const lengthAdjustment = n(this.lengthAdjustment, -65536, 65536);
    const frameSize = n(this.frameSize, 1, MAX_MAX_FRAME);
    if (maxFrame === null || lengthOffset === null || lengthAdjustment === null || frameSize === null) return null;
    return {
      mode: this.mode,
      delimiter: this.delimiter,
      keepDelimiter: this.keepDelimiter,
      prefixSize: this.prefixSize,
      byteOrder: this.byteOrder,
      lengthOffset,
      lengthIncludesPrefix: this.lengthIncludesPrefix,
      lengthAdjustment,
      frameSize,
      maxFrame,
    };
  }

  /** The settings as typed, or null while a field is invalid. */
  get settings(): ReceiveSettings | null {
    const framing = this.#framing();
    const verify = this.verify.spec;
    if (!framing || verify === undefined || Object.keys(this.errors).length > 0) return null;
    return { framing, verify };
  }

  set settings(s: ReceiveSettings) {
    const f = s.framing;
    this.mode = f.mode;
    this.delimiter = f.delimiter;
    this.keepDelimiter = f.keepDelimiter;
    this.prefixSize = f.prefixSize;
    this.byteOrder = f.byteOrder;
    this.lengthOffset = String(f.lengthOffset);
    this.lengthIncludesPrefix = f.lengthIncludesPrefix;
    this.lengthAdjustment = String(f.lengthAdjustment);
    this.frameSize = String(f.frameSize);
    this.maxFrame = String(f.maxFrame);
    this.verify.spec = s.verify;
  }

  /** Sends the settings as typed to main, if they are valid; the field errors say why not. */
  async apply(): Promise<void> {
    const settings = this.settings;
    // Enter in a field both changes and submits it: the same settings go once.
    if (!settings || (this.#applied && JSON.stringify(settings) === JSON.stringify(this.#applied) && !this.#error)) return;
    const result = await settle(() => this.#bridge.sessionReceive({ id: this.#id, ...settings }), 'Setting framing');
    this.#error = result.ok ? null : result.error;
    if (result.ok) this.#applied = result.value;
  }
}
