// A valid payload for every command of the contract: the router tests break them one change at a
// time, and the fuzzer (fuzz.test.ts) mutates them.
import type { CommandName } from '../../src-main/shared/contract.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Payload = { [key: string]: Json };

/** A valid payload per command; the malformed ones below are each one change away from it. */
export const VALID: { [K in CommandName]: Payload } = {
  'session.create': { kind: 'tcp-client' },
  'session.list': {},
  'dialog.saveFile': { title: 'Write TLS keys to' },
  'dialog.openFile': { title: 'CA file' },
  'app.setLanguage': { language: 'zh-CN', preferred: ['en-US'] },
  'system.configureLog': { logMemoryMib: 64, spillDir: '/tmp/wirebench-spill' },
  'session.connect': { id: 's1', config: { kind: 'tcp-client', host: '127.0.0.1', port: 9, timeoutMs: 1000 } },
  'session.disconnect': { id: 's1' },
  'session.close': { id: 's1' },
  'session.send': { id: 's1', payload: { format: 'text', text: 'hi', lineEnding: 'none' } },
  'session.repeat': { id: 's1', payload: { format: 'text', text: 'hi', lineEnding: 'none' }, to: { type: 'all' }, intervalMs: 10, times: 3 },
  'session.stopRepeat': { id: 's1' },
  'file.start': { id: 's1', name: 'firmware.bin', size: 4096, to: { type: 'all' }, datagramSize: 512, everyMs: 5 },
  'file.chunk': { transferId: 'f1', offset: 0, base64: 'AAEC' },
  'file.cancel': { transferId: 'f1' },
  'log.read': { id: 's1', from: 0, count: 10, maxBytes: 16 },
  'log.clear': { id: 's1' },
  'session.receive': { id: 's1', framing: { mode: 'delimiter', delimiter: '\\r\\n' }, verify: null },
  'log.search': { id: 's1', query: { mode: 'text', pattern: 'hello' } },
  'sequence.run': { id: 's1', steps: [{ type: 'wait', ms: 10 }], encoding: 'utf-8' },
  'sequence.stop': { id: 's1', runId: 'q1' },
  'session.rules': { id: 's1', rules: [{ when: 'regex', pattern: '^GET (\\S+)', reply: 'HTTP/1.0 200 OK\\r\\n\\r\\n$1' }], encoding: 'utf-8' },
  'log.searchStep': { id: 's1', searchId: 'f1', fromSeq: 0, direction: 'next' },
  'log.searchCancel': { id: 's1', searchId: 'f1' },
  'log.bytes': { id: 's1', seq: 0, offset: 0, length: 10 },
  'log.save': { id: 's1', path: '/tmp/wirebench-router-test.jsonl', format: 'jsonl', overwrite: false },
  'peers.read': { id: 's1', from: 0, count: 10 },
  'peers.disconnect': { id: 's1', peers: { type: 'peers', peerIds: ['p1'] } },
  'peers.clear': { id: 's1' },
  'udp.membership': { id: 's1', action: 'join', group: '239.1.2.3', interface: '127.0.0.1' },
  'system.capabilities': {},
  'ping.read': { id: 's1', from: 0, count: 10 },
  'raw.send': { id: 's1', payload: { format: 'hex', text: '01 02', lineEnding: 'none' }, header: { ttl: 9, source: '127.0.0.1' }, host: '127.0.0.1' },
  'sockopt.get': { id: 's1', peerId: 'p1', option: { type: 'name', name: 'SO_RCVBUF' } },
  'sockopt.set': { id: 's1', option: { type: 'number', level: 1, option: 8, size: 4 }, value: { type: 'int', value: 4096 } },
  'library.load': {},
  'library.save': {
    library: {
      format: 'wirebench-library',
      version: 1,
      messages: [{ id: 'm-1', name: 'Read holding registers', text: '01 03 00 00 00 0a', format: 'hex', lineEnding: 'none', destination: { host: '10.0.0.2', port: 502 } }],
      profiles: [{ id: 'p-1', name: 'PLC', kind: 'tcp-client', fields: { host: '10.0.0.2', port: '502' }, closeClients: true }],
    },
  },
  'library.export': { path: '/tmp/wirebench-router-library.json', overwrite: false },
  'library.parseImport': { text: '[]' },
  'workspace.load': {},
  'workspace.save': {
    workspace: {
      version: 1,
      tabs: [{ kind: 'tcp-client', fields: { host: '127.0.0.1', port: '7', noDelay: true }, closeClients: true, composer: { text: 'hi', format: 'text', lineEnding: 'crlf' }, view: 'hex' }],
      selected: 0,
      settings: { reconnectOnStart: false },
    },
  },
};

/** A deep copy of `obj` with the value at `path` replaced (or removed, for `undefined`). */
export function withValue(obj: Payload, path: readonly (string | number)[], value: Json | undefined): Payload {
  const copy = structuredClone(obj);
  let target = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, Json>;
  const last = path.at(-1)!;
  if (value === undefined) delete target[last];
  else target[last] = value;
  return copy;
}
