// Benchmark 1, TCP ingest: a peer sends N bytes as fast as it can. A client session (which logs
// every byte) against a plain Node socket that discards them, and against socat to /dev/null.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { Engine } from '../../src-main/engine/engine.js';
import { startSender } from './peers.js';
import { gbps, median, now, type Row } from './stats.js';

/** Every byte the sender in peers.ts sends. */
const SENT_BYTE = 0x61;

function plainNode(port: number, total: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = now();
    let got = 0;
    const socket = connect({ host: '127.0.0.1', port });
    socket.on('data', (chunk: Buffer) => (got += chunk.byteLength));
    socket.on('end', () => (got === total ? resolve(now() - start) : reject(new Error(`plain node got ${got} of ${total}`))));
    socket.on('error', reject);
  });
}

function socat(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = now();
    const child = spawn('socat', ['-u', `TCP:127.0.0.1:${port}`, 'STDOUT'], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(now() - start) : reject(new Error(`socat exited ${code}`))));
  });
}

/**
 * Timed like plainNode: from before connecting until every byte is in the log. Done at the first
 * notice (state or growth) whose counters say so, rather than the next growth tick, which may
 * come up to GROWTH_TICK_MS later. Then, untimed, the first and last entries are read back
 * (the first from the spill file) to show the bytes were kept, not only counted.
 */
async function session(port: number, total: number): Promise<number> {
  const engine = new Engine();
  try {
    const { id } = engine.create('tcp-client');
    const start = now();
    const done = new Promise<number>((resolve, reject) => {
      const stop = engine.subscribe((event) => {
        if (event.name !== 'log.grew' && event.name !== 'session.state') return;
        const payload = event.payload;
        if (payload.id !== id) return;
        if (payload.stats.bytesIn === total) {
          stop();
          resolve(now() - start);
        } else if (event.name === 'session.state' && event.payload.status === 'closed') {
          stop();
          reject(new Error(`the session logged ${payload.stats.bytesIn} of ${total} bytes`));
        }
      });
    });
    await engine.connect(id, { kind: 'tcp-client', host: '127.0.0.1', port });
    const ms = await done;
    const { total: count } = await engine.session(id).log.read(0, 0);
    for (const seq of [0, count - 1]) {
      const { bytes, size } = await engine.session(id).log.readBytes(seq, 0, 2 ** 31);
      if (bytes.byteLength !== size || !bytes.every((b) => b === SENT_BYTE)) throw new Error(`log entry ${seq} does not hold the bytes sent`);
    }
    return ms;
  } finally {
    await engine.dispose();
    globalThis.gc?.();
  }
}

export async function tcpIngest(total: number, runs: number, haveSocat: boolean): Promise<Row[]> {
  // One short untimed round of each first, so no contender pays for the JIT or first-use costs.
  const warm = await startSender(Math.min(total, 256 * 2 ** 20));
  try {
    await plainNode(warm.port, Math.min(total, 256 * 2 ** 20));
    if (haveSocat) await socat(warm.port);
    await session(warm.port, Math.min(total, 256 * 2 ** 20));
  } finally {
    await warm.stop();
  }
  const sender = await startSender(total);
  try {
    const times = { node: [] as number[], socat: [] as number[], session: [] as number[] };
    for (let i = 0; i < runs; i++) {
      times.node.push(await plainNode(sender.port, total));
      if (haveSocat) times.socat.push(await socat(sender.port));
      times.session.push(await session(sender.port, total));
    }
    const [node, sess] = [median(times.node), median(times.session)];
    const rows: Row[] = [
      {
        benchmark: `TCP ingest ${(total / 2 ** 30).toFixed(2)} GiB vs plain Node`,
        baseline: gbps(total, node),
        wirebench: gbps(total, sess),
        ratio: `${(node / sess).toFixed(2)}x`,
        target: '>= 0.8x',
        verdict: node / sess >= 0.8 ? 'met' : 'missed',
      },
    ];
    if (haveSocat) {
      const soc = median(times.socat);
      rows.push({
        benchmark: `TCP ingest ${(total / 2 ** 30).toFixed(2)} GiB vs socat`,
        baseline: gbps(total, soc),
        wirebench: gbps(total, sess),
        ratio: `${(soc / sess).toFixed(2)}x`,
        target: '>= 0.6x',
        verdict: soc / sess >= 0.6 ? 'met' : 'missed',
      });
    }
    return rows;
  } finally {
    await sender.stop();
  }
}
