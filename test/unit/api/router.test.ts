// The router with the real Engine: every malformed payload is a coded result naming the field,
// and nothing a renderer can send makes handle() throw. No sockets: the sessions stay idle.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  COMMAND_NAMES,
  MAX_READ_BYTES,
  MAX_READ_ENTRIES,
  MAX_SEND_BYTES,
  commands,
  type CommandName,
  type Result,
} from '../../../src-main/shared/contract.js';
import { createRouter, type Router } from '../../../src-main/api/router.js';
import { Engine } from '../../../src-main/engine/engine.js';
import type { EngineEvent } from '../../../src-main/shared/contract.js';

import { VALID, withValue, type Json, type Payload } from '../../helpers/valid-payloads.js';

const OPTIONAL = new Set(['to', 'library.messages.0.destination', 'datagramSize', 'everyMs', 'config.timeoutMs', 'payload.lineEnding', 'maxBytes', 'interface', 'header', 'header.ttl', 'header.source', 'host', 'peerId', 'option.size', 'format', 'overwrite', 'framing.mode', 'framing.delimiter', 'query.encoding', 'rules.0.reply', 'logMemoryMib', 'spillDir']);

/** A value of every JSON type, for "wrong type" checks. */
const ANY_TYPE: Json[] = [null, true, 42, 1.5, 'text', [], [1], {}, { a: 1 }];

interface Leaf {
  path: string[];
  value: Json;
}

function leaves(obj: Payload, prefix: string[] = []): Leaf[] {
  return Object.entries(obj).flatMap(([key, value]) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? [{ path: [...prefix, key], value }, ...leaves(value, [...prefix, key])]
      : [{ path: [...prefix, key], value }],
  );
}

/** Same type as `sample` yet valid? Then it is not a wrong-type case. */
const sameType = (a: Json, b: Json): boolean =>
  (Array.isArray(a) ? 'array' : a === null ? 'null' : typeof a) === (Array.isArray(b) ? 'array' : b === null ? 'null' : typeof b);

let engine: Engine;
let router: Router;

beforeEach(() => {
  engine = new Engine();
  router = createRouter(engine);
});
afterEach(async () => {
  await engine.dispose();
});

function expectInvalid(result: Result<unknown>, name: string, field: string): void {
  expect(result.ok, `${name} should reject (${field})`).toBe(false);
  if (result.ok) return;
  expect(result.error.code).toBe('INVALID_PAYLOAD');
  expect(result.error.message).toContain(name);
  // A field is named as "field: ..." or, when its inner shape is wrong, as "field.inner: ...".
  expect(result.error.message).toMatch(new RegExp(`(^|[ ;])${field.replaceAll('.', '\\.')}[.:]`));
}

