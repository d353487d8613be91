// A reply rule's answer: its Reply template (in the composer's formats) with what the pattern
// captured put in. Captures go in as the text they are: in a Text reply a captured backslash
// stays a backslash, and in a Hex reply a Hex pattern's capture ($0, hex digits) is bytes again.
// A Text reply without variables is parsed once, when the rule is set: each answer then only
// joins bytes (a flood of frames each answered costs no parsing).
import { m } from '../i18n/paraglide/messages.js';
import type { Result, Rule, TextEncoding, WireError } from '../contract.js';
import { encodePayload, lineEndingBytes } from './payload.js';
import { parseEscapedText } from './escapes.js';
import type { Captures } from './rules.js';
import { encodeText } from './text-encoding.js';

/**
 * Writes one answer at the sink's end, or says why it cannot (the sink is then as it was).
 * `expand` puts variables in (Expand variables) before the text is parsed.
 */
export type ReplyMaker = (captures: Captures, sink: ReplySink, expand?: (text: string) => Result<string>) => WireError | null;

/** Where answers are written one after another (a read's worth of them), reused: no buffer per answer. */
export class ReplySink {
  mem = new Uint8Array(4096);
  fill = 0;

  /** Room for `n` more bytes at `fill` (mem may be replaced). */
  reserve(n: number): void {
    if (this.fill + n <= this.mem.length) return;
    const grown = new Uint8Array(Math.max(2 * this.mem.length, this.fill + n));
    grown.set(this.mem.subarray(0, this.fill));
    this.mem = grown;
  }

  push(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.mem.set(bytes, this.fill);
    this.fill += bytes.length;
  }
}

/** One answer as bytes of its own (a delayed answer, a test). */
export function replyBytes(maker: ReplyMaker, captures: Captures, expand?: (text: string) => Result<string>): Result<Uint8Array> {
  const sink = new ReplySink();
  const error = maker(captures, sink, expand);
  return error ? { ok: false, error } : { ok: true, value: sink.mem.slice(0, sink.fill) };
}

/** A piece of a template: its text, or a capture by number or by name. */
type Part = { text: string } | { group: number; at: number } | { name: string; at: number };

function partsOf(template: string): Part[] {
  const parts: Part[] = [];
  let text = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    const next = template[i + 1];
    if (c !== '$') text += c;
    else if (next === '$') {
      text += '$';
      i++;
    } else if (next !== undefined && next >= '0' && next <= '9') {
      parts.push({ text }, { group: Number(next), at: i });
      text = '';
      i++;
    } else if (next === '{') {
      const end = template.indexOf('}', i + 2);
      parts.push({ text }, { name: end < 0 ? '' : template.slice(i + 2, end), at: i });
      text = '';
      i = end < 0 ? template.length : end;
    } else text += c;
  }
  parts.push({ text });
  return parts.filter((p) => !('text' in p) || p.text !== '');
}

/** A capture's text, or null when the match has no such group (see missing). */
function captureOf(part: Exclude<Part, { text: string }>, captures: Captures): string | null {
  if ('group' in part) return part.group < captures.length ? (captures[part.group] ?? '') : null;
  return captures.groups && Object.hasOwn(captures.groups, part.name) ? (captures.groups[part.name] ?? '') : null;
}

/** The error for a capture the match does not have, naming it and where the template asks for it. */
function missing(part: Exclude<Part, { text: string }>, captures: Captures, template: string): Result<never> {
  if ('group' in part) return captureError(`$${part.group}`, template, part.at, m.reply_numbered_groups({ n: captures.length - 1 }));
  return captureError(`\${${part.name}}`, template, part.at, m.reply_no_named_group());
}

function captureError(what: string, template: string, at: number, why: string): Result<never> {
  return { ok: false, error: { code: 'INVALID_PAYLOAD', message: m.reply_capture_error({ what, at: [...template.slice(0, at)].length + 1, why }) } };
}

/**
 * The reply text with captures put in: $0..$9 (numbered groups), ${name} (named groups), $$ for
 * a dollar sign. `literal` makes each capture's text safe for the parsing that follows (escapes).
 */
export function fillCaptures(template: string, captures: Captures, literal: (text: string) => string = (t) => t): Result<string> {
  let out = '';
  for (const part of partsOf(template)) {
    if ('text' in part) out += part.text;
    else {
      const value = captureOf(part, captures);
      if (value === null) return missing(part, captures, template);
      out += literal(value);
    }
  }
  return { ok: true, value: out };
}

