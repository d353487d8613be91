// Finds words a component shows that do not come from the message catalogue: text in the
// markup, and the text attributes (title, placeholder, aria-label, alt; a component's props)
// written as literals. Words that read the same in every language (TCP, UDP, MiB...) and
// symbols are allowed. Used by literal-text.test.ts; prints a file's findings when run alone.
import { readFileSync } from 'node:fs';
import { parse } from 'svelte/compiler';

/** Attributes of HTML elements that a person reads. */
const TEXT_ATTRIBUTES = new Set(['title', 'placeholder', 'aria-label', 'alt', 'aria-roledescription', 'aria-valuetext']);
/** Props of our components that are never text a person reads. */
const CODE_PROPS = new Set(['id', 'class', 'name', 'kind', 'type', 'for', 'role', 'inputmode', 'autocomplete', 'idPrefix', 'testid', 'data-testid', 'mode', 'align', 'width', 'size', 'variant', 'tone', 'list', 'pattern', 'accept', 'format', 'direction', 'noteWidth', 'columns', 'chars']);

/** Words that are the same in English and Chinese UIs (protocol names, units, formats). */
export const SAME_IN_EVERY_LANGUAGE = new Set(
  (
    'TCP UDP TLS Unix IP IPv4 IPv6 ICMP ICMPv6 DNS HTTP TTL TOS DSCP ECN DF MF MTU RTT CRC CRC-8 CRC-16 CRC-32 LRC XOR ' +
    'Modbus RTU MODBUS SOCK_STREAM SOCK_DGRAM SOCK_SEQPACKET SO_REUSEADDR SO_BROADCAST ' +
    'UTF-8 UTF-16LE UTF-16BE ASCII Latin-1 GB18030 Big5 Shift_JIS EUC-JP EUC-KR KOI8-R CP437 EBCDIC Base64 ' +
    'LF CR CRLF JSON JSONL CSV pcapng PEM SHA-256 ms µs s KiB MiB GiB B px Wirebench Electron Node Chromium Ping IHL RFC'
  ).split(' '),
);

export interface LiteralText {
  file: string;
  line: number;
  text: string;
}

/** True when `text` has a word a translator would translate. */
export function needsTranslation(text: string): boolean {
  return wordsToTranslate(text).length > 0;
}

/** The words of `text` a translator would translate. */
export function wordsToTranslate(text: string): string[] {
  const words = text.replace(/\b\d+(\.\d+)?(em|ch|px|rem|%)\b|\b0x[0-9A-Fa-f]+\b/g, ' ').match(/[A-Za-z][A-Za-z0-9_.-]*/g) ?? [];
  // Hex bytes, single letters, ids like p1 and CSS lengths like 14em are not words.
  // Identifiers in capitals (CAP_NET_ADMIN, A-B) and names with digits (eth0) are not words.
  return words.filter((w) => !SAME_IN_EVERY_LANGUAGE.has(w) && !/^[A-Z0-9_-]+$/.test(w) && !/\d/.test(w) && !/^(0x)?[0-9A-Fa-f]{1,2}$/.test(w) && !/^[A-Za-z]$/.test(w) && !/^[a-z]{1,2}\d+$/.test(w));
}

type Node = { type: string; start: number; data?: string; name?: string; value?: unknown; attributes?: Node[] } & Record<string, unknown>;

export function literalTextIn(file: string, source = readFileSync(file, 'utf8')): LiteralText[] {
  const ast = parse(source, { modern: true }) as unknown as { fragment: Node };
  const found: LiteralText[] = [];
  const lineOf = (offset: number) => source.slice(0, offset).split('\n').length;
  const report = (node: Node, text: string) => {
    if (needsTranslation(text)) found.push({ file, line: lineOf(node.start), text: text.trim() });
  };
  const staticValue = (attr: Node): string | null => {
    const value = attr.value;
    if (!Array.isArray(value)) return null;
    return value.map((part: Node) => (part.type === 'Text' ? String(part.data ?? '') : ' ')).join('');
  };
  const visit = (node: unknown, parent: Node | null): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const child of node) visit(child, parent);
      return;
    }
    const n = node as Node;
    if (n.type === 'Text' && parent && parent.type !== 'Attribute') report(n, String(n.data ?? ''));
    if ((n.type === 'RegularElement' || n.type === 'Component' || n.type === 'SvelteElement') && Array.isArray(n.attributes)) {
      const isComponent = n.type === 'Component';
      for (const attr of n.attributes) {
        if (attr.type !== 'Attribute' || typeof attr.name !== 'string') continue;
        const textual = isComponent ? !CODE_PROPS.has(attr.name) : TEXT_ATTRIBUTES.has(attr.name);
        const value = staticValue(attr);
        if (textual && value !== null) report(attr, value);
      }
    }
    if (n.type === 'Script' || n.type === 'StyleSheet' || n.type === 'Attribute') return;
    for (const [key, child] of Object.entries(n)) {
      if (key === 'attributes' || key === 'parent' || key === 'metadata') continue;
      if (child && typeof child === 'object') visit(child, n);
    }
  };
  visit(ast.fragment, null);
  return found;
}

if (process.argv[1]?.endsWith('literal-text.ts')) {
  for (const file of process.argv.slice(2)) for (const f of literalTextIn(file)) console.log(`${f.file}:${f.line}: ${f.text}`);
}
