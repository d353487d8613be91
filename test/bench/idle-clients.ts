// Benchmark: many concurrent idle TCP clients on a server session, through web mode and the real
// UI in Chromium. The clients come from child processes (up to 10,000 each, each from its own
// loopback source address 127.0.0.x so source ports do not run out). Reported: how many the
// machine's descriptor limit allows, the time until the Clients list shows them all, the server
// process's RSS per client against a plain Node server holding the same clients, the page's
// frame time with them connected against without, and "Disconnect all" from click to "0 open".
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Locator, Page } from 'playwright-core';
import { buildWebMode, launchChromium } from './ui-browser.js';
import { within } from '../helpers/net.js';
import { percentile, type Row } from './stats.js';

/** Clients per process and source address: a bind to port 0 takes odd ports only (about 14,000 here). */
const PER_PROCESS = 10_000;
/** Descriptors the server process keeps for itself (its own files, the browser's connections). */
const SPARE_FDS = 1_000;
/** How long one step may take: generous, for 100,000 clients on a slow or emulated machine. */
const STEP_MS = 1_800_000;

/**
 * Opens `count` connections from `source` to `port`, `inFlight` at a time, prints "connected",
 * holds them until stdin ends.
 */
const CLIENTS = `
const net = require('node:net');
const [port, count, source, inFlight] = [Number(process.argv[1]), Number(process.argv[2]), process.argv[3], Number(process.argv[4])];
const sockets = [];
let open = 0;
const next = () => {
  while (sockets.length < count && sockets.length - open < inFlight) {
    const s = net.connect({ host: '127.0.0.1', port, localAddress: source }, () => {
      if (++open === count) console.log('connected');
      next();
    });
    s.on('error', (err) => { console.error('client: ' + err.message); process.exit(1); });
    sockets.push(s);
  }
};
next();
process.stdin.resume();
process.stdin.on('end', () => { for (const s of sockets) s.destroy(); process.exit(0); });
`;

/** Accepts and holds connections; prints "accepted" once it holds `target`. */
const PLAIN = `
const net = require('node:net');
const target = Number(process.argv[1]);
let n = 0;
const server = net.createServer((s) => { s.on('error', () => {}); if (++n === target) console.log('accepted'); });
server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, () => console.log(server.address().port));
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
`;

/** `node -e script args` with the descriptor limit raised to the hard limit (Node cannot raise its own). */
function nodeWithFds(script: string, args: (string | number)[], stdin: 'pipe' | 'ignore' = 'pipe'): ChildProcess {
  const command = 'ulimit -n "$(ulimit -Hn)"; exec "$0" "$@"';
  return spawn('bash', ['-c', command, process.execPath, ...(script.endsWith('.cjs') ? [script] : ['-e', script]), ...args.map(String)], { stdio: [stdin, 'pipe', 'inherit'] });
}

function firstLine(child: ChildProcess, wanted: (line: string) => boolean, what: string, ms = STEP_MS): Promise<string> {
  const lines = createInterface({ input: child.stdout! });
  return within(
    new Promise<string>((resolve, reject) => {
      lines.on('line', (line) => wanted(line) && resolve(line));
      child.once('exit', (code) => reject(new Error(`${what}: the process exited ${code}`)));
    }),
    ms,
    what,
  );
}

/** A line on stderr per step: a run with 100,000 clients on a slow machine takes many minutes. */
const step = (what: string): void => console.error(`idle: ${what}`);

function hardFdLimit(): number {
  const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
  return Number(line?.trim().split(/\s+/)[4]);
}

const rssOf = (pid: number): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) * 1024;

/**
 * Connects in flight at a time, shared by all client processes: half the smaller of the kernel's
 * SYN and accept queues. More overflows them, and a client whose handshake was answered with a
 * SYN cookie while the accept queue was full counts itself connected while the server never
 * hears of it (with 10 processes of 500 each, 15,000 of 100,000 were lost so, even to plain Node).
 */
function connectsInFlight(): number {
  const read = (path: string): number => Number(readFileSync(path, 'utf8').trim());
  return Math.floor(Math.min(read('/proc/sys/net/ipv4/tcp_max_syn_backlog'), read('/proc/sys/net/core/somaxconn')) / 2);
}

/** Starts the clients in processes of up to PER_PROCESS; resolves once every one is connected. */
async function connectClients(port: number, count: number): Promise<{ stop(): Promise<void> }> {
  const children: ChildProcess[] = [];
  const connected: Promise<string>[] = [];
  const processes = Math.ceil(count / PER_PROCESS);
  const inFlight = Math.max(1, Math.floor(connectsInFlight() / processes));
  for (let k = 0, left = count; left > 0; k++, left -= PER_PROCESS) {
    const child = nodeWithFds(CLIENTS, [port, Math.min(PER_PROCESS, left), `127.0.0.${k + 2}`, inFlight]);
    children.push(child);
    connected.push(firstLine(child, (l) => l === 'connected', `clients ${k}`));
  }
  await Promise.all(connected).catch((err: unknown) => {
    for (const child of children) child.kill('SIGKILL');
    throw err;
  });
  return {
    stop: async () => {
      await Promise.all(children.map((c) => new Promise((resolve) => (c.exitCode !== null ? resolve(null) : (c.once('exit', resolve), c.stdin!.end())))));
    },
  };
}

async function plainRssPerClient(count: number): Promise<number> {
  const server = nodeWithFds(PLAIN, [count]);
  try {
    const port = Number(await firstLine(server, (l) => /^\d+$/.test(l), 'the plain server'));
    const accepted = firstLine(server, (l) => l === 'accepted', 'the plain server accepting');
    accepted.catch(() => undefined);
    const before = rssOf(server.pid!);
    const clients = await connectClients(port, count);
    await accepted;
    const after = rssOf(server.pid!);
    await clients.stop();
    return (after - before) / count;
  } finally {
    server.stdin!.end();
  }
}

