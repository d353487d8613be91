// A one-shot program for tests that must run a session where the test process cannot be: in a
// network namespace, or as an unprivileged user. argv[2] is a session config as JSON. Ping: runs
// it until it ends by itself; Raw IP: opens it and closes it. Prints one JSON line (ProbeResult,
// bytes as base64) and exits. Bundled and started by ping-netns.ts.
import type { SessionConfigInput, SessionSnapshot } from '../../src-main/shared/contract.js';
import { Engine } from '../../src-main/engine/engine.js';
import { toWireError } from '../../src-main/engine/errors.js';

const GIVE_UP_MS = 20_000;

async function main(): Promise<unknown> {
  const config = JSON.parse(process.argv[2] ?? '{}') as SessionConfigInput;
  const engine = new Engine();
  const { id } = engine.create(config.kind);
  const snapshot = (): SessionSnapshot => engine.list().find((s) => s.id === id)!;
  const ended = new Promise<void>((resolve) => {
    const check = (): boolean => {
      const s = snapshot();
      return s.status === 'failed' || (s.status === 'closed' && s.ping?.running === false);
    };
    const dispose = engine.subscribe(() => {
      if (!check()) return;
      dispose();
      resolve();
    });
  });
  let error = null;
  try {
    await engine.connect(id, config);
    if (config.kind === 'ping') {
      await Promise.race([ended, new Promise((_, reject) => setTimeout(() => reject(new Error('the ping did not end in time')), GIVE_UP_MS).unref())]);
    }
  } catch (err) {
    error = toWireError(err);
  }
  const rows = config.kind === 'ping' ? (await engine.session(id).readPing(0, 1000)).rows : [];
  const entries = (await engine.session(id).log.read(0, 1000)).entries.map((e) => ({ dir: e.dir, peer: e.peer, base64: Buffer.from(e.bytes).toString('base64') }));
  const result = { error, snapshot: snapshot(), rows, entries };
  await engine.dispose();
  return result;
}

main().then(
  (result) => {
    process.stdout.write(JSON.stringify(result) + '\n');
    process.exit(0);
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