const utf8 = new TextEncoder();

/** The answer from its parsed pieces and its captures' text, encoded in the tab's encoding. */
function joined(pieces: readonly (Uint8Array | Exclude<Part, { text: string }>)[], captures: Captures, encoding: TextEncoding): Result<Uint8Array> {
  const bytes: Uint8Array[] = [];
  for (const piece of pieces) {
    if (piece instanceof Uint8Array) {
      bytes.push(piece);
      continue;
    }
    const text = captureOf(piece, captures) ?? '';
    const encoded = encoding === 'utf-8' ? { ok: true as const, value: utf8.encode(text) } : encodeText(text, encoding);
    if (!encoded.ok) return encoded;
    bytes.push(encoded.value);
  }
  return { ok: true, value: concat(bytes) };
}

/** How a rule answers, ready for every frame it matches. */
export function compileReply(rule: Rule, encoding: TextEncoding): ReplyMaker {
  const ending = lineEndingBytes({ format: rule.format, text: '', lineEnding: rule.lineEnding, encoding });
  if (rule.format === 'text' && !rule.expand) {
    const parts = partsOf(rule.reply);
    const pieces: (Uint8Array | Exclude<Part, { text: string }>)[] = [];
    for (const part of parts) {
      if (!('text' in part)) pieces.push(part);
      else {
        const parsed = parseEscapedText(part.text, encoding);
        // Cut by a capture inside an escape ("\x4$1"): answered the slow way, which says what is wrong.
        if (!parsed.ok) return slowReply(rule, encoding);
        pieces.push(parsed.value);
      }
    }
    if (ending.length > 0) pieces.push(ending);
    if (pieces.every((p) => p instanceof Uint8Array)) {
      const constant = concat(pieces as Uint8Array[]);
      return (_, sink) => {
        sink.push(constant);
        return null;
      };
    }
    // Side by side: each piece's bytes, or the capture it puts in (no type test per answer).
    const consts = pieces.map((p) => (p instanceof Uint8Array ? p : null));
    const refs = pieces.map((p) => (p instanceof Uint8Array ? null : p));
    const fixed = consts.reduce((n, p) => n + (p?.length ?? 0), 0);
    return (captures, sink) => {
      let size = fixed;
      for (const ref of refs) {
        if (!ref) continue;
        const text = captureOf(ref, captures);
        if (text === null) return pushed(missing(ref, captures, rule.reply), sink);
        size += text.length;
      }
      // In UTF-8, ASCII captures (most) are written straight into the answer; others are encoded.
      if (encoding === 'utf-8') {
        sink.reserve(size);
        const out = sink.mem;
        let at = sink.fill;
        for (let k = 0; k < consts.length; k++) {
          const bytes = consts[k];
          if (bytes) {
            out.set(bytes, at);
            at += bytes.length;
            continue;
          }
          const text = captureOf(refs[k]!, captures)!;
          for (let i = 0; i < text.length; i++) {
            const c = text.charCodeAt(i);
            if (c >= 0x80) return pushed(joined(pieces, captures, encoding), sink);
            out[at++] = c;
          }
        }
        sink.fill = at;
        return null;
      }
      return pushed(joined(pieces, captures, encoding), sink);
    };
  }
  return slowReply(rule, encoding);
}

/** Captures put into the template's text, variables expanded, then the whole parsed as a send is. */
function slowReply(rule: Rule, encoding: TextEncoding): ReplyMaker {
  const literal = (text: string): string => {
    let t = rule.format === 'text' ? text.replaceAll('\\', '\\\\') : text;
    if (rule.expand) t = t.replaceAll('{{', '{{{{');
    return t;
  };
  return (captures, sink, expand) => {
    let text = fillCaptures(rule.reply, captures, literal);
    if (text.ok && rule.expand && expand) text = expand(text.value);
    return pushed(text.ok ? encodePayload({ format: rule.format, text: text.value, lineEnding: rule.lineEnding, encoding }) : text, sink);
  };
}

/** An answer made on its own, into the sink; or its error. */
function pushed(result: Result<Uint8Array>, sink: ReplySink): WireError | null {
  if (!result.ok) return result.error;
  sink.push(result.value);
  return null;
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  if (parts.length === 0) return new Uint8Array(0);
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
