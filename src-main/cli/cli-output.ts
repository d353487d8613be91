// What `wirebench` prints: entries and events, for a person (time, direction, peer, size, the
// bytes as escaped text and as hex) or, with --json, as JSON Lines whose entry objects have the
// fields of the JSON Lines log export. Failures also go to stderr as one line with their code.
import type { LogEntry } from '../shared/contract.js';
import { decodeText } from '../shared/codec/text-encoding.js';
import { isoTime } from '../engine/clock.js';

export interface Out {
  write(text: string): void;
  error(text: string): void;
}

export const stdio: Out = {
  write: (text) => void process.stdout.write(text),
  error: (text) => void process.stderr.write(text),
};

/** Escaped text as the composer reads it: \r \n \t \\ and \xHH for the rest. */
function escaped(bytes: Uint8Array): string {
  let out = '';
  for (const c of decodeText(bytes, 'utf-8')) {
    const code = c.charCodeAt(0);
    if (c === '\r') out += '\\r';
    else if (c === '\n') out += '\\n';
    else if (c === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0').toUpperCase()}`;
    else out += c;
  }
  return out;
}

export class Printer {
  constructor(
    private readonly json: boolean,
    private readonly out: Out = stdio,
  ) {}

  entry(e: LogEntry): void {
    if (this.json) {
      const base64 = Buffer.from(e.bytes.buffer, e.bytes.byteOffset, e.bytes.byteLength).toString('base64');
      this.out.write(`${JSON.stringify({ type: 'entry', seq: e.seq, ts: Math.round(e.ts * 1000) / 1000, time: isoTime(e.ts), dir: e.dir, peer: e.peer, size: e.size, base64 })}\n`);
      return;
    }
    const hex = Buffer.from(e.bytes.buffer, e.bytes.byteOffset, Math.min(e.bytes.byteLength, 64)).toString('hex').replace(/(..)(?!$)/g, '$1 ');
    const more = e.size > 64 ? ' …' : '';
    this.out.write(`${isoTime(e.ts).slice(11, 26)} ${e.dir === 'in' ? '<-' : '->'} ${e.peer ?? ''} ${e.size} B  ${escaped(e.bytes)}\n    ${hex}${more}\n`);
  }

  /** An event: connected, listening, matched, step, passed, closed... with its fields. */
  event(type: string, fields: Record<string, unknown>, words: string): void {
    if (this.json) this.out.write(`${JSON.stringify({ type, time: isoTime(Date.now()), ...fields })}\n`);
    else this.out.write(`${words}\n`);
  }

  /** A failure: an event on stdout (JSON), and always one line in words with its code on stderr. */
  failure(code: string, message: string, exit: number): void {
    if (this.json) this.out.write(`${JSON.stringify({ type: 'failed', time: isoTime(Date.now()), code, exit, message })}\n`);
    this.out.error(`wirebench: ${code}: ${message}\n`);
  }
}
