// "Save log" as CSV (RFC 4180: CRLF line ends, fields with a comma, quote or line break quoted,
// quotes doubled): seq, ISO 8601 time, direction, peer, size, hex, text in the tab's encoding
// (undecodable bytes as \xHH) and the checksum result where one was verified.
import type { LogEntry, TextEncoding } from '../../shared/contract.js';
import { decodeText } from '../../shared/codec/text-encoding.js';
import type { BlockEncoder } from './capture-export.js';
import { isoTime } from '../clock.js';

export const CSV_HEADER = ['seq', 'time', 'direction', 'peer', 'size', 'hex', 'text', 'check'];

/** A field as RFC 4180 has it. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const csvLine = (fields: string[]): string => `${fields.map(csvField).join(',')}\r\n`;

export function csvEncoder(encoding: TextEncoding): BlockEncoder {
  return {
    head: () => [csvLine(CSV_HEADER)],
    entry: (e: LogEntry) => [
      csvLine([
        String(e.seq),
        isoTime(e.ts),
        e.dir === 'in' ? 'received' : 'sent',
        e.peer ?? '',
        String(e.size),
        Buffer.from(e.bytes.buffer, e.bytes.byteOffset, e.bytes.byteLength).toString('hex'),
        decodeText(e.bytes, encoding),
        e.check ?? '',
      ]),
    ],
    tail: () => [],
  };
}