/** Frame times (requestAnimationFrame deltas) over `ms`, in the page. */
function frameTimes(page: Page, ms: number): Promise<number[]> {
  return page.evaluate(
    (duration) =>
      new Promise<number[]>((resolve) => {
        const deltas: number[] = [];
        let last = performance.now();
        const end = last + duration;
        const tick = (t: number): void => {
          deltas.push(t - last);
          last = t;
          if (t < end) requestAnimationFrame(tick);
          else resolve(deltas);
        };
        requestAnimationFrame(tick);
      }),
    ms,
  );
}

/** Resolves once `region` shows `text` as a whole ("0 open, …" is not the end of "19,000 open, …"). */
function shows(region: Locator, text: string): Promise<void> {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return region.getByText(new RegExp(`(^|[^\\d,])${escaped}`)).first().waitFor({ timeout: STEP_MS });
}

export async function idleClients(requested: number, root: string): Promise<Row[]> {
  const limit = hardFdLimit();
  const count = Math.min(requested, limit - SPARE_FDS);
  const capped = count < requested ? ` (${requested.toLocaleString('en-US')} asked; this machine allows ${limit.toLocaleString('en-US')} descriptors per process, and the server needs one per client; npm run bench:vm lifts that)` : '';
  // Inside node_modules, so the web-mode bundle's bare imports resolve as from the repo.
  const dir = mkdtempSync(join(root, 'node_modules', '.cache', 'wirebench-bench-idle-'));
  const browser = await launchChromium();
  let web: ChildProcess | null = null;
  try {
    const plainPerClient = await plainRssPerClient(count);
    step(`a plain Node server held ${count} clients`);
    const webCjs = await buildWebMode(root, join(dir, 'build'));
    web = nodeWithFds(webCjs, ['--port', '0', '--data-dir', join(dir, 'data'), '--spill-dir', join(dir, 'spill')], 'ignore');
    const url = (await firstLine(web, (l) => l.startsWith('Wirebench web UI: '), 'web mode', 20_000)).slice('Wirebench web UI: '.length);
    const page = await browser.newPage();
    page.setDefaultTimeout(STEP_MS);
    await page.goto(url);
    await page.getByRole('button', { name: 'New connection' }).click();
    const panel = page.getByRole('tabpanel');
    await panel.getByLabel('Kind', { exact: true }).selectOption({ label: 'TCP server' });
    await panel.getByLabel('Local address').fill('127.0.0.1');
    await panel.getByLabel('Local port').fill('0');
    await panel.getByRole('button', { name: 'Listen' }).click();
    const status = panel.getByRole('status', { name: 'Connection status' });
    await page.waitForFunction(() => /Listening on 127\.0\.0\.1:\d+/.test(document.querySelector('[aria-label="Connection status"]')?.textContent ?? ''));
    const port = Number(/Listening on 127\.0\.0\.1:(\d+)/.exec((await status.textContent()) ?? '')?.[1]);
    step(`the server tab listens on port ${port}`);
    const idleFrames = await frameTimes(page, 3000);
    const rssBefore = rssOf(web.pid!);

    const start = performance.now();
    const clients = await connectClients(port, count);
    step(`${count} clients connected`);
    const region = panel.getByRole('region', { name: 'Clients' });
    const n = count.toLocaleString('en-US');
    await shows(region, `${n} open, ${n} listed`);
    const listedMs = performance.now() - start;
    step(`${count} clients listed`);
    const rssAfter = rssOf(web.pid!);
    const loadedFrames = await frameTimes(page, 3000);

    const clickedAt = performance.now();
    await region.getByRole('button', { name: 'Disconnect all' }).click();
    await shows(region, `0 open, ${n} listed`);
    const disconnectMs = performance.now() - clickedAt;
    step('Disconnect all done');
    await clients.stop();

    const perClient = (rssAfter - rssBefore) / count;
    const p95 = (xs: number[]): string => `${percentile(xs, 95).toFixed(1)} ms`;
    return [
      { benchmark: `Idle clients: ${n} connected and all listed in the UI${capped}`, baseline: '—', wirebench: `${(listedMs / 1000).toFixed(1)} s`, ratio: '—', target: `${requested.toLocaleString('en-US')} listed`, verdict: count === requested ? 'met' : 'missed' },
      { benchmark: `Idle clients: server RSS per client (${n} clients; web mode: engine, log, peer table)`, baseline: `${(plainPerClient / 1024).toFixed(1)} KiB (plain Node)`, wirebench: `${(perClient / 1024).toFixed(1)} KiB`, ratio: `${(perClient / plainPerClient).toFixed(2)}x`, target: 'report', verdict: 'reported' },
      { benchmark: `Idle clients: page frame time p95 with ${n} connected`, baseline: `${p95(idleFrames)} with none`, wirebench: p95(loadedFrames), ratio: `${(percentile(loadedFrames, 95) / percentile(idleFrames, 95)).toFixed(2)}x`, target: '< 50 ms', verdict: percentile(loadedFrames, 95) < 50 ? 'met' : 'missed' },
      { benchmark: `Idle clients: "Disconnect all" from click to "0 open" shown (${n})`, baseline: '—', wirebench: `${(disconnectMs / 1000).toFixed(2)} s`, ratio: '—', target: 'completes', verdict: 'met' },
    ];
  } finally {
    await browser.close();
    web?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
