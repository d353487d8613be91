// Benchmark 4, memory: main-side RSS while one session holds a large log. A client session
// ingests N bytes from a sender process; RSS is sampled during the ingest and read after it
// (after a GC), against the same process's RSS just before, with an idle engine.
import { Engine } from '../../src-main/engine/engine.js';
import { startSender } from './peers.js';
import type { Row } from './stats.js';

const MB = 1e6;
const TARGET_MB = 400;

const rss = (): number => process.memoryUsage().rss;

export async function memory(total: number): Promise<Row[]> {
  const sender = await startSender(total);
  const engine = new Engine();
  try {
    const { id } = engine.create('tcp-client');
    globalThis.gc?.();
    const before = rss();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rss())), 100);
    const done = new Promise<void>((resolve) => {
      engine.subscribe((event) => {
        if (event.name === 'log.grew' && event.payload.stats.bytesIn === total) resolve();
      });
    });
    await engine.connect(id, { kind: 'tcp-client', host: '127.0.0.1', port: sender.port });
    await done;
    clearInterval(sampler);
    globalThis.gc?.();
    const held = rss();
    peak = Math.max(peak, held);
    // The log is still held: its last entry must read back, or the figure means nothing.
    const count = engine.list().find((s) => s.id === id)?.logCount ?? 0;
    const last = count > 0 ? (await engine.session(id).log.read(count - 1, 1)).entries[0] : undefined;
    const readable = last !== undefined && last.bytes.length === last.size;
    const size = `${(total / 2 ** 30).toFixed(2)} GiB`;
    return [
      {
        benchmark: `Memory: RSS holding a ${size} log (peak during ingest ${(peak / MB).toFixed(0)} MB)${readable ? '' : ' — last entry unreadable'}`,
        baseline: `${(before / MB).toFixed(0)} MB idle`,
        wirebench: `${(held / MB).toFixed(0)} MB`,
        ratio: `${(held / before).toFixed(2)}x`,
        target: `< ${TARGET_MB} MB`,
        verdict: held < TARGET_MB * MB && readable ? 'met' : 'missed',
      },
    ];
  } finally {
    await engine.dispose();
    await sender.stop();
    globalThis.gc?.();
  }
}
