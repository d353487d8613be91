// Reading a file to import into the library: Packet Sender's JSON export (a fixture written from
// its documented fields) becomes messages and profiles; a Wirebench library reads back as it was
// written; a bad file says in words what is wrong, and nothing is imported.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EMPTY_LIBRARY, type Library } from '../../../../src-main/shared/contract.js';
import { parseLibraryImport } from '../../../../src-main/shared/codec/library-import.js';

const fixture = readFileSync(new URL('../../../fixtures/packet-sender-export.json', import.meta.url), 'utf8');

describe('parseLibraryImport', () => {
  it('turns a Packet Sender export into messages (bytes as hex) and, where it names host, port and TCP/UDP/SSL, profiles', () => {
    const parsed = parseLibraryImport(fixture);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.source).toBe('packet-sender');
    expect(parsed.value.messages).toEqual([
      { id: 'import-1', name: 'Modbus read holding registers', text: '00 01 00 00 00 06 01 03 00 00 00 0A', format: 'hex', lineEnding: 'none' },
      { id: 'import-2', name: 'Hello UDP', text: '68 65 6C 6C 6F 0D 0A', format: 'hex', lineEnding: 'none', destination: { host: '198.51.100.7', port: 9000 } },
      { id: 'import-3', name: 'Secure ping', text: '50 49 4E 47', format: 'hex', lineEnding: 'none' },
      { id: 'import-4', name: 'Bytes only', text: 'FF 00 FF', format: 'hex', lineEnding: 'none' },
    ]);
    expect(parsed.value.profiles).toEqual([
      { id: 'import-1', name: 'Modbus read holding registers', kind: 'tcp-client', fields: { host: '192.0.2.10', port: '502' }, closeClients: true },
      { id: 'import-2', name: 'Hello UDP', kind: 'udp', fields: { host: '198.51.100.7', port: '9000', localAddress: '0.0.0.0', localPort: '0' }, closeClients: true },
      { id: 'import-3', name: 'Secure ping', kind: 'tls-client', fields: { host: 'secure.example', port: '8883' }, closeClients: true },
    ]);
  });

  it('reads a Wirebench library back exactly as it was written', () => {
    const library: Library = {
      ...EMPTY_LIBRARY,
      messages: [{ id: 'm-1', name: 'PING', text: 'PING\\r\\n', format: 'text', lineEnding: 'none' }],
      profiles: [{ id: 'p-1', name: 'Redis', kind: 'tcp-client', fields: { host: '127.0.0.1', port: '6379', noDelay: true }, closeClients: true }],
      sequences: [
        {
          id: 'q-1',
          name: 'Redis ping',
          steps: [
            { type: 'send', text: 'PING\\r\\n', format: 'text', lineEnding: 'none', expand: true },
            { type: 'expect', when: 'equals', pattern: '+PONG', timeoutMs: 2000, captureAs: '' },
          ],
        },
      ],
      ruleSets: [{ id: 'r-1', name: 'Fake Redis', rules: [{ enabled: true, when: 'equals', pattern: 'PING', then: 'reply', reply: '+PONG\\r\\n', format: 'text', lineEnding: 'none', delayMs: 0, expand: false }] }],
    };
    const { messages, profiles, sequences, ruleSets } = library;
    // Sequences and rule sets come along: an export imported again loses nothing.
    expect(parseLibraryImport(JSON.stringify(library))).toEqual({ ok: true, value: { source: 'wirebench', messages, profiles, sequences, ruleSets } });
  });

  it.each([
    ['not JSON', '{"name": ', /^The file is not JSON \(.+\); nothing was imported\.$/],
    ['a packet without a name', JSON.stringify([{ name: 'ok', hexstring: '01' }, { name: 'b', hexstring: '02' }, { hexstring: '03' }]), /^Packet 3 has no name; nothing was imported\.$/],
    ['bad hex', JSON.stringify([{ name: 'x', hexstring: '0g' }]), /^Packet 1 \("x"\) has a hexstring that is not hex/],
    ['no bytes at all', JSON.stringify([{ name: 'x' }]), /^Packet 1 \("x"\) has no bytes \(no hexstring or asciistring\); nothing was imported\.$/],
    ['a packet that is not an object', JSON.stringify(['x']), /^Packet 1 is not an object/],
    ['something else', '{"tabs": []}', /^The file is neither a Wirebench library nor a Packet Sender export/],
    ['a Wirebench library with a nameless message', JSON.stringify({ ...EMPTY_LIBRARY, messages: [{ id: 'm-1', name: ' ', text: '', format: 'text', lineEnding: 'none' }] }), /^The Wirebench library file is not valid \(messages, item 1, name\): must not be empty/],
  ])('says what is wrong with %s', (_what, text, message) => {
    const parsed = parseLibraryImport(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.code).toMatch(/^INVALID_/);
      expect(parsed.error.message).toMatch(message);
    }
  });
});
