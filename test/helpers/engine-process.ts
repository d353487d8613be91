// Starts engine-driver.ts (bundled with esbuild, as the app's main bundle is) in a child process,
// optionally behind a command prefix such as `ip netns exec NS`, and calls it like an EngineApi.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import type { LogEntry, PeerInfo, SendTarget, SessionConfigInput, SessionSnapshot, WireError } from '../../src-main/shared/contract.js';
import { afterAll, beforeAll } from 'vitest';
import type { Teardown } from './net.js';

/**
 * For a test file (or describe): bundles the driver before its tests into a fresh folder that any
 * user may read (so it also runs as nobody), and removes it after. `script` is its path.
 */
export function useEngineDriver(): { readonly script: string } {
  let dir = '';
  const driver = { script: '' };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wirebench-driver-'));
    await chmod(dir, 0o755);
    driver.script = await bundleEngineDriver(dir);
    await chmod(driver.script, 0o644);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  return driver;
}

/** Bundles the driver into `dir`; returns the script's path. */
async function bundleEngineDriver(dir: string): Promise<string> {
  const outfile = join(dir, 'engine-driver.cjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./engine-driver.ts', import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'silent',
  });
  return outfile;
}

export class RemoteError extends Error {
  constructor(readonly wire: WireError) {
    super(`${wire.code}: ${wire.message}`);
  }
}

interface Reply {
  seq?: number;
  ready?: boolean;
  ok?: boolean;
  value?: unknown;
  error?: WireError;
}

function revive(_key: string, value: unknown): unknown {
  if (typeof value === 'object' && value !== null && 'base64' in value && Object.keys(value).length === 1) {
    return new Uint8Array(Buffer.from(String((value as { base64: unknown }).base64), 'base64'));
  }
  return value;
}

export class EngineProcess {
  #seq = 0;
  #waiting = new Map<number, (reply: Reply) => void>();
  #stderr = '';

  private constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stderr.setEncoding('utf8').on('data', (text: string) => (this.#stderr += text));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const reply = JSON.parse(line, revive) as Reply;
      if (reply.seq === undefined) return;
      this.#waiting.get(reply.seq)?.(reply);
      this.#waiting.delete(reply.seq);
    });
    child.on('exit', (code) => {
      for (const resolve of this.#waiting.values()) resolve({ ok: false, error: { code: 'DISCONNECTED', message: `engine process exited (${code}): ${this.#stderr}` } });
      this.#waiting.clear();
    });
  }

  /** `prefix` e.g. ['ip', 'netns', 'exec', 'wb-1']; the driver runs on this test's Node. */
  static async start(teardown: Teardown, script: string, prefix: string[] = []): Promise<EngineProcess> {
    const [command, ...args] = [...prefix, process.execPath, script];
    const child = spawn(command!, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const engine = new EngineProcess(child);
    teardown.add(async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await once(child, 'exit');
      clearTimeout(timer);
    });
    // A child that dies first (a prefix that failed, a bundle that throws) says so, not hangs.
    const exited = once(child, 'exit').then(([code]) => {
      throw new Error(`engine process exited (${String(code)}) before it was ready: ${engine.#stderr}`);
    });
    const [line] = (await Promise.race([once(createInterface({ input: child.stdout }), 'line'), exited])) as [string];
    if (!(JSON.parse(line) as Reply).ready) throw new Error(`engine process did not start: ${line}`);
    return engine;
  }

  call<T>(method: string, ...args: unknown[]): Promise<T> {
    const seq = ++this.#seq;
    return new Promise((resolve, reject) => {
      this.#waiting.set(seq, (reply) => (reply.ok ? resolve(reply.value as T) : reject(new RemoteError(reply.error!))));
      const wireArgs = args.map((a) => (a instanceof Uint8Array ? { base64: Buffer.from(a).toString('base64') } : (a ?? null)));
      this.child.stdin.write(JSON.stringify({ seq, method, args: wireArgs }) + '\n');
    });
  }

  create(kind: string): Promise<SessionSnapshot> {
    return this.call('create', kind);
  }
  connect(id: string, config: SessionConfigInput): Promise<SessionSnapshot> {
    return this.call('connect', id, config);
  }
  send(id: string, bytes: Uint8Array, to?: SendTarget): Promise<{ bytes: number; seq: number; targets: number }> {
    return this.call('send', id, bytes, to);
  }
  async entries(id: string): Promise<LogEntry[]> {
    return (await this.call<{ entries: LogEntry[] }>('read', id, 0, 1000)).entries;
  }
  async peers(id: string): Promise<PeerInfo[]> {
    return (await this.call<{ peers: PeerInfo[] }>('readPeers', id, 0, 1000)).peers;
  }
  membership(id: string, action: 'join' | 'leave', group: string, iface?: string): Promise<SessionSnapshot> {
    return this.call('membership', id, action, group, iface);
  }
  /** A command through the router, as the app sends it: its Result. */
  handle<T = unknown>(name: string, payload: unknown): Promise<{ ok: true; value: T } | { ok: false; error: WireError }> {
    return this.call('handle', name, payload);
  }
  snapshot(id: string): Promise<SessionSnapshot> {
    return this.call('snapshot', id);
  }
  /** Asks for the session's snapshot until `accept` holds (each ask a round trip), at most `tries` times. */
  async until(id: string, accept: (s: SessionSnapshot) => boolean, what: string, tries = 2000): Promise<SessionSnapshot> {
    let last: SessionSnapshot | null = null;
    for (let i = 0; i < tries; i++) {
      last = await this.snapshot(id);
      if (accept(last)) return last;
      await new Promise((resolve) => setImmediate(resolve));
    }
    throw new Error(`${what}: never; last snapshot ${JSON.stringify({ status: last?.status, peers: last?.peers, notice: last?.notice })}`);
  }
  untilLogCount(id: string, count: number): Promise<void> {
    return this.call('untilLogCount', id, count);
  }
}
