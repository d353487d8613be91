// one-off: replace literal template text with m.key() calls; print key<TAB>en for new keys
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'svelte/compiler';
const SAME = new Set(('TCP UDP TLS Unix IP IPv4 IPv6 ICMP ICMPv6 DNS HTTP TTL TOS DSCP ECN DF MF MTU RTT CRC CRC-8 CRC-16 CRC-32 LRC XOR Modbus RTU MODBUS SOCK_STREAM SOCK_DGRAM SOCK_SEQPACKET SO_REUSEADDR SO_BROADCAST UTF-8 UTF-16LE UTF-16BE ASCII Latin-1 GB18030 Big5 Shift_JIS EUC-JP EUC-KR KOI8-R CP437 EBCDIC Base64 LF CR CRLF JSON JSONL CSV pcapng PEM SHA-256 ms µs s KiB MiB GiB B px Wirebench Electron Node Chromium').split(' '));
const needs = (t) => (t.match(/[A-Za-z][A-Za-z0-9_.\-]*/g) ?? []).some((w) => !SAME.has(w) && !/^(0x)?[0-9A-Fa-f]{1,2}$/.test(w) && !/^[a-z]$/.test(w));
const TEXT_ATTRIBUTES = new Set(['title', 'placeholder', 'aria-label', 'alt', 'aria-roledescription', 'aria-valuetext']);
const CODE_PROPS = new Set(['id', 'class', 'name', 'kind', 'type', 'for', 'role', 'inputmode', 'autocomplete', 'idPrefix', 'testid', 'data-testid', 'mode', 'align', 'width', 'size', 'variant', 'tone', 'list', 'pattern', 'accept', 'format', 'direction']);
const catPath = 'src-main/shared/i18n/messages/en.json';
const cat = JSON.parse(readFileSync(catPath, 'utf8'));
const byText = new Map(Object.entries(cat).filter(([k]) => k !== '$schema').map(([k, v]) => [v, k]));
const slug = (t) => t.toLowerCase().replace(/…/g, '').replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40).replace(/_+$/, '') || 'text';
const newKeys = [];
function keyFor(text) {
  if (byText.has(text)) return byText.get(text);
  let k = slug(text); if (/^[0-9]/.test(k)) k = 't_' + k;
  let key = k, i = 2;
  while (cat[key] !== undefined) key = `${k}_${i++}`;
  cat[key] = text; byText.set(text, key); newKeys.push([key, text]);
  return key;
}
for (const file of process.argv.slice(2)) {
  let src = readFileSync(file, 'utf8');
  const ast = parse(src, { modern: true });
  const edits = [];
  const visit = (node, parent) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) { for (const c of node) visit(c, parent); return; }
    if (node.type === 'Text' && parent && parent.type !== 'Attribute') {
      const raw = src.slice(node.start, node.end);
      const trimmed = raw.trim();
      if (trimmed && needs(trimmed) && !/[&<>{}]/.test(trimmed) && !['style','script'].includes(parent.name)) {
        const lead = raw.length - raw.trimStart().length;
        const text = trimmed.replace(/\s+/g, ' ');
        edits.push([node.start + lead, node.start + lead + trimmed.length, `{m.${keyFor(text)}()}`]);
      }
    }
    if ((node.type === 'RegularElement' || node.type === 'Component') && Array.isArray(node.attributes)) {
      for (const a of node.attributes) {
        if (a.type !== 'Attribute' || !Array.isArray(a.value) || a.value.length !== 1 || a.value[0].type !== 'Text') continue;
        const textual = node.type === 'Component' ? !CODE_PROPS.has(a.name) : TEXT_ATTRIBUTES.has(a.name);
        const text = a.value[0].data;
        if (!textual || !needs(text) || /[&<>{}]/.test(text)) continue;
        edits.push([a.start, a.end, `${a.name}={m.${keyFor(text.replace(/\s+/g, ' ').trim())}()}`]);
      }
    }
    if (node.type === 'Script' || node.type === 'StyleSheet' || node.type === 'Attribute') return;
    for (const [k, c] of Object.entries(node)) { if (k === 'attributes' || k === 'metadata' || k === 'parent') continue; if (c && typeof c === 'object') visit(c, node); }
  };
  visit(ast.fragment, null);
  if (edits.length === 0) continue;
  edits.sort((a, b) => b[0] - a[0]);
  for (const [s, e, r] of edits) src = src.slice(0, s) + r + src.slice(e);
  const rel = path.relative(path.dirname(file), 'src-renderer/i18n/i18n.svelte.js');
  const imp = `import { m } from '${rel.startsWith('.') ? rel : './' + rel}';`;
  if (!src.includes(imp)) {
    if (/<script lang="ts">\n/.test(src)) {
      // after the leading comment lines of the script
      src = src.replace(/<script lang="ts">\n((?:\s*\/\/.*\n)*)/, (all, comments) => `<script lang="ts">\n${comments}  ${imp}\n`);
    } else src = `<script lang="ts">\n  ${imp}\n</script>\n\n` + src;
  }
  writeFileSync(file, src);
  console.error(`${file}: ${edits.length}`);
}
writeFileSync(catPath, JSON.stringify(cat, null, 2) + '\n');
for (const [k, t] of newKeys) console.log(`${k}\t${t}`);