describe('router validation', () => {
  it('has a valid sample for every command, and each one passes validation', async () => {
    expect(Object.keys(VALID).sort()).toEqual([...COMMAND_NAMES].sort());
    for (const name of COMMAND_NAMES) {
      const result = await router.handle(name, VALID[name]);
      if (!result.ok) expect(result.error.code, name).not.toBe('INVALID_PAYLOAD');
    }
  });

  it.each(COMMAND_NAMES)('%s rejects a missing required field, naming it', async (name) => {
    for (const { path } of leaves(VALID[name])) {
      const field = path.join('.');
      const payload = withValue(VALID[name], path, undefined);
      const result = await router.handle(name, payload);
      if (OPTIONAL.has(field)) {
        if (!result.ok) expect(result.error.code, field).not.toBe('INVALID_PAYLOAD');
      } else {
        expectInvalid(result, name, field);
      }
    }
  });

  it.each(COMMAND_NAMES)('%s rejects a field of the wrong type, naming it', async (name) => {
    for (const { path, value } of leaves(VALID[name])) {
      for (const wrong of ANY_TYPE.filter((w) => !sameType(w, value))) {
        expectInvalid(await router.handle(name, withValue(VALID[name], path, wrong)), name, path.join('.'));
      }
    }
  });

  it.each(COMMAND_NAMES)('%s rejects an extra field, at the top and in nested objects, naming it', async (name) => {
    expectInvalid(await router.handle(name, { ...VALID[name], extra: 1 }), name, 'extra');
    for (const { path, value } of leaves(VALID[name])) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
      const payload = withValue(VALID[name], [...path, 'extra'], 1);
      expectInvalid(await router.handle(name, payload), name, [...path, 'extra'].join('.'));
    }
  });

  it.each(COMMAND_NAMES.filter((n) => 'id' in VALID[n]))('%s rejects a bad session id', async (name) => {
    for (const id of ['', 's', 'S1', 'x1', ' s1', 's1 ', 's-1', 's1.5', 's1234567890', 's١', '__proto__']) {
      expectInvalid(await router.handle(name, { ...VALID[name], id }), name, 'id');
    }
  });

  it('rejects ports outside 1..65535 and odd numbers', async () => {
    for (const port of [0, -1, 65536, 70000, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      const payload = withValue(VALID['session.connect'], ['config', 'port'], port);
      expectInvalid(await router.handle('session.connect', payload), 'session.connect', 'config.port');
    }
  });

  it('rejects an empty, blank or overlong host, a bad timeout and an unknown kind', async () => {
    const base = VALID['session.connect'];
    for (const host of ['', '   ', 'a'.repeat(254)]) {
      expectInvalid(await router.handle('session.connect', withValue(base, ['config', 'host'], host)), 'session.connect', 'config.host');
    }
    for (const timeoutMs of [0, 99, 600_001, 1000.5]) {
      expectInvalid(
        await router.handle('session.connect', withValue(base, ['config', 'timeoutMs'], timeoutMs)),
        'session.connect',
        'config.timeoutMs',
      );
    }
    expectInvalid(await router.handle('session.create', { kind: 'carrier-pigeon' }), 'session.create', 'kind');
    expectInvalid(
      await router.handle('session.connect', withValue(base, ['config', 'kind'], 'carrier-pigeon')),
      'session.connect',
      'config.kind',
    );
  });

  it('rejects huge or negative counts, offsets and lengths', async () => {
    const cases: [CommandName, string[], Json][] = [
      ['log.read', ['count'], MAX_READ_ENTRIES + 1],
      ['log.read', ['count'], 1e9],
      ['log.read', ['count'], -1],
      ['log.read', ['from'], -1],
      ['log.read', ['from'], 0.5],
      ['log.read', ['maxBytes'], MAX_READ_BYTES + 1],
      ['log.read', ['maxBytes'], -1],
      ['log.bytes', ['length'], MAX_READ_BYTES + 1],
      ['log.bytes', ['length'], -1],
      ['log.bytes', ['offset'], -1],
      ['log.bytes', ['seq'], -1],
      ['log.bytes', ['seq'], 2.5],
    ];
    for (const [name, path, value] of cases) {
      expectInvalid(await router.handle(name, withValue(VALID[name], path, value)), name, path.join('.'));
    }
  });

  it('log.save refuses a relative, empty or NUL-bearing path and an unknown format, naming the field', async () => {
    const base = VALID['log.save'];
    for (const path of ['log.jsonl', './log.jsonl', '~/log.jsonl', '', '   ', 'C:log.jsonl', '/tmp/a\u0000b']) {
      const result = await router.handle('log.save', withValue(base, ['path'], path));
      expectInvalid(result, 'log.save', 'path');
      if (!result.ok && path.trim() !== '' && !path.includes('\u0000')) expect(result.error.message).toContain('absolute path');
    }
    expectInvalid(await router.handle('log.save', withValue(base, ['format'], 'xml')), 'log.save', 'format');
    // An absolute path passes validation; the engine then answers (here: no such session).
    for (const path of ['/tmp/x.jsonl', '  /tmp/x.jsonl  ']) {
      expect(await router.handle('log.save', withValue(base, ['path'], path))).toMatchObject({ ok: false, error: { code: 'NO_SUCH_SESSION' } });
    }
  });

  it('rejects an unknown format or line ending, and text that is too long', async () => {
    const base = VALID['session.send'];
    expectInvalid(await router.handle('session.send', withValue(base, ['payload', 'format'], 'binary')), 'session.send', 'payload.format');
    expectInvalid(
      await router.handle('session.send', withValue(base, ['payload', 'lineEnding'], 'lfcr')),
      'session.send',
      'payload.lineEnding',
    );
    const tooLong = withValue(base, ['payload', 'text'], 'a'.repeat(4 * MAX_SEND_BYTES + 1));
    expectInvalid(await router.handle('session.send', tooLong), 'session.send', 'payload.text');
  });

  it('rejects a message that decodes to more than MAX_SEND_BYTES, before any session is involved', async () => {
    const payload = withValue(VALID['session.send'], ['payload', 'text'], 'a'.repeat(MAX_SEND_BYTES + 1));
    const result = await router.handle('session.send', payload);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    if (!result.ok) expect(result.error.message).toContain(String(MAX_SEND_BYTES));
  });
});

