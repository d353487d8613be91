// Reply rules at work: each received frame (or chunk) is tried against the rules in order and
// the first that matches acts: a reply to whoever sent it (built from what the pattern
// captured), a reply and close, a close, or nothing. Actions run after the frame is logged (after
// the rule's delay), never inside the read that brought it.
import type { Rule, TextEncoding } from '../../shared/contract.js';
import { decodeTextFast } from '../../shared/codec/text-encoding.js';
import { expandVariables } from '../../shared/codec/variables.js';
import { variableContext, type VariableSource } from '../payload-bytes.js';
import { compileRule, type Captures, type CompiledRule } from '../../shared/codec/rules.js';
import { RuleFilter } from './rule-filter.js';
import { compileReply, replyBytes, type ReplyMaker } from '../../shared/codec/rule-reply.js';
import { DueAnswers, type After, type AnswerOut, type Peer } from './due-answers.js';
import { CodedError } from '../errors.js';


/** A rule compiled: how it matches and how it answers. */
interface Ruled extends CompiledRule {
  reply: ReplyMaker;
}

/** A frame's text in the rules' encoding, decoded when the first rule asks for it. */
class FrameText {
  bytes: Uint8Array = new Uint8Array(0);
  decoded: string | null = null;
  constructor(readonly encoding: () => TextEncoding) {}
  readonly text = (): string => (this.decoded ??= decodeTextFast(this.bytes, this.encoding()));
}

/** What a rule can do to the peer a frame came from: the session's own send and close. */
export interface Responder {
  /** Sends `bytes` to `peer`, logged as sent by rule number `rule` (from 1). */
  reply(peer: Peer, bytes: Uint8Array, rule: number): Promise<unknown>;
  /** Where the session can: a rule's answers to one peer at once, before it returns (see AnswerOut.run; it throws if it cannot). */
  replyRun?: AnswerOut['run'];
  close(peer: Peer): Promise<unknown>;
  /** A rule acted, or failed to (the counts and the last error are in RuleRunner). */
  changed(): void;
  /** What a reply's variables read (the session's counter, its log's next number); the names are the rules' own. */
  variables: VariableSource;
}

export class RuleRunner {
  #compiled: Ruled[] = [];
  /** Answers without delay waiting for the microtask that sends them. */
  readonly #due = new DueAnswers();
  #encoding: TextEncoding = 'utf-8';
  #hits: number[] = [];
  #lastError: string | null = null;
  /** Named groups of the latest matches ({{name}} in payloads). */
  #captured: Record<string, string> = Object.create(null) as Record<string, string>;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #watchers = new Set<(bytes: Uint8Array, peer: Peer) => void>();
  #filter = new RuleFilter([]);
  readonly #frame = new FrameText(() => this.#encoding);

  constructor(private readonly responder: Responder) {}

  #active = false;

  /** Something looks at received frames: an enabled rule, or a watcher (a running sequence). Asked for every frame. */
  get active(): boolean {
    return this.#active;
  }

