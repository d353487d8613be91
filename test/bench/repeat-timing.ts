// Benchmark: repeat timing. A session repeating a 16-byte message over TCP at 1 ms and at 10 ms
// against plain Node's setInterval writing the same message on a socket of its own, both to a
// sink on loopback. Each counts the sends that went out within 1 ms of their due time
// (first send + k x interval): the session by its log's timestamps, Node by the clock at each
// write. A drifting schedule falls further behind with every late tick and scores low.
import { createServer, connect, type Server } from 'node:net';
import { Engine } from '../../src-main/engine/engine.js';
import { preciseNow } from '../../src-main/engine/clock.js';
import type { Row } from './stats.js';

const MESSAGE = Buffer.from('repeat-timing-16');

async function sink(): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((socket) => {
    socket.resume();
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The share of `times` (ms) within 1 ms of first + k x interval. */
function onTime(times: number[], intervalMs: number): number {
  const first = times[0]!;
  const within = times.filter((t, k) => Math.abs(t - (first + k * intervalMs)) <= 1).length;
  return within / times.length;
}

async function plainNode(port: number, intervalMs: number, count: number): Promise<number[]> {
  const socket = connect({ host: '127.0.0.1', port, noDelay: true });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const times: number[] = [];
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      times.push(preciseNow());
      socket.write(MESSAGE);
      if (times.length === count) {
        clearInterval(timer);
        resolve();
      }
    }, intervalMs);
  });
  socket.destroy();
  return times;
}

async function session(port: number, intervalMs: number, count: number): Promise<number[]> {
  const engine = new Engine({ growthTickMs: 50 });
  try {
    const { id } = engine.create('tcp-client');
    await engine.connect(id, { kind: 'tcp-client', host: '127.0.0.1', port, options: { noDelay: true } });
    const s = engine.session(id);
    await new Promise<void>((resolve) => {
      const unsubscribe = engine.subscribe(() => {
        if (s.repeatState()?.running !== false) return;
        unsubscribe();
        resolve();
      });
      s.startRepeat(MESSAGE, undefined, intervalMs, count);
    });
    const times: number[] = [];
    for (let from = 0; ; from += 1000) {
      const page = await s.log.read(from, 1000, 0);
      times.push(...page.entries.filter((e) => e.dir === 'out').map((e) => e.ts));
      if (from + 1000 >= page.total) break;
    }
    return times;
  } finally {
    await engine.dispose();
  }
}

export async function repeatTiming(): Promise<Row[]> {
  const peer = await sink();
  const rows: Row[] = [];
  try {
    for (const [intervalMs, count] of [
      [1, 3000],
      [10, 400],
    ] as const) {
      const node = onTime(await plainNode(peer.port, intervalMs, count), intervalMs);
      const wb = onTime(await session(peer.port, intervalMs, count), intervalMs);
      const pct = (x: number): string => `${(x * 100).toFixed(1)}% of ${count} within 1 ms`;
      const ratio = node > 0 ? wb / node : Infinity;
      rows.push({
        benchmark: `repeat every ${intervalMs} ms`,
        baseline: `setInterval: ${pct(node)}`,
        wirebench: pct(wb),
        ratio: `${ratio.toFixed(2)}x`,
        target: '≥ 1.0x',
        verdict: ratio >= 1 ? 'met' : 'missed',
      });
    }
  } finally {
    await peer.close();
  }
  return rows;
}
