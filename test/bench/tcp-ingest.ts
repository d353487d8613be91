// Benchmark 1, TCP ingest: a peer sends N bytes as fast as it can. A client session (which logs
// every byte) against a plain Node socket that discards them, and against socat to /dev/null.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { Engine } from '../../src-main/engine/engine.js';
import { startSender } from './peers.js';
import { gbps, median, now, type Row } from './stats.js';

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

async function session(port: number, total: number): Promise<number> {
  const engine = new Engine();
  try {
    const { id } = engine.create('tcp-client');
    const start = now();
    const done = new Promise<number>((resolve) => {
      const stop = engine.subscribe((event) => {
        if (event.name === 'log.grew' && event.payload.stats.bytesIn === total) {
          stop();
          resolve(now() - start);
        }
      });
    });
    await engine.connect(id, { kind: 'tcp-client', host: '127.0.0.1', port });
    return await done;
  } finally {
    await engine.dispose();
    globalThis.gc?.();
  }
}

export async function tcpIngest(total: number, runs: number, haveSocat: boolean): Promise<Row[]> {
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
