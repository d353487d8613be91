// A real Engine in its own process, driven over stdin/stdout with one JSON line per call, so a
// test can run it somewhere the test process cannot be (inside a network namespace). Bytes
// travel as { base64 }. Bundled and started by startEngineProcess (engine-process.ts).
import { createInterface } from 'node:readline';
import { Engine } from '../../src-main/engine/engine.js';
import { toWireError } from '../../src-main/engine/errors.js';
import { createRouter } from '../../src-main/api/router.js';
import type { SendTarget } from '../../src-main/shared/contract.js';

const engine = new Engine();
// Any command, validated as the app's router does (payload in, Result out).
const router = createRouter(engine);

const fromWire = (value: unknown): Uint8Array =>
  typeof value === 'object' && value !== null && 'base64' in value ? Buffer.from(String((value as { base64: unknown }).base64), 'base64') : new Uint8Array(0);

function toWire(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return { base64: Buffer.from(value).toString('base64') };
  return value;
}

/** Resolves once the session's log has at least `count` entries. */
function untilLogCount(id: string, count: number): Promise<void> {
  return new Promise((resolve) => {
    const check = (): boolean => (engine.list().find((s) => s.id === id)?.logCount ?? 0) >= count;
    if (check()) return resolve();
    const dispose = engine.subscribe(() => {
      if (!check()) return;
      dispose();
      resolve();
    });
  });
}

type Args = unknown[];
const handlers: Record<string, (...args: Args) => unknown> = {
  create: (kind) => engine.create(kind as Parameters<Engine['create']>[0]),
  connect: (id, config) => engine.connect(String(id), config as Parameters<Engine['connect']>[1]),
  disconnect: (id) => engine.session(String(id)).disconnect(),
  send: (id, bytes, to) => engine.session(String(id)).send(fromWire(bytes), (to ?? undefined) as SendTarget | undefined),
  read: (id, from, count) => engine.session(String(id)).log.read(Number(from), Number(count)),
  readPeers: (id, from, count) => engine.session(String(id)).readPeers(Number(from), Number(count)),
  membership: (id, action, group, iface) => engine.session(String(id)).membership( action as 'join' | 'leave', String(group), iface === null ? undefined : String(iface)),
  snapshot: (id) => engine.list().find((s) => s.id === id) ?? null,
  untilLogCount: (id, count) => untilLogCount(String(id), Number(count)),
  handle: (name, payload) => router.handle(String(name), payload),
};

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const { seq, method, args } = JSON.parse(line) as { seq: number; method: string; args: Args };
  const handler = handlers[method];
  void (async () => {
    try {
      if (!handler) throw new Error(`no method ${method}`);
      const value = await handler(...args);
      process.stdout.write(JSON.stringify({ seq, ok: true, value: value ?? null }, toWire) + '\n');
    } catch (err) {
      process.stdout.write(JSON.stringify({ seq, ok: false, error: toWireError(err) }) + '\n');
    }
  })();
});
lines.on('close', () => {
  void engine.dispose().then(() => process.exit(0));
});
process.stdout.write(JSON.stringify({ ready: true }) + '\n');
