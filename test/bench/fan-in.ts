// Benchmark 3, server fan-in: N concurrent TCP clients (in a child process with a raised fd
// limit) connect to a TCP server session and each send M messages. Checks every client was
// accepted (peers.read counts) and every byte was logged under the client that sent it; reports
// the accept rate and the total time against a plain Node net server that only counts.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { Engine } from '../../src-main/engine/engine.js';
import { median, now, type Row } from './stats.js';

/** Each message: "c<client>m<message>" padded with dots to this many bytes. */
const MESSAGE_BYTES = 32;
/** How often the session's accepted count is looked at (the accept time is this much coarser). */
const ACCEPT_POLL_MS = 2;
/** Clients whose logged bytes are read back and compared. */
const SAMPLE = 200;
/** Runs each way, taking turns (plain, session, plain, ...); the medians are compared. */
const ROUNDS = 5;
/** The accept rate wanted, against the plain server's. */
const TARGET = 0.9;

/**
 * Waits for "go" on stdin, then opens all connections at once; each writes its messages as
 * separate writes. Once every client has connected and written, all of them end together,
 * so all are open at the same time.
 */
const CLIENTS = `
const net = require('node:net');
const [port, clients, messages, size] = process.argv.slice(1).map(Number);
const message = (c, m) => Buffer.from(('c' + c + 'm' + m).padEnd(size, '.'));
console.log('ready');
process.stdin.once('data', () => {
  const sockets = [];
  let written = 0;
  for (let c = 0; c < clients; c++) {
    const s = net.connect({ host: '127.0.0.1', port }, () => {
      for (let m = 0; m < messages; m++) s.write(message(c, m));
      if (++written === clients) {
        for (const t of sockets) t.end();
        console.log('sent');
      }
    });
    s.on('error', (err) => { console.error('client ' + c + ': ' + err.message); process.exit(1); });
    sockets.push(s);
  }
});
`;

export function expectedMessages(client: number, messages: number): Buffer {
  return Buffer.concat(Array.from({ length: messages }, (_, m) => Buffer.from(`c${client}m${m}`.padEnd(MESSAGE_BYTES, '.'))));
}

interface Timing {
  acceptMs: number;
  totalMs: number;
}

/** Starts the clients; resolves once they wait for "go", with a function that starts them. */
async function startClients(port: number, clients: number, messages: number): Promise<{ go(): void; done: Promise<void> }> {
  // The fd limit is raised in a shell: Node cannot raise its own.
  const command = `ulimit -Sn 65536 2>/dev/null || ulimit -Sn "$(ulimit -Hn)"; exec "$0" -e "$1" ${port} ${clients} ${messages} ${MESSAGE_BYTES}`;
  const child = spawn('bash', ['-c', command, process.execPath, CLIENTS], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => code !== 0 && reject(new Error(`the clients' process exited ${code}`))));
  await Promise.race([new Promise((resolve) => lines.once('line', resolve)), exited]);
  const done = Promise.race([new Promise<void>((resolve) => child.once('exit', () => resolve())), exited]);
  return { go: () => child.stdin!.end('go\n'), done };
}

