// One tab's reply rules as typed: each row checked here with main's own code (a rule whose
// pattern or reply does not work says why and is not enabled), the list sent to main as it
// changes, the hit counts from main's growth notices.
import { m } from '../i18n/i18n.svelte.js';
import { inLanguage } from '../i18n/errors.js';
import * as v from 'valibot';
import { Rule, type InputFormat, type LineEnding, type RuleInput, type RuleThen, type RuleWhen, type TextEncoding, type WireError } from '$shared/contract.js';
import { compileRule } from '$shared/codec/rules.js';
import type { Bridge } from '../bridge/bridge.js';
import { settle } from '../bridge/settle.js';
import { parseWholeNumber } from '../ui/whole-number.js';

let nextKey = 1;

export class RuleRow {
  /** Keeps a row's identity in the list while it moves. */
  readonly key = nextKey++;
  enabled = $state(true);
  when = $state<RuleWhen>('contains');
  pattern = $state('');
  then = $state<RuleThen>('reply');
  reply = $state('');
  format = $state<InputFormat>('text');
  lineEnding = $state<LineEnding>('none');
  delayMs = $state('0');
  expand = $state(false);

  constructor(input?: RuleInput) {
    if (!input) return;
    const r = v.parse(Rule, input);
    this.enabled = r.enabled;
    this.when = r.when;
    this.pattern = r.pattern;
    this.then = r.then;
    this.reply = r.reply;
    this.format = r.format;
    this.lineEnding = r.lineEnding;
    this.delayMs = String(r.delayMs);
    this.expand = r.expand;
  }

  /** The rule as main takes it; a row with an error goes disabled. */
  toRule(encoding: TextEncoding): Rule {
    return { ...this.toSaved(), enabled: this.enabled && this.error(encoding) === null };
  }

  /** Why the rule cannot work as typed, or null. */
  error(encoding: TextEncoding): string | null {
    if (parseWholeNumber(this.delayMs, 0, 600_000) === null) return m.rule_delay_range();
    if (this.pattern === '' && this.when !== 'contains') return m.rule_pattern_empty();
    const parsed = v.safeParse(Rule, this.toSaved());
    if (!parsed.success) return m.rule_invalid({ reason: inLanguage(parsed.issues[0]?.message ?? '', m.value_not_valid) });
    const compiled = compileRule(parsed.output, encoding);
    return compiled.ok ? null : compiled.error.message;
  }

  /** The rule as typed (kept with the tab, and as main takes it but for Enabled). */
  toSaved(): Rule {
    return {
      enabled: this.enabled,
      when: this.when,
      pattern: this.pattern,
      then: this.then,
      reply: this.reply,
      format: this.format,
      lineEnding: this.lineEnding,
      delayMs: parseWholeNumber(this.delayMs, 0, 600_000) ?? 0,
      expand: this.expand,
    };
  }
}

export class RulesState {
  rows = $state<RuleRow[]>([]);
  #hits = $state.raw<number[]>([]);
  #lastError = $state<string | null>(null);
  #error = $state.raw<WireError | null>(null);
  readonly #id: string;
  readonly #bridge: Bridge;
  readonly #encoding: () => TextEncoding;

  constructor(id: string, bridge: Bridge, encoding: () => TextEncoding) {
    this.#id = id;
    this.#bridge = bridge;
    this.#encoding = encoding;
  }

  get hits(): number[] {
    return this.#hits;
  }

  /** Why the last reply could not be made (from main), if one failed. */
  get lastError(): string | null {
    return this.#lastError;
  }

  /** Why main refused the rules, if it did. */
  get error(): WireError | null {
    return this.#error;
  }

  get encoding(): TextEncoding {
    return this.#encoding();
  }

  add(): void {
    this.rows = [...this.rows, new RuleRow()];
  }

  move(index: number, by: -1 | 1): void {
    const to = index + by;
    if (to < 0 || to >= this.rows.length) return;
    const rows = [...this.rows];
    [rows[index], rows[to]] = [rows[to]!, rows[index]!];
    this.rows = rows;
    void this.apply();
  }

  remove(index: number): void {
    this.rows = this.rows.filter((_, i) => i !== index);
    void this.apply();
  }

  /** Sends the rules as they stand to main (rows with an error go disabled). */
  async apply(): Promise<void> {
    const encoding = this.#encoding();
    const rules = this.rows.map((r) => r.toRule(encoding));
    const result = await settle(() => this.#bridge.sessionRules({ id: this.#id, rules, encoding }), 'Setting the rules');
    this.#error = result.ok ? null : result.error;
    if (result.ok) this.#hits = result.value.hits;
  }

  /** main's growth notice: the hit counts and the last reply error. */
  update(state: { hits: number[]; error: string | null } | null | undefined): void {
    if (!state) return;
    this.#hits = state.hits;
    this.#lastError = state.error;
  }

  toSaved(): Rule[] {
    return this.rows.map((r) => r.toSaved());
  }

  restore(rules: Rule[]): void {
    this.rows = rules.map((r) => new RuleRow(r));
    if (rules.length > 0) void this.apply();
  }
}
