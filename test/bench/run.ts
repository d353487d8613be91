// Runs the benchmarks and prints one table. Each figure is a ratio against a baseline measured
// in this same run. Not part of `npm test`: timing is never asserted in tests.
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { echoRtt } from './echo-rtt.js';
import type { Row } from './stats.js';
import { tcpIngest } from './tcp-ingest.js';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    'tcp-bytes': { type: 'string', default: String(2 * 2 ** 30) },
    runs: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '5000' },
  },
});
const only = values.only ? new Set(values.only.split(',')) : null;
const wanted = (name: string): boolean => only === null || only.has(name);
const haveSocat = spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;

console.log(`Wirebench benchmarks — Node ${process.version}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`);
if (!haveSocat) console.log('(socat not found: the socat baseline is skipped; apt-get install socat)');

const rows: Row[] = [];
if (wanted('tcp-ingest')) rows.push(...(await tcpIngest(Number(values['tcp-bytes']), Number(values.runs), haveSocat)));
if (wanted('echo')) rows.push(...(await echoRtt(Number(values.rounds))));

const header: (keyof Row)[] = ['benchmark', 'baseline', 'wirebench', 'ratio', 'target', 'verdict'];
console.log(`\n| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
for (const row of rows) console.log(`| ${header.map((h) => row[h]).join(' | ')} |`);
