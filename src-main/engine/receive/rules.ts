// Reply rules at work: each received frame (or chunk) is tried against the rules in order and
// the first that matches acts: a reply to whoever sent it (built from what the pattern
// captured), a reply and close, a close, or nothing. Actions run after the frame is logged (after
// the rule's delay), never inside the read that brought it.
import type { Rule, TextEncoding } from '../../shared/contract.js';
import { encodePayload } from '../../shared/codec/payload.js';
import { decodeTextFast } from '../../shared/codec/text-encoding.js';
import { expandVariables } from '../../shared/codec/variables.js';
import { variableContext, type VariableSource } from '../payload-bytes.js';
import { compileRule, fillCaptures, type Captures, type CompiledRule } from '../../shared/codec/rules.js';
import { CodedError } from '../errors.js';
import type { LogPeer } from '../log/traffic-log.js';

type Peer = string | LogPeer | null;

/** What a rule can do to the peer a frame came from: the session's own send and close. */
export interface Responder {
  /** Sends `bytes` to `peer`, logged as sent by rule number `rule` (from 1). */
  reply(peer: Peer, bytes: Uint8Array, rule: number): Promise<unknown>;
  close(peer: Peer): Promise<unknown>;
  /** A rule acted, or failed to (the counts and the last error are in RuleRunner). */
  changed(): void;
  /** What a reply's variables read (the session's counter, its log's next number); the names are the rules' own. */
  variables: VariableSource;
}

export class RuleRunner {
  #compiled: CompiledRule[] = [];
  #encoding: TextEncoding = 'utf-8';
  #hits: number[] = [];
  #lastError: string | null = null;
  /** Named groups of the latest matches ({{name}} in payloads). */
  #captured: Record<string, string> = Object.create(null) as Record<string, string>;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #watchers = new Set<(bytes: Uint8Array, peer: Peer) => void>();

  constructor(private readonly responder: Responder) {}

  /** Something looks at received frames: an enabled rule, or a watcher (a running sequence). */
  get active(): boolean {
    return this.#watchers.size > 0 || this.#compiled.some((c) => c.rule.enabled);
  }

  /** Calls `fn` with every frame received (and logged) until the returned function is called. */
  watch(fn: (bytes: Uint8Array, peer: Peer) => void): () => void {
    this.#watchers.add(fn);
    return () => this.#watchers.delete(fn);
  }

  /** Hits and the last error, for the tab (null with no rules). */
  get state(): { hits: number[]; error: string | null } | null {
    return this.#compiled.length > 0 ? { hits: this.hits, error: this.#lastError } : null;
  }

  /** What rules captured by name, the latest value of each. */
  get captured(): Readonly<Record<string, string>> {
    return Object.assign(Object.create(null) as Record<string, string>, this.#captured);
  }

  /** How many frames each rule has matched (since the rules were last set). */
  get hits(): number[] {
    return [...this.#hits];
  }

  /** Why the last reply could not be made (a capture the reply names, bytes that do not encode), if one failed. */
  get lastError(): string | null {
    return this.#lastError;
  }

  /**
   * Compiles every enabled rule; one that does not is refused (INVALID_REGEX, INVALID_HEX...)
   * naming it, and none is set. A disabled rule is kept as it is (it never acts).
   */
  set(rules: Rule[], encoding: TextEncoding): void {
    const compiled: CompiledRule[] = [];
    for (const [i, rule] of rules.entries()) {
      if (!rule.enabled) {
        compiled.push({ rule, match: () => null });
        continue;
      }
      const c = compileRule(rule, encoding);
      if (!c.ok) throw new CodedError(c.error.code, `Rule ${i + 1}: ${c.error.message}`);
      compiled.push(c.value);
    }
    this.#compiled = compiled;
    this.#encoding = encoding;
    this.#hits = rules.map(() => 0);
    this.#lastError = null;
  }

  /** A frame arrived from `peer` (and was logged): the first enabled rule that matches acts. */
  frame(bytes: Uint8Array, peer: Peer): void {
    for (const watcher of this.#watchers) watcher(bytes, peer);
    // Decoded once, and only if a rule needs the text.
    let decoded: string | null = null;
    const text = (): string => (decoded ??= decodeTextFast(bytes, this.#encoding));
    for (let i = 0; i < this.#compiled.length; i++) {
      const c = this.#compiled[i]!;
      if (!c.rule.enabled) continue;
      const captures = c.match(bytes, text);
      if (!captures) continue;
      this.#hits[i]!++;
      Object.assign(this.#captured, captures.named);
      this.#act(c.rule, i, captures, peer);
      this.responder.changed();
      return;
    }
  }

  #act(rule: Rule, index: number, captures: Captures, peer: Peer): void {
    if (rule.then === 'ignore') return;
    let bytes: Uint8Array | null = null;
    if (rule.then !== 'close') {
      let text = fillCaptures(rule.reply, captures);
      if (text.ok && rule.expand) {
        text = expandVariables(text.value, rule.format, variableContext({ ...this.responder.variables, captured: () => this.captured }));
      }
      const encoded = text.ok ? encodePayload({ format: rule.format, text: text.value, lineEnding: rule.lineEnding, encoding: this.#encoding }) : text;
      if (!encoded.ok) {
        this.#lastError = `Rule ${index + 1} matched but could not reply: ${encoded.error.message}`;
        return;
      }
      bytes = encoded.value;
    }
    const act = (): void => {
      const done = bytes ? this.responder.reply(peer, bytes, index + 1) : Promise.resolve();
      void done
        .then(() => (rule.then === 'reply' ? undefined : this.responder.close(peer)))
        .catch((err: unknown) => {
          // The peer went meanwhile, say: the reply is not sent, and the rule says why.
          this.#lastError = `Rule ${index + 1}: ${err instanceof Error ? err.message : String(err)}`;
          this.responder.changed();
        });
    };
    // With no delay, right after the read that brought the frame (its entry is logged first).
    if (rule.delayMs === 0) {
      queueMicrotask(act);
      return;
    }
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      act();
    }, rule.delayMs);
    this.#timers.add(timer);
  }

  /** The session is going: replies still waiting for their delay are dropped. */
  dispose(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }
}
