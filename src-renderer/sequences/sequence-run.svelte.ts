// A tab's sequence run: which sequence, each step's state as main reports it, the outcome in
// words, and Stop.
import type { SavedSequence, SequenceProgress, TextEncoding, WireError } from '$shared/contract.js';
import type { Bridge } from '../bridge/bridge.js';
import { settle } from '../bridge/settle.js';

export class SequenceRunState {
  #sequence = $state.raw<SavedSequence | null>(null);
  #runId = $state<string | null>(null);
  #progress = $state.raw<SequenceProgress | null>(null);
  #error = $state.raw<WireError | null>(null);
  readonly #id: string;
  readonly #bridge: Bridge;
  readonly #encoding: () => TextEncoding;

  constructor(id: string, bridge: Bridge, encoding: () => TextEncoding) {
    this.#id = id;
    this.#bridge = bridge;
    this.#encoding = encoding;
  }

  get sequence(): SavedSequence | null {
    return this.#sequence;
  }

  get progress(): SequenceProgress | null {
    return this.#progress;
  }

  get error(): WireError | null {
    return this.#error;
  }

  get running(): boolean {
    return this.#runId !== null && !(this.#progress?.done ?? false);
  }

  async run(sequence: SavedSequence): Promise<void> {
    this.#sequence = sequence;
    this.#progress = null;
    const result = await settle(() => this.#bridge.sequenceRun({ id: this.#id, steps: sequence.steps, encoding: this.#encoding() }), 'Running the sequence');
    this.#error = result.ok ? null : result.error;
    this.#runId = result.ok ? result.value.runId : null;
  }

  async stop(): Promise<void> {
    const runId = this.#runId;
    if (runId) await settle(() => this.#bridge.sequenceStop({ id: this.#id, runId }), 'Stopping the sequence');
  }

  /** main's sequence.progress for this tab. */
  onProgress(progress: SequenceProgress): void {
    if (progress.runId === this.#runId) this.#progress = progress;
  }

  close(): void {
    this.#sequence = null;
    this.#runId = null;
    this.#progress = null;
    this.#error = null;
  }
}
