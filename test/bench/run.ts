// Runs the benchmarks and prints one table. Each figure is a ratio against a baseline measured
// in this same run. Not part of `npm test`: timing is never asserted in tests.
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { echoRtt } from './echo-rtt.js';
import { fanIn } from './fan-in.js';
import { memory } from './memory.js';
import type { Row } from './stats.js';
import { tcpIngest } from './tcp-ingest.js';
import { udpIngest } from './udp-ingest.js';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    'tcp-bytes': { type: 'string', default: String(2 * 2 ** 30) },
    runs: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '5000' },
    'udp-rates': { type: 'string', default: '10000,25000,50000,100000,200000,400000' },
    'udp-seconds': { type: 'string', default: '2' },
    clients: { type: 'string', default: '10000' },
    messages: { type: 'string', default: '10' },
    'memory-bytes': { type: 'string', default: String(4 * 2 ** 30) },
  },
});
const only = values.only ? new Set(values.only.split(',')) : null;
const wanted = (name: string): boolean => only === null || only.has(name);
const haveSocat = spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;

console.log(`Wirebench benchmarks — Node ${process.version}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`);
if (!haveSocat) console.log('(socat not found: the socat baseline is skipped; apt-get install socat)');

const rows: Row[] = [];
/** Runs one benchmark; a failure becomes its row, so the others still report. */
async function run(name: string, bench: () => Promise<Row[]>): Promise<void> {
  if (!wanted(name)) return;
  try {
    rows.push(...(await bench()));
  } catch (err) {
    rows.push({ benchmark: name, baseline: '—', wirebench: `failed: ${err instanceof Error ? err.message : String(err)}`, ratio: '—', target: '—', verdict: 'missed' });
  }
}
await run('tcp-ingest', () => tcpIngest(Number(values['tcp-bytes']), Number(values.runs), haveSocat));
await run('echo', () => echoRtt(Number(values.rounds)));
await run('udp', () => udpIngest(values['udp-rates'].split(',').map(Number), Number(values['udp-seconds'])));
await run('fan-in', () => fanIn(Number(values.clients), Number(values.messages)));
// Last: the large log it leaves behind must not weigh on the other figures.
await run('memory', () => memory(Number(values['memory-bytes'])));

const header: (keyof Row)[] = ['benchmark', 'baseline', 'wirebench', 'ratio', 'target', 'verdict'];
console.log(`\n| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
for (const row of rows) console.log(`| ${header.map((h) => row[h]).join(' | ')} |`);
