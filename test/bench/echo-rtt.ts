// Benchmark 6, echo round trip: 64-byte ping-pong against an echo peer. Plain Node (write, wait
// for the echo) against a session: from just before engine.send to the timestamp the session
// gave the echoed entry as it logged it. The difference is the latency the session path adds.
// The coalesced growth notice (a UI refresh policy, ~50 ms) is only used to wait, not measured.
import { connect } from 'node:net';
import { Engine } from '../../src-main/engine/engine.js';
import { startEcho } from './peers.js';
import { now, percentile, type Row } from './stats.js';
import { preciseNow } from '../../src-main/engine/clock.js';

const SIZE = 64;

async function plainNode(port: number, rounds: number): Promise<number[]> {
  const socket = connect({ host: '127.0.0.1', port, noDelay: true });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const payload = Buffer.alloc(SIZE, 0x62);
  const samples: number[] = [];
  let pending = 0;
  let wake: () => void = () => {};
  socket.on('data', (chunk: Buffer) => {
    pending -= chunk.byteLength;
    if (pending <= 0) wake();
  });
  for (let i = 0; i < rounds; i++) {
    const start = now();
    pending = SIZE;
    const echoed = new Promise<void>((resolve) => (wake = resolve));
    socket.write(payload);
    await echoed;
    samples.push(now() - start);
  }
  socket.destroy();
  return samples;
}

async function session(port: number, rounds: number): Promise<number[]> {
  const engine = new Engine({ growthTickMs: 0 });
  try {
    const { id } = engine.create('tcp-client');
    await engine.connect(id, { kind: 'tcp-client', host: '127.0.0.1', port });
    const payload = new Uint8Array(SIZE).fill(0x62);
    let expected = 0;
    let wake: () => void = () => {};
    engine.subscribe((event) => {
      if (event.name === 'log.grew' && event.payload.id === id && event.payload.stats.bytesIn >= expected) wake();
    });
    const samples: number[] = [];
    for (let i = 0; i < rounds; i++) {
      expected += SIZE;
      const echoed = new Promise<void>((resolve) => (wake = resolve));
      const start = preciseNow();
      const { seq } = await engine.session(id).send(payload);
      await echoed;
      // The echo may arrive in more than one chunk: its last one completes the round trip.
      const { entries } = await engine.session(id).log.read(seq + 1, 16, 0);
      samples.push(entries.at(-1)!.ts - start);
    }
    return samples;
  } finally {
    await engine.dispose();
  }
}

export async function echoRtt(rounds: number): Promise<Row[]> {
  const echo = await startEcho();
  try {
    await plainNode(echo.port, 200); // warm-up
    await session(echo.port, 200);
    const node = await plainNode(echo.port, rounds);
    const sess = await session(echo.port, rounds);
    return [50, 99].map((p) => {
      const base = percentile(node, p);
      const ours = percentile(sess, p);
      return {
        benchmark: `Echo round trip p${p} (${rounds} x ${SIZE} B)`,
        baseline: `${(base * 1000).toFixed(0)} µs`,
        wirebench: `${(ours * 1000).toFixed(0)} µs`,
        ratio: `${ours >= base ? '+' : '−'}${(Math.abs(ours - base) * 1000).toFixed(0)} µs`,
        target: 'report',
        verdict: '—' as const,
      };
    });
  } finally {
    await echo.stop();
  }
}
