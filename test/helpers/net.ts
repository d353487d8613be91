// Socket helpers for tests: real loopback servers on port 0, real peers (socat), and waiting
// for the event you expect instead of sleeping. Everything made here is torn down by a Teardown.
import { spawn, type ChildProcess } from 'node:child_process';
import { once, type EventEmitter } from 'node:events';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

/** Collects cleanups; call run() in afterEach. Runs them newest first, never throws. */
export class Teardown {
  #tasks: (() => unknown)[] = [];

  add(task: () => unknown): void {
    this.#tasks.push(task);
  }

  async run(): Promise<void> {
    const tasks = this.#tasks.reverse();
    this.#tasks = [];
    for (const task of tasks) {
      try {
        await task();
      } catch {
        // A cleanup that fails (already closed, already dead) must not hide the others.
      }
    }
  }
}

/** A port that was free a moment ago (bound to port 0, then released), for tools that need a number. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = createServer();
  server.listen(0, host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves with the first event `name` whose arguments pass `accept`; rejects on 'error'. */
export function waitFor<T extends unknown[] = unknown[]>(
  emitter: EventEmitter,
  name: string,
  accept: (...args: T) => boolean = () => true,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const onEvent = (...args: unknown[]): void => {
      if (!accept(...(args as T))) return;
      cleanup();
      resolve(args as T);
    };
    const onError = (err: unknown): void => {
      cleanup();
      reject(err);
    };
    const cleanup = (): void => {
      emitter.off(name, onEvent);
      if (name !== 'error') emitter.off('error', onError);
    };
    emitter.on(name, onEvent);
    if (name !== 'error') emitter.on('error', onError);
  });
}

/**
 * Resolves with the first value a subscribe-style source (`subscribe(listener) -> disposer`,
 * like EngineApi.subscribe) delivers that passes `accept`.
 */
export function waitForValue<T, U extends T = T>(
  subscribe: (listener: (value: T) => void) => () => void,
  accept: ((value: T) => value is U) | ((value: T) => boolean),
): Promise<U> {
  return new Promise((resolve) => {
    const dispose = subscribe((value) => {
      if (!accept(value)) return;
      queueMicrotask(dispose);
      resolve(value as U);
    });
  });
}

export interface TestServer {
  server: Server;
  host: string;
  port: number;
  /** Every connection accepted so far, in order. */
  sockets: Socket[];
  /** The next connection (or one already accepted and not yet taken). */
  nextConnection(): Promise<Socket>;
  /** Destroys every connection and closes the listener. */
  close(): Promise<void>;
}

/** A node:net server on `host`, port 0, that keeps its connections for the test to drive. */
export async function startServer(
  teardown: Teardown,
  options: { host?: string; onConnection?: (socket: Socket) => void } = {},
): Promise<TestServer> {
  const host = options.host ?? '127.0.0.1';
  const sockets: Socket[] = [];
  const untaken: Socket[] = [];
  const waiters: ((socket: Socket) => void)[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    // A test that resets or drops a connection must not crash on the error it causes.
    socket.on('error', () => {});
    options.onConnection?.(socket);
    const waiter = waiters.shift();
    if (waiter) waiter(socket);
    else untaken.push(socket);
  });
  server.listen(0, host);
  await once(server, 'listening');
  const close = async (): Promise<void> => {
    for (const socket of sockets) socket.destroy();
    if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  teardown.add(close);
  return {
    server,
    host,
    port: (server.address() as AddressInfo).port,
    sockets,
    nextConnection: () => {
      const socket = untaken.shift();
      return socket ? Promise.resolve(socket) : new Promise((resolve) => waiters.push(resolve));
    },
    close,
  };
}

/** A server that writes back every byte it receives. */
export function startEchoServer(teardown: Teardown, host = '127.0.0.1'): Promise<TestServer> {
  return startServer(teardown, { host, onConnection: (socket) => socket.pipe(socket) });
}

