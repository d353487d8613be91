// Runs the benchmarks and prints one table. Each figure is a ratio against a baseline measured
// in this same run. Not part of `npm test`: timing is never asserted in tests.
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { echoRtt } from './echo-rtt.js';
import { fanIn } from './fan-in.js';
import { idleClients } from './idle-clients.js';
import { memory } from './memory.js';
import { repeatTiming } from './repeat-timing.js';
import { fileSendHeap, fileSendThroughput } from './file-send.js';
import { framedIngest, framedScale, searchThroughput } from './framing.js';
import { rulesFlood } from './rules.js';
import { exportThroughput } from './export.js';
import type { Row } from './stats.js';
import { tcpIngest } from './tcp-ingest.js';
import { uiFlood } from './ui-flood.js';
import { udpIngest } from './udp-ingest.js';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    'tcp-bytes': { type: 'string', default: String(2 * 2 ** 30) },
    runs: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '5000' },
    'udp-rates': { type: 'string', default: '10000,50000,100000,200000,225000,250000,300000,400000' },
    'udp-seconds': { type: 'string', default: '2' },
    clients: { type: 'string', default: '10000' },
    messages: { type: 'string', default: '10' },
    'memory-bytes': { type: 'string', default: String(4 * 2 ** 30) },
    'ui-seconds': { type: 'string', default: '10' },
    'ui-keys': { type: 'string', default: '40' },
    'ui-entries': { type: 'string', default: '1000000' },
    'ui-jumps': { type: 'string', default: '5' },
    'ui-fill-rate': { type: 'string', default: '100000' },
    'file-bytes': { type: 'string', default: String(512 * 2 ** 20) },
    'file-heap-bytes': { type: 'string', default: String(2 ** 30) },
    'framing-bytes': { type: 'string', default: String(2 ** 30) },
    'scale-bytes': { type: 'string', default: String(2 ** 30) },
    'search-bytes': { type: 'string', default: String(4 * 2 ** 30) },
    'rules-clients': { type: 'string', default: '100' },
    'idle-clients': { type: 'string', default: '100000' },
    'rules-lines': { type: 'string', default: '2000' },
    'export-entries': { type: 'string', default: '1000000' },
    /** Print the rows as JSON only (how a child run reports to its parent). */
    json: { type: 'boolean', default: false },
  },
});
const only = values.only ? new Set(values.only.split(',')) : null;
const wanted = (name: string): boolean => only === null || only.has(name);
const haveSocat = spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;

if (!values.json) console.log(`Wirebench benchmarks — Node ${process.version}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`);
if (!haveSocat && !values.json) console.log('(socat not found: the socat baseline is skipped; apt-get install socat)');

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
await run('repeat', () => repeatTiming());
await run('file-send', () => fileSendThroughput(Number(values['file-bytes']), haveSocat));
await run('file-heap', () => fileSendHeap(Number(values['file-heap-bytes'])));
await run('framing', () => framedIngest(Number(values['framing-bytes']), Number(values.runs)));
// In a fresh process too (peak RSS is its figure), unless it is the only one asked for.
await run('framing-scale', () => (only?.size === 1 ? framedScale(Number(values['scale-bytes'])) : inChild('framing-scale', ['--scale-bytes', values['scale-bytes']])));
await run('search', () => searchThroughput(Number(values['search-bytes'])));
await run('rules', () => rulesFlood(Number(values['rules-clients']), Number(values['rules-lines'])));
// In a fresh process too (RSS is one of its figures), unless it is the only one asked for.
await run('export', () => (only?.size === 1 ? exportThroughput(Number(values['export-entries'])) : inChild('export', ['--export-entries', values['export-entries']])));
await run('ui', () =>
  uiFlood({
    seconds: Number(values['ui-seconds']),
    keys: Number(values['ui-keys']),
    entries: Number(values['ui-entries']),
    jumps: Number(values['ui-jumps']),
    fillRate: Number(values['ui-fill-rate']),
  }),
);
await run('idle', () => idleClients(Number(values['idle-clients']), process.cwd()));
// In a fresh process when other benchmarks ran here: the heap they grew would count as idle RSS.
await run('memory', () => (only?.size === 1 ? memory(Number(values['memory-bytes'])) : inChild('memory', ['--memory-bytes', values['memory-bytes']])));

if (values.json) {
  console.log(JSON.stringify(rows));
  process.exit(0);
}

/** Runs one benchmark in a fresh process: the heap other benchmarks grew here would count in its RSS. */
function inChild(name: string, args: string[]): Promise<Row[]> {
  const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, '--only', name, ...args, '--json'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) throw new Error(`the ${name} run exited ${child.status}`);
  return Promise.resolve(JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Row[]);
}

const header: (keyof Row)[] = ['benchmark', 'baseline', 'wirebench', 'ratio', 'target', 'verdict'];
console.log(`\n| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
for (const row of rows) console.log(`| ${header.map((h) => row[h]).join(' | ')} |`);
