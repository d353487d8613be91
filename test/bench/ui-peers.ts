// Peer processes for the UI benchmark, each in its own Node process (so neither shares an event
// loop with the bench driving the browser): a TCP server that floods a connection at a paced rate
// when told to, and a UDP sender that fills a session with small datagrams.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';

/**
 * Accepts connections and keeps them idle. On "go" (a line on stdin) it floods the newest open
 * connection: `chunk` bytes every `tickMs`, never more than two chunks queued in Node (a slow
 * reader lowers the rate instead of growing a buffer), for at most `maxSeconds`. When the
 * flooded connection closes (or the time is up) it prints what the reader took, as JSON.
 */
const FLOOD_SERVER = `
const net = require('node:net');
const readline = require('node:readline');
const [chunkSize, tickMs, maxSeconds] = process.argv.slice(1).map(Number);
const chunk = Buffer.alloc(chunkSize, 0x61);
const open = [];
const server = net.createServer((s) => {
  s.on('error', () => {});
  open.push(s);
  s.on('close', () => open.splice(open.indexOf(s), 1));
});
function flood(s) {
  const start = performance.now();
  let written = 0, delivered = 0, skipped = 0, last = start, reported = false;
  const report = (why) => {
    if (reported) return;
    reported = true;
    clearInterval(timer);
    console.log(JSON.stringify({ delivered, ms: last - start, skipped, why }));
  };
  const timer = setInterval(() => {
    const t = performance.now();
    delivered = written - s.writableLength;
    last = t;
    if (t - start >= maxSeconds * 1000) return report('time');
    const due = Math.floor((t - start) / tickMs) * chunkSize - written;
    for (let i = 0; i < 2 && due - i * chunkSize > 0; i++) {
      if (s.writableLength >= 2 * chunkSize) { skipped++; break; }
      s.write(chunk);
      written += chunkSize;
    }
  }, tickMs / 4);
  s.on('close', () => report('closed'));
}
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const s = open.at(-1);
  if (line === 'go' && s) flood(s);
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

export interface FloodReport {
  /** Bytes the reader took (written minus what was still queued in Node). */
  delivered: number;
  ms: number;
  /** Ticks on which the reader was two chunks behind, so nothing was written. */
  skipped: number;
  why: 'closed' | 'time';
}

export interface FloodServer {
  port: number;
  /** Starts flooding the newest connection; resolves with its report when that ends. */
  go(): Promise<FloodReport>;
  stop(): Promise<void>;
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill();
  });
}

function firstLine(lines: Interface, child: ChildProcess, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${what} exited ${code} before saying anything`)));
  });
}

export async function startFloodServer(chunk: number, tickMs: number, maxSeconds: number): Promise<FloodServer> {
  const child = spawn(process.execPath, ['-e', FLOOD_SERVER, String(chunk), String(tickMs), String(maxSeconds)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const port = Number(await firstLine(lines, child, 'the flood server'));
  return {
    port,
    go() {
      const report = firstLine(lines, child, 'the flood server').then((line) => JSON.parse(line) as FloodReport);
      child.stdin!.write('go\n');
      return report;
    },
    stop: () => stopChild(child),
  };
}

/** Sends `count` 16-byte datagrams to 127.0.0.1:port at `rate` per second, then prints how many it sent. */
const UDP_FILLER = `
const dgram = require('node:dgram');
const [port, count, rate] = process.argv.slice(1).map(Number);
const socket = dgram.createSocket('udp4');
let failed = 0;
socket.on('error', () => (failed += 1));
// The last send's callback runs once libuv has sent everything queued before it.
const done = () => { console.log(JSON.stringify({ sent: count - failed })); socket.close(); };
socket.connect(port, '127.0.0.1', () => {
  if (count === 0) return done();
  const start = performance.now();
  let sent = 0;
  const tick = () => {
    const due = Math.min(count, Math.floor(((performance.now() - start) / 1000) * rate)) - sent;
    const n = Math.max(0, Math.min(due, 64));
    for (let i = 0; i < n; i++) {
      const payload = Buffer.alloc(16);
      payload.writeUInt32BE(sent + i);
      socket.send(payload, sent + i === count - 1 ? done : undefined);
    }
    sent += n;
    if (sent < count) setImmediate(tick);
  };
  tick();
});
`;

/** Runs one UDP filler to completion; resolves with how many datagrams left without an error. */
export function fillUdp(port: number, count: number, rate: number): Promise<{ sent: number }> {
  const child = spawn(process.execPath, ['-e', UDP_FILLER, String(port), String(count), String(rate)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return firstLine(createInterface({ input: child.stdout }), child, 'the UDP filler').then((line) => JSON.parse(line) as { sent: number });
}
