// Reply rules: what a session answers, on its own, to each frame (or chunk) it receives.
import * as v from 'valibot';
import { INPUT_FORMATS, Int, LINE_ENDINGS, MAX_SEND_BYTES, notArray } from './fields.js';

export const RULE_WHENS = ['contains', 'equals', 'starts-with', 'ends-with', 'regex', 'hex'] as const;
export type RuleWhen = (typeof RULE_WHENS)[number];
export const RULE_THENS = ['reply', 'reply-close', 'close', 'ignore'] as const;
export type RuleThen = (typeof RULE_THENS)[number];
/** Rules a session may hold. */
export const MAX_RULES = 1000;

export const Rule = notArray(
  v.strictObject({
    enabled: v.optional(v.boolean(), true),
    when: v.picklist(RULE_WHENS),
    /** Text in the tab's encoding, a regular expression, or hex bytes with ?? wildcards. */
    pattern: v.pipe(v.string(), v.maxLength(10_000, 'is longer than 10000 characters')),
    then: v.optional(v.picklist(RULE_THENS), 'reply'),
    /** The reply, in the composer's formats; $0, $1... and ${name} insert what the pattern captured. */
    reply: v.optional(v.pipe(v.string(), v.maxLength(4 * MAX_SEND_BYTES, 'is too long')), ''),
    format: v.optional(v.picklist(INPUT_FORMATS), 'text'),
    lineEnding: v.optional(v.picklist(LINE_ENDINGS), 'none'),
    delayMs: v.optional(Int(0, 600_000, 'must be 0 to 600000 ms'), 0),
    /** "Expand variables" in the reply ({{counter}}, {{time}}, names captured...). */
    expand: v.optional(v.boolean(), false),
  }),
);
export type Rule = v.InferOutput<typeof Rule>;
export type RuleInput = v.InferInput<typeof Rule>;

export const Rules = v.pipe(v.array(Rule), v.maxLength(MAX_RULES, `has more than ${MAX_RULES} rules`));
