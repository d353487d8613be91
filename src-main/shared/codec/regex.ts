// Regular expressions typed by a user (Find, reply rules): compiled, or refused with what is
// wrong and where (1-based character position), which the JavaScript engine does not say.
import { m } from '../i18n/paraglide/messages.js';
import type { Result } from '../contract.js';
import { charPosition } from './text-position.js';

/** A RegExp, or INVALID_REGEX naming what is wrong and where; `what` starts the message ("Find"). */
export function compileRegex(pattern: string, flags: string, what: string): Result<RegExp> {
  try {
    return { ok: true, value: new RegExp(pattern, flags) };
  } catch (err) {
    const reason = (err instanceof Error ? err.message : String(err)).replace(/^.*: /, '');
    const at = errorPosition(pattern, flags);
    return { ok: false, error: { code: 'INVALID_REGEX', message: m.regex_invalid({ what, at: charPosition(pattern, at), reason }) } };
  }
}

/**
 * Where a pattern goes wrong: the shortest prefix that fails even with its open classes and
 * groups closed. With none, something was left open: where the unclosed class or group began.
 */
function errorPosition(pattern: string, flags: string): number {
  if (pattern.length > 1000) return pattern.length;
  const groups: number[] = [];
  let classAt = -1;
  for (let k = 0; k < pattern.length; k++) {
    const c = pattern[k];
    if (c === '\\') k++;
    else if (classAt >= 0) classAt = c === ']' ? -1 : classAt;
    else if (c === '[') classAt = k;
    else if (c === '(') groups.push(k);
    else if (c === ')' && groups.pop() === undefined) return k;
    const closed = pattern.slice(0, k + 1) + (classAt >= 0 ? ']' : '') + ')'.repeat(groups.length);
    try {
      new RegExp(closed, flags);
    } catch {
      return Math.min(k, pattern.length - 1);
    }
  }
  return classAt >= 0 ? classAt : (groups.at(-1) ?? pattern.length);
}

/** A literal string as a regular expression that matches it. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The ASCII text every match must start with: the literal characters after a leading ^ (none
 * with an alternation anywhere, or a quantifier that makes the last one optional). '' when
 * there is none. Used to pass over frames that cannot match without running the expression.
 */
export function requiredAsciiPrefix(pattern: string): string {
  if (!pattern.startsWith('^') || pattern.includes('|')) return '';
  let end = 1;
  while (end < pattern.length && /[A-Za-z0-9 _\-:/,;=<>!@#%&~'"`]/.test(pattern[end]!)) end++;
  const next = pattern[end];
  if (next === '?' || next === '*' || next === '{') end--;
  return pattern.slice(1, Math.max(1, end));
}