  #updateActive(): void {
    this.#active = this.#watchers.size > 0 || this.#compiled.some((c) => c.rule.enabled);
  }

  /** Calls `fn` with every frame received (and logged) until the returned function is called. */
  watch(fn: (bytes: Uint8Array, peer: Peer) => void): () => void {
    this.#watchers.add(fn);
    this.#updateActive();
    return () => {
      this.#watchers.delete(fn);
      this.#updateActive();
    };
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
    const compiled: Ruled[] = [];
    for (const [i, rule] of rules.entries()) {
      if (!rule.enabled) {
        compiled.push({ rule, needs: null, match: () => null, reply: () => null });
        continue;
      }
      const c = compileRule(rule, encoding);
      if (!c.ok) throw new CodedError(c.error.code, `Rule ${i + 1}: ${c.error.message}`);
      compiled.push({ ...c.value, reply: compileReply(rule, encoding) });
    }
    this.#compiled = compiled;
    this.#filter = new RuleFilter(compiled);
    this.#updateActive();
    this.#encoding = encoding;
    this.#hits = rules.map(() => 0);
    this.#lastError = null;
  }

  /** A frame arrived from `peer` (and was logged): the first enabled rule that matches acts. */
  frame(bytes: Uint8Array, peer: Peer): void {
    if (this.#watchers.size > 0) for (const watcher of this.#watchers) watcher(bytes, peer);
    // Decoded once, and only if a rule needs the text.
    const frame = this.#frame;
    frame.bytes = bytes;
    frame.decoded = null;
    // Which rules it can match, by the bytes it has: most are passed over untried.
    const filter = this.#filter;
    const n = filter.frame(bytes);
    const candidates = filter.candidates;
    for (let k = 0; k < n; k++) {
      const i = candidates[k]!;
      if (!filter.may(i)) continue;
      const c = this.#compiled[i]!;
      const captures = c.match(bytes, frame.text);
      if (!captures) continue;
      this.#hits[i]!++;
      const named = captures.groups;
      if (named) for (const name in named) this.#captured[name] = named[name] ?? '';
      // An answer sent at once says so after it is sent (once for all the answers of a read).
      if (!this.#act(c, i, captures, peer)) this.responder.changed();
      return;
    }
  }

  /** Acts on a match; true when the answer is queued to go at once (#sendDue). Nothing here is captured by a closure: no allocation per frame. */
  #act(c: Ruled, index: number, captures: Captures, peer: Peer): boolean {
    const rule = c.rule;
    if (rule.then === 'ignore') return false;
    if (rule.delayMs > 0) return this.#later(c, index, captures, peer);
    // With no delay, right after the read that brought the frame (its entry is logged first):
    // the answers to every frame of that read go in one microtask, in order.
    const error = rule.then === 'close' ? null : c.reply(captures, this.#due.sink, rule.expand ? this.#expander(rule) : undefined);
    if (error) return this.#cannot(index, error.message);
    if (this.#due.push(peer, index, rule.then)) queueMicrotask(this.#sendDue);
    return true;
  }

  /** What a reply's {{variables}} read: the session's, and the names the rules captured. */
  #expander(rule: Rule): (text: string) => ReturnType<typeof expandVariables> {
    return (text) => expandVariables(text, rule.format, variableContext({ ...this.responder.variables, captured: () => this.captured }));
  }

  /** An answer after the rule's delay (made now, from what the frame captured). */
  #later(c: Ruled, index: number, captures: Captures, peer: Peer): false {
    const after: After = c.rule.then === 'ignore' ? 'reply' : c.rule.then;
    let bytes: Uint8Array | null = null;
    if (after !== 'close') {
      const made = replyBytes(c.reply, captures, c.rule.expand ? this.#expander(c.rule) : undefined);
      if (!made.ok) return this.#cannot(index, made.error.message);
      bytes = made.value;
    }
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#one(peer, bytes, index, after);
      this.responder.changed();
    }, c.rule.delayMs);
    this.#timers.add(timer);
    return false;
  }

  #cannot(index: number, why: string): false {
    this.#lastError = `Rule ${index + 1} matched but could not reply: ${why}`;
    return false;
  }

  readonly #out: AnswerOut = {
    run: undefined,
    one: (peer, bytes, index, after) => this.#one(peer, bytes, index, after),
    failed: (index, err) => this.#failed(index, err),
  };

  readonly #sendDue = (): void => {
    // Rules set meanwhile: the answers were made by the rules as they were, and go out.
    this.#out.run = this.responder.replyRun;
    this.#due.send(this.#out);
    this.responder.changed();
  };

  /** Rule `index`'s answer (null: none) to `peer`, then a close if it asks for one. */
  #one(peer: Peer, bytes: Uint8Array | null, index: number, after: After): void {
    const sent = bytes ? this.responder.reply(peer, bytes, index + 1) : Promise.resolve();
    if (after !== 'reply') {
      void sent.then(() => this.responder.close(peer)).catch((err: unknown) => this.#failed(index, err));
    } else sent.catch((err: unknown) => this.#failed(index, err));
  }

  /** The peer went meanwhile, say: the reply is not sent, and the rule says why. */
  #failed(index: number, err: unknown): void {
    this.#lastError = `Rule ${index + 1}: ${err instanceof Error ? err.message : String(err)}`;
    this.responder.changed();
  }

  /** The session is going: replies still waiting for their delay are dropped. */
  dispose(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }
}
