// Peer processes for the benchmarks: each runs in its own Node process (so it does not share
// the event loop it is measuring against) and prints its port on its first line.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface PeerProcess {
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Serves `total` bytes to each connection as fast as the socket takes them, then ends it. */
const SENDER = `
const net = require('node:net');
const total = Number(process.argv[1]);
const chunk = Buffer.alloc(256 * 1024, 0x61);
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

export const startSender = (totalBytes: number): Promise<PeerProcess> => startPeer(SENDER, [String(totalBytes)]);
export const startEcho = (): Promise<PeerProcess> => startPeer(ECHO, []);
