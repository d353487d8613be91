// Peer processes for the benchmarks: each runs in its own Node process (so it does not share
// the event loop it is measuring against) and prints its port on its first line.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface PeerProcess {
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Serves `total` bytes to each connection as fast as the socket takes them, then ends it. With a
 * frame size (a divisor of 256 KiB), every frame ends in a newline.
 */
const SENDER = `
const net = require('node:net');
const total = Number(process.argv[1]);
const frame = Number(process.argv[2] || 0);
const chunk = Buffer.alloc(256 * 1024, 0x61);
if (frame > 0) for (let i = frame - 1; i < chunk.length; i += frame) chunk[i] = 0x0a;
const server = net.createServer((s) => {
  s.on('error', () => {});
  let left = total;
  const pump = () => {
    while (left > 0) {
      const n = Math.min(left, chunk.length);
      left -= n;
      if (!s.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void s.once('drain', pump);
    }
    s.end();
  };
  pump();
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

/** Echoes every byte back. */
const ECHO = `
const net = require('node:net');
const server = net.createServer((s) => { s.setNoDelay(true); s.on('error', () => {}); s.pipe(s); });
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

async function startPeer(script: string, args: string[]): Promise<PeerProcess> {
  const child = spawn(process.execPath, ['-e', script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`bench peer exited ${code}`)));
  });
  return {
    port: Number(line),
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

export const startSender = (totalBytes: number, frameBytes = 0): Promise<PeerProcess> => startPeer(SENDER, [String(totalBytes), String(frameBytes)]);
export const startEcho = (): Promise<PeerProcess> => startPeer(ECHO, []);

/**
 * Sends `size`-byte datagrams to 127.0.0.1:port at `rate` per second (0: as fast as it can)
 * for `seconds`, then prints how many it sent and how long that took, as JSON.
 */
const UDP_SENDER = `
const dgram = require('node:dgram');
const [port, rate, seconds, size] = process.argv.slice(1).map(Number);
const socket = dgram.createSocket('udp4');
const payload = Buffer.alloc(size, 0x61);
let failed = 0;
socket.on('error', () => (failed += 1));
socket.connect(port, '127.0.0.1', () => {
  const start = performance.now();
  const end = start + seconds * 1000;
  let sent = 0;
  const tick = () => {
    const t = performance.now();
    if (t >= end) {
      const elapsedMs = t - start;
      // The last sends are queued in libuv: close only after they are out.
      return void socket.send(payload, () => { console.log(JSON.stringify({ sent: sent + 1 - failed, elapsedMs })); socket.close(); });
    }
    const due = rate > 0 ? Math.floor(((t - start) / 1000) * rate) - sent : 2000;
    for (let i = 0; i < Math.min(due, 2000); i++) socket.send(payload);
    sent += Math.max(0, Math.min(due, 2000));
    setImmediate(tick);
  };
  tick();
});
`;

/** Runs one UDP sender to completion; resolves with what it sent. */
export function startUdpSender(port: number, rate: number, seconds: number, size: number): Promise<{ sent: number; elapsedMs: number }> {
  const child = spawn(process.execPath, ['-e', UDP_SENDER, String(port), String(rate), String(seconds), String(size)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolve(JSON.parse(line) as { sent: number; elapsedMs: number }));
    child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`UDP sender exited ${code}`))));
  });
}
