// Sequences: a conversation as steps that pass or fail (send, expect, wait, repeat, disconnect,
// reconnect), run on a tab's connection; stored in the library.
import * as v from 'valibot';
import { INPUT_FORMATS, Int, LINE_ENDINGS, MAX_SEND_BYTES } from './fields.js';
import { RULE_WHENS } from './rules.js';

export const MAX_STEPS = 1000;

export const SequenceStep = v.variant('type', [
  v.strictObject({
    type: v.literal('send'),
    text: v.pipe(v.string(), v.maxLength(4 * MAX_SEND_BYTES, 'is too long')),
    format: v.optional(v.picklist(INPUT_FORMATS), 'text'),
    lineEnding: v.optional(v.picklist(LINE_ENDINGS), 'none'),
    /** Variables ({{counter}}, and names captured by earlier Expect steps) are expanded. */
    expand: v.optional(v.boolean(), true),
  }),
  v.strictObject({
    type: v.literal('expect'),
    when: v.picklist(RULE_WHENS),
    pattern: v.pipe(v.string(), v.maxLength(10_000, 'is longer than 10000 characters')),
    timeoutMs: v.optional(Int(1, 3_600_000, 'must be 1 to 3600000 ms'), 2000),
    /** Stores the first capture (or the whole match) under this name; named groups are stored under their names. */
    captureAs: v.optional(v.pipe(v.string(), v.regex(/^$|^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'must be a name like value or user_id')), ''),
  }),
  v.strictObject({ type: v.literal('wait'), ms: Int(0, 3_600_000, 'must be 0 to 3600000 ms') }),
  /** The next `steps` steps, `times` times over. */
  v.strictObject({ type: v.literal('repeat'), steps: Int(1, MAX_STEPS, 'must be 1 or more steps'), times: Int(1, 1_000_000, 'must be 1 to 1000000') }),
  v.strictObject({ type: v.literal('disconnect') }),
  v.strictObject({ type: v.literal('reconnect') }),
]);
export type SequenceStep = v.InferOutput<typeof SequenceStep>;
export type SequenceStepInput = v.InferInput<typeof SequenceStep>;

export const SequenceSteps = v.pipe(v.array(SequenceStep), v.minLength(1, 'has no steps'), v.maxLength(MAX_STEPS, `has more than ${MAX_STEPS} steps`));

export type StepState = 'pending' | 'running' | 'passed' | 'failed';

/** A run's progress (sequence.progress) and, once done, its outcome in words. */
export interface SequenceProgress {
  id: string;
  runId: string;
  steps: StepState[];
  done: boolean;
  passed: boolean | null;
  /** "Passed in 123 ms" or "Failed at step 2 (Expect /OK/): no match within 2000 ms; last received: ...". */
  result: string | null;
  /** Log entries the run sent or matched, by step (1-based step number: seqs). */
  entries: Record<number, number[]>;
}
