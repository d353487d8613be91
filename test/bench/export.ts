// "Save log" as pcapng at scale: a 1,000,000-entry TCP log (most of it spilled to disk) exported
// as TCP packets, against the same log saved as JSON Lines in the same run; peak RSS sampled
// while it runs (the export streams a page of entries at a time, so memory stays flat).
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TrafficLog } from '../../src-main/engine/log/traffic-log.js';
import { saveLog } from '../../src-main/engine/log/log-save.js';
import type { CaptureContext } from '../../src-main/engine/log/capture-export.js';
import { now, type Row } from './stats.js';

const MiB = 1024 * 1024;
/** What "flat" allows an export, whatever the log's size: garbage between collections, a page of entries, the write buffer. */
const BOUND_MIB = 256;

/** A save, timed, with how far RSS rose above where it was when the save began (after a GC). */
async function timedSave(log: TrafficLog, path: string, format: 'jsonl' | 'pcapng', capture: CaptureContext): Promise<{ ms: number; grew: number; fileBytes: number }> {
  globalThis.gc?.();
  const idle = process.memoryUsage().rss;
  let peakRss = idle;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const start = now();
  try {
    await saveLog(log, { path, format, overwrite: true, signal: new AbortController().signal, capture: async () => capture });
  } finally {
    clearInterval(sampler);
  }
  const ms = now() - start;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  return { ms, grew: (peakRss - idle) / MiB, fileBytes: (await stat(path)).size };
}

export async function exportThroughput(entries: number): Promise<Row[]> {
  const dir = await mkdtemp(join(tmpdir(), 'wirebench-bench-export-'));
  const log = new TrafficLog({ spill: { dir, name: 'log', budgetBytes: 32 * MiB } });
  try {
    // A conversation: requests of 40..200 bytes, answers of 100..400.
    const bytes = new Uint8Array(400).map((_, i) => (i * 7) & 0xff);
    let logged = 0;
    const ts0 = Date.now() - entries;
    for (let i = 0; i < entries; i++) {
      const out = i % 2 === 0;
      const size = out ? 40 + ((i * 37) % 160) : 100 + ((i * 53) % 300);
      log.append(out ? 'out' : 'in', bytes.subarray(0, size), '127.0.0.1:80', ts0 + i);
      logged += size;
      if (i % 65536 === 0) await log.flushed();
    }
    await log.flushed();
    const capture: CaptureContext = {
      id: 's1',
      kind: 'tcp-client',
      local: { address: '127.0.0.1', port: 40000, family: 'IPv4' },
      remote: { address: '127.0.0.1', port: 80, family: 'IPv4' },
      closedBy: 'local',
      failed: false,
      peers: new Map(),
    };
    const jsonl = await timedSave(log, join(dir, 'log.jsonl'), 'jsonl', capture);
    const pcap = await timedSave(log, join(dir, 'log.pcapng'), 'pcapng', capture);
    const rate = (ms: number): number => logged / MiB / (ms / 1000);
    const ratio = rate(pcap.ms) / rate(jsonl.ms);
    const memRatio = pcap.grew / BOUND_MIB;
    return [
      {
        benchmark: `Save log as pcapng: ${entries.toLocaleString('en-US')} TCP entries (${(logged / MiB).toFixed(0)} MiB of payload, spilled), MB/s of payload vs the same log saved as JSON Lines`,
        baseline: `${rate(jsonl.ms).toFixed(0)} MB/s`,
        wirebench: `${rate(pcap.ms).toFixed(0)} MB/s (${(pcap.fileBytes / MiB).toFixed(0)} MiB file)`,
        ratio: `${ratio.toFixed(2)}x`,
        target: '>= 0.50x',
        verdict: ratio >= 0.5 ? 'met' : 'missed',
      },
      {
        benchmark: `Save log as pcapng: peak RSS growth while exporting ${entries.toLocaleString('en-US')} entries (a ${(pcap.fileBytes / MiB).toFixed(0)} MiB file) vs a fixed ${BOUND_MIB} MiB (the JSON Lines save of the same log: +${jsonl.grew.toFixed(0)} MiB)`,
        baseline: `${BOUND_MIB} MiB`,
        wirebench: `+${pcap.grew.toFixed(0)} MiB`,
        ratio: `${memRatio.toFixed(2)}x`,
        target: '<= 1.00x',
        verdict: memRatio <= 1 ? 'met' : 'missed',
      },
    ];
  } finally {
    await log.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}
