// Reply rules under a flood: a TCP server session with line framing and 50 rules (regex among
// them) answers 100 clients sending small lines as fast as they can; the last rule matches every
// line and replies with what it captured. Frames/s against the same flood with no rules, and every
// client must get exactly its own replies, in order.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import * as v from 'valibot';
import { FramingConfig, Rule, type RuleInput } from '../../src-main/shared/contract.js';
import { Engine } from '../../src-main/engine/engine.js';
import type { Row } from './stats.js';

/**
 * Each of `clients` connections writes `lines` lines "c<client> m<n>\\n" (in batches, as fast as
 * the socket takes them) and, with replies expected, checks it gets "r<client> <n>\\n" for each,
 * in order; prints JSON { ok, problems } when all are done.
 */
const CLIENTS = `
const net = require('node:net');
const [port, clients, lines, replies] = process.argv.slice(1).map(Number);
let done = 0; let connected = 0; let t0 = 0; const problems = []; const sockets = [];
for (let c = 0; c < clients; c++) {
  const s = net.connect({ host: '127.0.0.1', port }, () => { if (++connected === clients) start(); });
  sockets.push(s);
  let got = ''; let next = 0;
  s.on('data', (d) => {
    got += d.toString();
    let i;
    while ((i = got.indexOf('\\n')) >= 0) {
      const line = got.slice(0, i); got = got.slice(i + 1);
      if (line !== 'r' + c + ' ' + next) { problems.push('client ' + c + ' got ' + JSON.stringify(line) + ' for ' + next); s.destroy(); return; }
      if (++next === lines) s.end();
    }
  });
  s.on('close', () => {
    if (++done < clients) return;
    const u = process.cpuUsage();
    console.log(JSON.stringify({ problems: problems.slice(0, 5), ms: performance.now() - t0, cpuMs: Math.round((u.user + u.system) / 1000) }));
    process.exit(0);
  });
  s.on('error', (e) => problems.push('client ' + c + ': ' + e.message));
}
// Timed from when every client is connected (not from this process's start) to the last close.
function start() {
  t0 = performance.now();
  sockets.forEach((s, c) => {
    let n = 0;
    const pump = () => {
      while (n < lines) {
        let batch = '';
        for (let k = 0; k < 64 && n < lines; k++, n++) batch += 'c' + c + ' m' + n + '\\n';
        if (!s.write(batch)) return void s.once('drain', pump);
      }
      if (!replies) s.end();
    };
    pump();
  });
}
`;

function rules(): RuleInput[] {
  const decoys: RuleInput[] = Array.from({ length: 49 }, (_, i) =>
    i % 2 === 0 ? { when: 'regex', pattern: `^never${i} (\\d+)$`, reply: 'x' } : { when: 'contains', pattern: `decoy-${i}`, reply: 'x' },
  );
  return [...decoys, { when: 'regex', pattern: '^c(\\d+) m(\\d+)$', reply: 'r$1 $2\\n' }];
}

async function flood(clients: number, lines: number, withRules: boolean): Promise<Flood> {
  const engine = new Engine();
  try {
    const { id } = engine.create('tcp-server');
    engine.handlers['session.receive']({ id, framing: v.parse(FramingConfig, { mode: 'delimiter', delimiter: '\\n', keepDelimiter: false }), verify: null });
    if (withRules) engine.handlers['session.rules']({ id, rules: rules().map((r) => v.parse(Rule, r)), encoding: 'utf-8' });
    const port = (await engine.connect(id, { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0 })).local!.port;
    const cpu0 = process.cpuUsage();
    const child = spawn(process.execPath, ['-e', CLIENTS, String(port), String(clients), String(lines), withRules ? '1' : '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const out = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
    const cpu = process.cpuUsage(cpu0);
    const { problems, ms } = JSON.parse(out) as { problems: string[]; ms: number };
    if (process.env.RULES_CPU) console.error(`main cpu user ${(cpu.user / 1000).toFixed(0)} sys ${(cpu.system / 1000).toFixed(0)} ms; flood ${ms.toFixed(0)} ms; child: ${out}`);
    const snap = engine.list().find((s) => s.id === id)!;
    if (snap.stats.messagesIn !== clients * lines) problems.push(`${snap.stats.messagesIn} of ${clients * lines} frames logged`);
    if (withRules && snap.stats.messagesOut !== clients * lines) problems.push(`${snap.stats.messagesOut} of ${clients * lines} replies logged`);
    return { ms, problems };
  } finally {
    await engine.dispose();
    globalThis.gc?.();
  }
}

const ROUNDS = 5;

interface Flood {
  ms: number;
  problems: string[];
}

export async function rulesFlood(clients: number, lines: number): Promise<Row[]> {
  await flood(clients, Math.min(lines, 500), true); // untimed warm-up
  // A flood lasts a few hundred ms: each is run ROUNDS times, taking turns, and the median counts.
  const plains: Flood[] = [];
  const ruleds: Flood[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    plains.push(await flood(clients, lines, false));
    ruleds.push(await flood(clients, lines, true));
  }
  const median = (floods: Flood[]): number => floods.map((f) => f.ms).sort((a, b) => a - b)[Math.floor(floods.length / 2)]!;
  const plain = { ms: median(plains) };
  const ruled = { ms: median(ruleds) };
  const frames = clients * lines;
  const rate = (ms: number): number => (frames / ms) * 1000;
  const ratio = rate(ruled.ms) / rate(plain.ms);
  const problems = [...new Set([...plains, ...ruleds].flatMap((f) => f.problems))];
  return [
    {
      benchmark: `50 rules (26 regex) on a TCP server, ${clients} clients x ${lines.toLocaleString('en-US')} lines, each answered; frames/s vs no rules (median of ${ROUNDS})${problems.length ? ` (${problems.join('; ')})` : ', every reply to its own client, in order'}`,
      baseline: `${Math.round(rate(plain.ms)).toLocaleString('en-US')} frames/s`,
      wirebench: `${Math.round(rate(ruled.ms)).toLocaleString('en-US')} frames/s`,
      ratio: `${ratio.toFixed(2)}x`,
      target: '>= 0.5x, no reply lost or misrouted',
      verdict: ratio >= 0.5 && problems.length === 0 ? 'met' : 'missed',
    },
  ];
}