async function plainServer(clients: number, messages: number): Promise<Timing> {
  const total = clients * messages * MESSAGE_BYTES;
  let accepted = 0;
  let bytes = 0;
  let start = 0;
  let acceptMs = 0;
  let finish: (ms: number) => void = () => {};
  const finished = new Promise<number>((resolve) => (finish = resolve));
  const server = createServer((socket) => {
    if (++accepted === clients) acceptMs = now() - start;
    socket.on('data', (chunk: Buffer) => {
      bytes += chunk.byteLength;
      if (bytes === total) finish(now() - start);
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  try {
    const run = await startClients(address.port, clients, messages);
    start = now();
    run.go();
    const totalMs = await finished;
    await run.done;
    return { acceptMs, totalMs };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

async function sessionServer(clients: number, messages: number): Promise<Timing & { problems: string[] }> {
  const total = clients * messages * MESSAGE_BYTES;
  const engine = new Engine();
  try {
    const { id } = engine.create('tcp-server');
    let start = 0;
    let acceptMs = 0;
    let finish: (ms: number) => void = () => {};
    const finished = new Promise<number>((resolve) => (finish = resolve));
    engine.subscribe((event) => {
      if (event.name !== 'log.grew' || event.payload.id !== id) return;
      if (event.payload.stats.bytesIn === total) finish(now() - start);
    });
    const snapshot = await engine.connect(id, { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0 });
    const port = snapshot.local?.port;
    if (port === undefined) throw new Error('the server session has no local port');
    const run = await startClients(port, clients, messages);
    start = now();
    run.go();
    // Accepts are watched on the session's own count, not through growth notices: those come
    // from a timer, which libuv runs late while a burst of connections keeps its poll phase busy.
    const watch = setInterval(() => {
      if ((engine.list().find((snap) => snap.id === id)?.peers?.total ?? 0) < clients) return;
      acceptMs = now() - start;
      clearInterval(watch);
    }, ACCEPT_POLL_MS);
    const totalMs = await finished;
    clearInterval(watch);
    await run.done;
    return { acceptMs: acceptMs || totalMs, totalMs, problems: await check(engine, id, clients, messages) };
  } finally {
    await engine.dispose();
    globalThis.gc?.();
  }
}

/** What is wrong with the session's record of the run (nothing: an empty list). */
async function check(engine: Engine, id: string, clients: number, messages: number): Promise<string[]> {
  const problems: string[] = [];
  const first = await engine.session(id).readPeers(0, 1000);
  if (first.counts.total !== clients) problems.push(`${first.counts.total} of ${clients} clients listed`);
  if (first.counts.rejected !== 0) problems.push(`${first.counts.rejected} clients rejected`);
  const perClient = messages * MESSAGE_BYTES;
  const step = Math.max(1, Math.floor(clients / SAMPLE));
  for (let index = 0; index < clients; index += step) {
    const [peer] = (await engine.session(id).readPeers(index, 1)).peers;
    if (!peer) {
      problems.push(`no client at position ${index}`);
      continue;
    }
    const { entries } = await engine.session(id).log.read(0, 1000, undefined, { peerId: peer.id });
    const bytes = Buffer.concat(entries.map((e) => e.bytes));
    const client = /^c(\d+)m0\./.exec(bytes.toString('latin1'))?.[1];
    if (client === undefined || !bytes.equals(expectedMessages(Number(client), messages))) {
      problems.push(`client ${peer.label}: ${bytes.length} of ${perClient} bytes logged, not its own messages in order`);
    } else if (peer.stats.bytesIn !== perClient) {
      problems.push(`client ${peer.label}: counted ${peer.stats.bytesIn} bytes, logged ${perClient}`);
    }
  }
  return problems;
}

export async function fanIn(clients: number, messages: number): Promise<Row[]> {
  const plainRuns: Timing[] = [];
  const sessionRuns: (Timing & { problems: string[] })[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    plainRuns.push(await plainServer(clients, messages));
    sessionRuns.push(await sessionServer(clients, messages));
  }
  const problems = [...new Set(sessionRuns.flatMap((r) => r.problems))];
  const plain = { acceptMs: median(plainRuns.map((r) => r.acceptMs)), totalMs: median(plainRuns.map((r) => r.totalMs)) };
  const session = { acceptMs: median(sessionRuns.map((r) => r.acceptMs)), totalMs: median(sessionRuns.map((r) => r.totalMs)) };
  const accepts = (t: Timing): string => `${Math.round(clients / (t.acceptMs / 1000)).toLocaleString('en-US')} accepts/s`;
  const label = `${clients.toLocaleString('en-US')} clients x ${messages} messages`;
  const checked = problems.length === 0 ? 'all accepted, bytes exact' : problems.slice(0, 3).join('; ');
  const acceptRatio = plain.acceptMs / session.acceptMs;
  const each = sessionRuns.map((r, i) => (plainRuns[i]!.acceptMs / r.acceptMs).toFixed(2)).join(', ');
  return [
    {
      benchmark: `Fan-in ${label}: accept rate (median of ${ROUNDS} each way, taking turns; each round ${each}x)`,
      baseline: accepts(plain),
      wirebench: accepts(session),
      ratio: `${acceptRatio.toFixed(2)}x`,
      target: `>= ${TARGET.toFixed(2)}x, all accepted`,
      verdict: problems.length === 0 && acceptRatio >= TARGET ? 'met' : 'missed',
    },
    {
      benchmark: `Fan-in ${label}: total time (${checked})`,
      baseline: `${Math.round(plain.totalMs)} ms`,
      wirebench: `${Math.round(session.totalMs)} ms`,
      ratio: `${(plain.totalMs / session.totalMs).toFixed(2)}x`,
      target: 'every byte under its client',
      verdict: problems.length === 0 ? 'met' : 'missed',
    },
  ];
}