describe('router robustness', () => {
  it('answers UNKNOWN_COMMAND for names that are not commands', async () => {
    const names: unknown[] = [
      'session.nope',
      '',
      'SESSION.LIST',
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      null,
      undefined,
      42,
      {},
      ['session.list'],
      Symbol('session.list'),
      Object.create(null),
      {
        toString(): string {
          throw new Error('toString trap');
        },
      },
    ];
    for (const [i, name] of names.entries()) {
      const result = await router.handle(name as string, {}).catch((err: unknown) => ({ threw: err }));
      expect(result, `name #${i}`).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    }
  });

  it('quotes at most a short prefix of what it was sent: a 4 MB name or value does not come back whole', async () => {
    const huge = 'x'.repeat(4 * 1024 * 1024);
    const unknown = await router.handle(huge, {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    expect(JSON.stringify(unknown).length).toBeLessThan(400);
    const invalid = await router.handle('session.create', { kind: huge });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    expect(JSON.stringify(invalid).length).toBeLessThan(600);
    const keyed = await router.handle('session.list', { [huge]: 1 });
    expect(JSON.stringify(keyed).length).toBeLessThan(600);
  });

  it('stops at the first problem: a payload of 1,000,000 unknown keys is refused after one', async () => {
    const payload = Object.fromEntries(Array.from({ length: 1_000_000 }, (_, i) => [`k${i}`, i]));
    const result = await router.handle('session.list', payload);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD', message: expect.stringContaining('k0') } });
    expect((result as { error: { message: string } }).error.message).not.toContain('k1');
  });

  it('rejects an array where the payload object should be, even for commands without required fields', async () => {
    for (const name of COMMAND_NAMES) {
      const result = await router.handle(name, []);
      expect(result, name).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD', message: expect.stringContaining('not an array') } });
    }
  });

  it('never throws, whatever the payload', async () => {
    const hostile: unknown[] = [
      null,
      undefined,
      'session',
      '',
      0,
      Number.NaN,
      true,
      [],
      [1, 2],
      Object.create(null),
      JSON.parse('{"__proto__": {"id": "s1", "kind": "tcp-client"}}'),
      JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'),
      { id: { toString: () => 's1' } },
      { id: 's1', config: { kind: 'tcp-client', host: { length: 3 }, port: '9' } },
      new Proxy({}, { get: () => 's1', ownKeys: () => ['id'], getOwnPropertyDescriptor: () => ({ value: 's1', enumerable: true, configurable: true }) }),
      {
        get id(): string {
          throw new Error('getter trap');
        },
      },
    ];
    for (const name of COMMAND_NAMES) {
      for (const [i, payload] of hostile.entries()) {
        const result = await router.handle(name, payload).catch((err: unknown) => ({ threw: err }));
        expect(result, `${name} with hostile payload #${i}`).toHaveProperty('ok');
      }
    }
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('turns engine errors into coded results', async () => {
    for (const name of ['session.connect', 'session.disconnect', 'session.close', 'session.send', 'log.read', 'log.bytes'] as const) {
      const result = await router.handle(name, VALID[name]);
      expect(result, name).toMatchObject({ ok: false, error: { code: 'NO_SUCH_SESSION' } });
      if (!result.ok) expect(result.error.message).toContain('s1');
    }
  });

  it('drives an idle session through the engine', async () => {
    const created = await router.handle('session.create', { kind: 'tcp-client' });
    expect(created).toMatchObject({ ok: true, value: { id: 's1', status: 'idle' } });
    expect(await router.handle('session.list', {})).toMatchObject({ ok: true, value: [{ id: 's1' }] });
    expect(await router.handle('log.read', { id: 's1', from: 0, count: 10 })).toEqual({ ok: true, value: { entries: [], total: 0 } });
    expect(await router.handle('log.bytes', VALID['log.bytes'])).toMatchObject({ ok: false, error: { code: 'NO_SUCH_ENTRY' } });
    expect(await router.handle('session.send', VALID['session.send'])).toMatchObject({ ok: false, error: { code: 'NOT_CONNECTED' } });
    expect(await router.handle('session.disconnect', { id: 's1' })).toMatchObject({ ok: true, value: { status: 'idle' } });
    expect(await router.handle('session.close', { id: 's1' })).toEqual({ ok: true, value: null });
    expect(await router.handle('session.list', {})).toEqual({ ok: true, value: [] });
  });

  it('gives INVALID_HEX for bad hex, with where it went wrong', async () => {
    await router.handle('session.create', { kind: 'tcp-client' });
    for (const text of ['zz', '0', '0x4g', '41 4']) {
      const result = await router.handle('session.send', withValue(VALID['session.send'], ['payload'], { format: 'hex', text }));
      expect(result, text).toMatchObject({ ok: false, error: { code: 'INVALID_HEX' } });
      if (!result.ok) expect(result.error.message).toMatch(/position \d+/);
    }
  });

  it('passes engine events to subscribers until they unsubscribe', async () => {
    const seen: EngineEvent[] = [];
    const stop = router.subscribe((e) => seen.push(e));
    await router.handle('session.create', { kind: 'tcp-client' });
    stop();
    await router.handle('session.create', { kind: 'tcp-client' });
    expect(seen.map((e) => [e.name, 'id' in e.payload ? e.payload.id : null])).toEqual([['session.state', 's1']]);
  });

  it('covers every command in the contract', () => {
    expect(Object.keys(commands).sort()).toEqual(Object.keys(VALID).sort());
  });
});
