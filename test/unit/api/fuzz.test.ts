// The contract under fuzzing (fast-check): every command's valid payload (test/helpers/
// valid-payloads.ts) mutated field by field into wrong types, huge strings, deep nesting,
// prototype keys, NaN and Infinity, plus arbitrary values; and raw WebSocket frames (text that is
// not JSON, truncated requests, binary). The property: every reply is `ok` or a coded error of
// the contract that is not INTERNAL, it quotes little of what it was sent, nothing throws, and no
// prototype is polluted. `npm test` runs a few thousand cases; `npm run fuzz` runs FUZZ_RUNS
// (100,000) and prints the tally of reply codes.
import { EventEmitter } from 'node:events';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES, type CommandHandlers, type Result } from '../../../src-main/shared/contract.js';
import { createRouter } from '../../../src-main/api/router.js';
import { serveWebSocket, type ServedSocket } from '../../../src-main/api/ws.js';
import { decodeWire, encodeWire } from '../../../src-main/shared/rpc/wire.js';
import { VALID, type Json } from '../../helpers/valid-payloads.js';
import { checkReply as checkContractReply, FUZZ_RUNS, mutate } from '../../helpers/fuzz.js';

const tally = new Map<string, number>();
const count = (result: Result<unknown>): void => {
  const key = result.ok ? 'ok' : result.error.code;
  tally.set(key, (tally.get(key) ?? 0) + 1);
};

afterAll(() => {
  if (process.env['FUZZ_RUNS']) {
    const rows = [...tally].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code} ${n}`);
    console.log(`fuzz: ${[...tally.values()].reduce((a, b) => a + b, 0)} replies — ${rows.join(', ')}`);
  }
});

// Handlers that accept whatever validation let through: the router and transports are what is fuzzed.
const handlers = Object.fromEntries(COMMAND_NAMES.map((name) => [name, async () => null])) as unknown as CommandHandlers;
const router = createRouter({ handlers, subscribe: () => () => {} });

/** The shared property, and the tally `npm run fuzz` prints. */
function checkReply(result: Result<unknown>): void {
  count(result);
  checkContractReply(result);
}

const deep = (depth: number): Json => {
  let value: Json = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};

/** Values a field may be broken into. */
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true }),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, Number.MAX_SAFE_INTEGER + 2, -1, 2 ** 53, 1e308, '', ' ', '\u0000', '../../etc/passwd', 'x'.repeat(100_000)),
  fc.constantFrom(JSON.parse('{"__proto__":{"polluted":1}}') as unknown, { constructor: { prototype: { polluted: 1 } } }, deep(3000), new Uint8Array(70_000)),
  fc.string({ maxLength: 300 }),
  fc.integer(),
  fc.double(),
);

describe('fuzzing the contract', () => {
  it('every command: valid payloads mutated field by field, and arbitrary ones, get ok or a coded non-INTERNAL error', async () => {
    const command = fc.constantFrom(...COMMAND_NAMES);
    const payload = fc.oneof(
      { weight: 4, arbitrary: fc.tuple(command, fc.nat(), hostile, fc.option(fc.constantFrom('__proto__', 'constructor', 'prototype', 'extra', 'x'.repeat(10_000)), { nil: null })).map(([name, path, value, addKey]) => [name, mutate(VALID[name], path, value, addKey)] as const) },
      { weight: 1, arbitrary: fc.tuple(command, hostile).map(([name, value]) => [name, value] as const) },
      { weight: 1, arbitrary: fc.tuple(fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom('__proto__', 'constructor', 'x'.repeat(4_000_000))), hostile).map(([name, value]) => [name, value] as const) },
    );
    await fc.assert(
      fc.asyncProperty(payload, async ([name, value]) => {
        const result = await router.handle(name, value);
        checkReply(result);
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('raw WebSocket frames (not JSON, truncated, binary, deep, huge ids) each get one reply with a contract code', async () => {
    const frame = fc.oneof(
      fc.string({ maxLength: 500 }).map((text) => ({ data: Buffer.from(text), binary: false })),
      fc.uint8Array({ maxLength: 500 }).map((bytes) => ({ data: Buffer.from(bytes), binary: true })),
      fc.tuple(fc.constantFrom(...COMMAND_NAMES), fc.nat({ max: 2 ** 40 }), fc.nat()).map(([name, id, cut]) => {
        const text = encodeWire({ id, name, payload: VALID[name] });
        return { data: Buffer.from(text.slice(0, cut % (text.length + 1))), binary: false };
      }),
      fc.tuple(fc.nat(), fc.integer({ min: 1, max: 40_000 })).map(([id, depth]) => ({ data: Buffer.from(`{"id":${id},"name":"session.list","payload":${'['.repeat(depth)}${']'.repeat(depth)}}`), binary: false })),
      fc.tuple(fc.nat(), fc.string({ maxLength: 50 })).map(([id, b64]) => ({ data: Buffer.from(`{"id":${id},"name":"log.bytes","payload":{"$bytes":${JSON.stringify(b64)}}}`), binary: false })),
    );
    await fc.assert(
      fc.asyncProperty(frame, async ({ data, binary }) => {
        const socket = new FrameSocket();
        const dispose = serveWebSocket(socket, router);
        socket.emit('message', data, binary);
        await new Promise((resolve) => setImmediate(resolve));
        await new Promise((resolve) => setImmediate(resolve));
        dispose();
        expect(socket.replies).toHaveLength(1);
        const reply = socket.replies[0] as { id: unknown; result: Result<unknown> };
        expect(reply.id === null || (typeof reply.id === 'number' && Number.isSafeInteger(reply.id))).toBe(true);
        checkReply(reply.result);
      }),
      { numRuns: Math.max(200, Math.round(FUZZ_RUNS / 3)) },
    );
  });
});

class FrameSocket extends EventEmitter implements ServedSocket {
  readyState = 1;
  bufferedAmount = 0;
  readonly replies: unknown[] = [];
  send(data: string, cb: (err?: Error) => void): void {
    const decoded = decodeWire(data);
    if (!decoded.ok) throw new Error('the transport sent text that is not wire JSON');
    this.replies.push(decoded.value);
    cb();
  }
  close(): void {}
}