/** Reads from a socket until it has `size` bytes (or rejects if it ends sooner). */
export function readBytes(socket: Socket, size: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let have = 0;
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      have += chunk.byteLength;
      if (have >= size) {
        cleanup();
        resolve(Buffer.concat(chunks));
      }
    };
    const onEnd = (): void => {
      cleanup();
      reject(new Error(`The socket ended after ${have} of ${size} bytes.`));
    };
    const cleanup = (): void => {
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('close', onEnd);
    };
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('close', onEnd);
  });
}

export interface SpawnedPeer {
  child: ChildProcess;
  port: number;
  /** Everything the peer wrote to stderr so far (for failure messages). */
  stderr(): string;
}

/**
 * Starts socat listening on 127.0.0.1:<free port>. `addresses(port)` returns socat's arguments
 * after the options; its listen address must be the one with that port.
 */
export async function startSocat(
  teardown: Teardown,
  addresses: (port: number) => string[],
  host = '127.0.0.1',
): Promise<SpawnedPeer> {
  const port = await freePort(host);
  return { ...(await startSocatListener(teardown, addresses(port))), port };
}

/**
 * Starts socat with `addresses` (after the options), one of them a listening address of any kind
 * (TCP, UNIX-LISTEN...). With -d -d socat says "listening on" once it accepts, so the wait is
 * for that line, not for a guessed delay.
 */
export async function startSocatListener(teardown: Teardown, addresses: string[]): Promise<Omit<SpawnedPeer, 'port'>> {
  const child = spawn('socat', ['-d', '-d', ...addresses], { stdio: ['ignore', 'ignore', 'pipe'] });
  teardown.add(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (text: string) => {
      stderr += text;
      if (stderr.includes('listening on')) resolve();
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`socat exited (${code}) before listening: ${stderr}`)));
  });
  return { child, stderr: () => stderr };
}

/**
 * A listener on `host` that never accepts, with its accept queue already full: a connect to it
 * gets no answer at all, as on a host that drops packets. The listener lives in a child process
 * that stops itself (SIGSTOP) right after listening, so nothing accepts; `backlog + 1` filler
 * connections then fill the queue (Linux and gVisor both admit backlog + 1 before dropping SYNs).
 */
export async function startUnansweredListener(teardown: Teardown, host = '127.0.0.1'): Promise<{ port: number }> {
  const backlog = 1;
  const script = `
    const server = require('node:net').createServer();
    server.listen({ port: 0, host: ${JSON.stringify(host)}, backlog: ${backlog} }, () => {
      process.stdout.write(server.address().port + '\\n', () => process.kill(process.pid, 'SIGSTOP'));
    });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  teardown.add(() => child.kill('SIGKILL'));
  const [line] = (await waitFor<[Buffer]>(child.stdout!, 'data')) as [Buffer];
  const port = Number(line.toString().trim());
  // Stopped means nothing can accept from now on; wait for it rather than hope.
  await waitForStopped(child.pid!);
  for (let i = 0; i < backlog + 1; i++) {
    const filler = connect({ host, port });
    filler.on('error', () => {});
    teardown.add(() => filler.destroy());
    await waitFor(filler, 'connect');
  }
  return { port };
}

async function waitForStopped(pid: number): Promise<void> {
  const { readFile } = await import('node:fs/promises');
  for (;;) {
    const status = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Field 3 of /proc/<pid>/stat is the state; T means stopped.
    if (status.slice(status.lastIndexOf(')') + 2).startsWith('T')) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Resolves once a stream has carried `expected` (as text). */
export function readStream(stream: NodeJS.ReadableStream, expected: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    stream.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(expected)) resolve();
    });
    stream.on('end', () => {
      if (!seen.includes(expected)) reject(new Error(`The stream ended with ${JSON.stringify(seen)}.`));
    });
  });
}

/**
 * `promise`, or a failure after `ms` that says what was awaited and the state `explain` reads
 * then (which peer is in which state), instead of the test runner's bare timeout.
 */
export async function within<T>(promise: Promise<T>, ms: number, what: string, explain: () => unknown = () => ''): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      void Promise.resolve(explain()).then((state) => reject(new Error(`${what}: not within ${ms} ms. ${typeof state === 'string' ? state : JSON.stringify(state)}`)));
    }, ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
