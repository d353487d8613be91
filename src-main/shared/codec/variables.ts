// Variables in a payload ("Expand variables"): {{counter}}, {{seq}}, {{time}}, {{unixtime}},
// {{unixtime_ms}}, {{random:N}}, {{random_int:A-B}}, {{uuid}}, {{hex:...}}, {{file:PATH}} and
// values captured by rules ({{name}}). {{{{ is a literal {{. Each expands into the payload's own
// syntax (text with escapes, or hex), so the usual parser then makes the bytes: bytes become \xHH
// in text and hex digits in hex. An unknown variable is an error naming it and its position.
import { m } from '../i18n/paraglide/messages.js';
import type { InputFormat, Result } from '../contract.js';
import { HEX_PAIRS } from './hex.js';
import { parseHex } from './hex.js';
import { charPosition } from './text-position.js';

export interface VariableContext {
  /** This tab's send counter (the value for this send). */
  counter: number;
  /** The log's next entry number. */
  seq: number;
  now: Date;
  random(n: number): Uint8Array;
  uuid(): string;
  /** A file's bytes ({{file:PATH}}): only where the host may read files (main). */
  file?: (path: string) => Uint8Array | undefined;
  /** Values captured by rules. */
  captured: Readonly<Record<string, string>>;
}

/** The {{file:PATH}} paths a text names (main reads them before expanding). */
export function filesNamed(text: string): string[] {
  return [...text.replaceAll('{{{{', '').matchAll(/\{\{file:([^}]*)\}\}/g)].map((m) => m[1]!);
}

const MAX_RANDOM = 1024 * 1024;

/** `text` with every variable put in, in the syntax of `format`; or the first bad variable in words. */
export function expandVariables(text: string, format: InputFormat, ctx: VariableContext): Result<string> {
  if (format === 'base64') {
    return text.includes('{{') ? fail(text, text.indexOf('{{'), m.var_not_in_base64()) : { ok: true, value: text };
  }
  let out = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, open);
    if (text.startsWith('{{{{', open)) {
      if (format === 'hex') return fail(text, open, m.var_literal_in_hex());
      out += '{{';
      i = open + 4;
      continue;
    }
    const close = text.indexOf('}}', open + 2);
    if (close < 0) return fail(text, open, m.var_not_closed());
    const token = text.slice(open + 2, close);
    const value = valueOf(token, ctx, format);
    if (!value.ok) return fail(text, open, value.error.message);
    out += value.value;
    i = close + 2;
  }
  return { ok: true, value: out };
}

/** A string as the payload's syntax: escaped text, or its UTF-8 bytes as hex. */
function asPayload(s: string, format: InputFormat): string {
  if (format === 'hex') return bytesAs(new TextEncoder().encode(s), format);
  return s.replaceAll('\\', '\\\\');
}

function bytesAs(bytes: Uint8Array, format: InputFormat): string {
  let out = '';
  for (const b of bytes) out += format === 'hex' ? `${HEX_PAIRS[b]} ` : `\\x${HEX_PAIRS[b]}`;
  return out;
}

function valueOf(token: string, ctx: VariableContext, format: InputFormat): Result<string> {
  const colon = token.indexOf(':');
  const name = colon < 0 ? token : token.slice(0, colon);
  const arg = colon < 0 ? '' : token.slice(colon + 1);
  const ok = (value: string): Result<string> => ({ ok: true, value });
  switch (name) {
    case 'counter':
      return ok(asPayload(String(ctx.counter), format));
    case 'seq':
      return ok(asPayload(String(ctx.seq), format));
    case 'time':
      return ok(asPayload(ctx.now.toISOString(), format));
    case 'unixtime':
      return ok(asPayload(String(Math.floor(ctx.now.getTime() / 1000)), format));
    case 'unixtime_ms':
      return ok(asPayload(String(ctx.now.getTime()), format));
    case 'uuid':
      return ok(asPayload(ctx.uuid(), format));
    case 'random': {
      const n = /^\d+$/.test(arg) ? Number(arg) : NaN;
      if (!(n >= 1 && n <= MAX_RANDOM)) return err(m.var_random_range({ max: MAX_RANDOM, arg }));
      return ok(bytesAs(ctx.random(n), format));
    }
    case 'random_int': {
      const range = /^(-?\d+)-(-?\d+)$/.exec(arg);
      const [a, b] = range ? [Number(range[1]), Number(range[2])] : [NaN, NaN];
      if (!range || !Number.isSafeInteger(a) || !Number.isSafeInteger(b) || a > b) return err(m.var_random_int({ arg }));
      const span = b - a + 1;
      const r = ctx.random(4);
      const x = ((r[0]! << 24) | (r[1]! << 16) | (r[2]! << 8) | r[3]!) >>> 0;
      return ok(asPayload(String(a + (x % span)), format));
    }
    case 'hex': {
      const bytes = parseHex(arg);
      if (!bytes.ok) return err(`{{hex:...}}: ${bytes.error.message}`);
      return ok(bytesAs(bytes.value, format));
    }
    case 'file': {
      if (!ctx.file) return err(m.var_file_preview());
      const bytes = ctx.file(arg);
      return bytes ? ok(bytesAs(bytes, format)) : err(m.var_file_unreadable({ arg }));
    }
    default:
      if (colon < 0 && Object.hasOwn(ctx.captured, name)) return ok(asPayload(ctx.captured[name]!, format));
      return err(m.var_unknown({ token }));
  }
}

function err(message: string): Result<never> {
  return { ok: false, error: { code: 'INVALID_PAYLOAD', message } };
}

function fail(text: string, at: number, why: string): Result<never> {
  return { ok: false, error: { code: 'INVALID_PAYLOAD', message: m.var_at({ at: charPosition(text, at), why }) } };
}
