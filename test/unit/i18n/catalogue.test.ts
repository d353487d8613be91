// The message catalogue: every message exists in English and 简体中文 with the same inputs,
// the Chinese is Chinese (not English left behind), and every message is used somewhere.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAME_IN_EVERY_LANGUAGE, wordsToTranslate } from './literal-text.js';

const root = path.resolve(import.meta.dirname, '../../..');
const messages = (locale: string): Record<string, unknown> => {
  const { $schema: _schema, ...rest } = JSON.parse(readFileSync(path.join(root, 'src-main/shared/i18n/messages', `${locale}.json`), 'utf8')) as Record<string, unknown>;
  return rest;
};
const en = messages('en');
const zh = messages('zh-CN');

/** A message's pattern texts: the string, or each variant of a plural message. */
function texts(message: unknown): string[] {
  if (typeof message === 'string') return [message];
  const variants = (message as { match: Record<string, string> }[])[0]?.match ?? {};
  return Object.values(variants);
}

/** The {inputs} a message's texts use (escaped braces are text). */
function inputs(message: unknown): string[] {
  const names = new Set<string>();
  for (const text of texts(message)) for (const m of text.replaceAll('\\{', '').matchAll(/\{(\w+)\}/g)) names.add(m[1] ?? '');
  return [...names].sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (name === 'paraglide' || name === 'node_modules') return [];
    return statSync(file).isDirectory() ? sourceFiles(file) : /\.(ts|svelte)$/.test(name) ? [file] : [];
  });
}

describe('the message catalogue', () => {
  it('names no message "then" (a module exporting then is a thenable: importing it never resolves)', () => {
    expect(Object.keys(en)).not.toContain('then');
  });

  it('has the same messages in English and 简体中文', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    expect(Object.keys(en).length).toBeGreaterThan(700);
  });

  it('gives each message the same inputs in both languages', () => {
    const differ = Object.keys(en).filter((key) => inputs(en[key]).join() !== inputs(zh[key]).join());
    expect(differ).toEqual([]);
  });

  it('has no empty message, and no English left in the Chinese', () => {
    const empty = Object.keys(en).filter((key) => [...texts(en[key]), ...texts(zh[key])].some((t) => t.trim() === ''));
    expect(empty).toEqual([]);
    // Words the Chinese may keep: protocol and format names, units, and the names of keys and tools.
    const english = Object.keys(zh).flatMap((key) =>
      texts(zh[key]).flatMap((t) => wordsToTranslate(t.replace(/\\\{\\\{.*?\\\}\\\}/g, ' ').replace(/\{\w+\}/g, '').replace(/\\+\w*/g, ' ').replace(/\b(Ctrl|Shift|Enter|Delete|SNI|ALPN|CA|SSLKEYLOGFILE|Wireshark|Linux|Windows|macOS|Packet Sender|Python|bytes|Base64|SOL_SOCKET|IPPROTO_\w+|IP_HDRINCL|TCP_NODELAY|CAP_NET_RAW|setsockopt|Linger|root|npm run \w+|PING|GET|SGVsbG8|JSON|Lines|ID|id|h2|http|name|value|e\.g|home|me|Users|session\.jsonl|jsonl|wirebench[\w.-]*|tmp|pipe|ff02|ICMP|DOS|ping|base64|sudo|EMSGSIZE|net\.ipv4\.ping_group_range|IPPROTO_RAW|Nagle|cubic|reno|net\.core\.\w+|counter|seq|time|unixtime\w*|random\w*|uuid|hex|file|PATH|surrogate|lo|ulimit)\b/g, ' ')).map((word) => `${key}: ${word}`)),
    );
    expect(english).toEqual([]);
  });

  it('uses every message, and every message used exists', () => {
    const code = [...sourceFiles(path.join(root, 'src-renderer')), ...sourceFiles(path.join(root, 'src-main'))].map((f) => readFileSync(f, 'utf8')).join('\n');
    const unused = Object.keys(en).filter((key) => !new RegExp(`\\bm\\.${key}\\b`).test(code));
    expect(unused).toEqual([]);
    const called = new Set([...code.matchAll(/\bm\.([a-z][a-z0-9_]*)\(/g)].map((m) => m[1] ?? ''));
    expect([...called].filter((key) => !(key in en))).toEqual([]);
  });

  it('keeps the technical words the same in both languages', () => {
    expect(SAME_IN_EVERY_LANGUAGE.has('TCP')).toBe(true);
    expect(en['kind_tcp_server']).toBe('TCP server');
    expect(zh['kind_tcp_server']).toBe('TCP 服务器');
  });
});
