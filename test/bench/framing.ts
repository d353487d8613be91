// Benchmarks of the messages issue. Framed ingest: a peer sends newline-ended frames of 64 bytes
// and of 4 KiB, and a TCP client session logs one entry per frame, timed against the same bytes
// logged unframed in the same run. Scale: 1 GiB of 64-byte frames (16.7 million entries) with the
// main process's peak RSS, every entry readable by number and "Go to entry" to the last one.
// Search: a 4 GiB log searched end to end, against a plain scan of its spill file.
import { open, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { FindQuery, FramingConfig, type SearchProgress } from '../../src-main/shared/contract.js';
import { Engine } from '../../src-main/engine/engine.js';
import { startSender } from './peers.js';
import { gbps, median, now, type Row } from './stats.js';

interface Ingest {
  ms: number;
  entries: number;
  peakRss: number;
  engine: Engine;
  id: string;
}

/** Logs `total` bytes from a sender of `frame`-byte frames (0: unframed); the engine is left open. */
async function ingest(total: number, frame: number, spillDir: string): Promise<Ingest> {
  const sender = await startSender(total, frame);
  const engine = new Engine({ spillDir });
  try {
    const { id } = engine.create('tcp-client');
    if (frame > 0) {
      engine.handlers['session.receive']({ id, framing: v.parse(FramingConfig, { mode: 'delimiter', delimiter: '\\n' }), verify: null });
    }
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const start = now();
    const done = new Promise<number>((resolve, reject) => {
      const stop = engine.subscribe((event) => {
        if (event.name !== 'log.grew' && event.name !== 'session.state') return;
        if (event.payload.id !== id) return;
        if (event.name === 'session.state' && event.payload.status === 'closed') {
          stop();
          const bytes = event.payload.stats.bytesIn;
          if (bytes === total) resolve(now() - start);
          else reject(new Error(`the session logged ${bytes} of ${total} bytes`));
        }
      });
    });
    await engine.connect(id, { kind: 'tcp-client', host: '127.0.0.1', port: sender.port });
    const ms = await done;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    return { ms, entries: engine.session(id).log.count, peakRss, engine, id };
  } finally {
    await sender.stop();
  }
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = now();
  const value = await fn();
  return [value, now() - start];
}

export async function framedIngest(total: number, runs: number): Promise<Row[]> {
  const spillDir = join(tmpdir(), 'wirebench-bench-framing');
  const times: Record<number, number[]> = { 0: [], 64: [], 4096: [] };
  for (let i = 0; i < runs; i++) {
    for (const frame of [0, 64, 4096]) {
      const r = await ingest(total, frame, spillDir);
      if (frame > 0 && r.entries !== total / frame) throw new Error(`${r.entries} entries for ${total / frame} frames`);
      times[frame]!.push(r.ms);
      await r.engine.dispose();
      globalThis.gc?.();
    }
  }
  const base = median(times[0]!);
  return [64, 4096].map((frame) => {
    const ms = median(times[frame]!);
    const ratio = base / ms;
    // The issue sets a target for 64-byte frames; 4 KiB frames are reported.
    const target = frame === 64 ? 0.5 : null;
    return {
      benchmark: `Framed ingest ${(total / 2 ** 30).toFixed(2)} GiB, ${frame}-byte lines vs unframed`,
      baseline: gbps(total, base),
      wirebench: `${gbps(total, ms)} (${((total / frame / ms) * 1000 / 1e6).toFixed(1)} M frames/s)`,
      ratio: `${ratio.toFixed(2)}x`,
      target: target === null ? '—' : `>= ${target}x`,
      verdict: target === null ? 'reported' : ratio >= target ? 'met' : 'missed',
    };
  });
}

/** 1 GiB of 64-byte frames: peak RSS, the last entry read by number, random entries from the spilled part. */
export async function framedScale(total: number): Promise<Row[]> {
  const spillDir = join(tmpdir(), 'wirebench-bench-scale');
  globalThis.gc?.();
  const idle = process.memoryUsage().rss;
  const r = await ingest(total, 64, spillDir);
  try {
    const log = r.engine.session(r.id).log;
    const count = log.count;
    const [last, lastMs] = await timed(() => log.read(count - 1, 60, 256));
    if (last.entries.length !== 1 || last.entries[0]!.size !== 64) throw new Error('the last entry did not come back');
    let randomMs = 0;
    for (let k = 0; k < 20; k++) {
      const seq = Math.floor(((k + 0.5) / 20) * count);
      const [page, ms] = await timed(() => log.read(seq, 60, 256));
      if (page.entries[0]!.seq !== seq || page.entries[0]!.bytes[63] !== 0x0a) throw new Error(`entry ${seq} did not come back`);
      randomMs = Math.max(randomMs, ms);
    }
    const mb = (n: number): string => `${(n / 2 ** 20).toFixed(0)} MiB`;
    return [
      {
        benchmark: `${(total / 2 ** 30).toFixed(2)} GiB as ${count.toLocaleString('en-US')} 64-byte frames: main peak RSS vs 400 MB`,
        baseline: `idle ${mb(idle)}`,
        wirebench: mb(r.peakRss),
        ratio: `${(r.peakRss / 400e6).toFixed(2)}x`,
        target: '<= 1.00x',
        verdict: r.peakRss <= 400e6 ? 'met' : 'missed',
      },
      {
        benchmark: 'Go to entry: the last of 16.7 M entries (a window of rows) vs 200 ms',
        baseline: '200 ms',
        wirebench: `${lastMs.toFixed(1)} ms (slowest of 20 spread over the log: ${randomMs.toFixed(1)} ms)`,
        ratio: `${(Math.max(lastMs, randomMs) / 200).toFixed(3)}x`,
        target: '<= 1.00x',
        verdict: Math.max(lastMs, randomMs) <= 200 ? 'met' : 'missed',
      },
    ];
  } finally {
    await r.engine.dispose();
    globalThis.gc?.();
  }
}

/** Scans a file for `needle` the plainest way: 8 MiB reads and Buffer.indexOf. */
async function rawScan(path: string, needle: Buffer): Promise<number> {
  const file = await open(path, 'r');
  const buf = Buffer.allocUnsafe(8 * 2 ** 20);
  let hits = 0;
  try {
    for (;;) {
      const { bytesRead } = await file.read(buf, 0, buf.length, null);
      if (bytesRead === 0) return hits;
      if (buf.subarray(0, bytesRead).indexOf(needle) >= 0) hits++;
    }
  } finally {
    await file.close();
  }
}

/** Searches a `total`-byte log of 4 KiB frames for a string it does not hold (a full scan). */
export async function searchThroughput(total: number): Promise<Row[]> {
  const spillDir = join(tmpdir(), 'wirebench-bench-search');
  const r = await ingest(total, 4096, spillDir);
  try {
    const log = r.engine.session(r.id).log;
    await log.flushed();
    const spill = log.spillPath!;
    const size = (await stat(spill)).size;
    // Its chunks were written around the page cache (O_DIRECT): one untimed scan brings the file
    // in, so both timed scans read it from memory.
    await rawScan(spill, Buffer.from('needle-not-there'));
    const [, rawMs] = await timed(() => rawScan(spill, Buffer.from('needle-not-there')));
    const searched = new Promise<SearchProgress>((resolve) => {
      const stop = r.engine.subscribe((event) => {
        if (event.name === 'search.progress' && event.payload.done) {
          stop();
          resolve(event.payload);
        }
      });
    });
    const start = now();
    r.engine.handlers['log.search']({ id: r.id, query: v.parse(FindQuery, { mode: 'text', pattern: 'needle-not-there' }) });
    const done = await searched;
    const ms = now() - start;
    if (done.scanned !== r.entries || done.matches !== 0) throw new Error(`searched ${done.scanned} of ${r.entries} entries`);
    const mbps = (bytes: number, t: number): string => `${(bytes / 1e6 / (t / 1000)).toFixed(0)} MB/s`;
    return [
      {
        benchmark: `Find (text) over a ${(total / 2 ** 30).toFixed(2)} GiB log (${r.entries.toLocaleString('en-US')} entries) vs a raw scan of its spill file`,
        baseline: mbps(size, rawMs),
        wirebench: mbps(total, ms),
        ratio: `${(rawMs / size / (ms / total)).toFixed(2)}x`,
        target: '>= 500 MB/s',
        verdict: total / 1e6 / (ms / 1000) >= 500 ? 'met' : 'missed',
      },
    ];
  } finally {
    await r.engine.dispose();
    globalThis.gc?.();
  }
}
