// Words for reply rules and sequence steps (When, Then, step types) in the language in force.
import type { RuleThen, RuleWhen } from '$shared/contract.js';
import { m } from './i18n.svelte.js';

const WHEN: Record<RuleWhen, () => string> = {
  contains: m.when_contains,
  equals: m.when_equals,
  'starts-with': m.when_starts_with,
  'ends-with': m.when_ends_with,
  regex: m.when_regex,
  hex: m.when_hex,
};

const THEN: Record<RuleThen, () => string> = {
  reply: m.reply,
  'reply-close': m.then_reply_close,
  close: m.status_closed_verb,
  ignore: m.then_ignore,
};

export type StepType = 'send' | 'expect' | 'wait' | 'repeat' | 'disconnect' | 'reconnect';

const STEPS: Record<StepType, () => string> = {
  send: m.send,
  expect: m.step_expect,
  wait: m.step_wait_ms,
  repeat: m.repeat,
  disconnect: m.action_disconnect,
  reconnect: m.step_reconnect,
};

export const whenLabel = (when: RuleWhen): string => WHEN[when]();
export const thenLabel = (then: RuleThen): string => THEN[then]();
export const stepLabel = (type: StepType): string => STEPS[type]();
export const WHEN_OPTIONS = Object.keys(WHEN) as RuleWhen[];
export const THEN_OPTIONS = Object.keys(THEN) as RuleThen[];
export const STEP_OPTIONS = Object.keys(STEPS) as StepType[];
