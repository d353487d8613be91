// Benchmark 5, the UI under a flood (Chromium, web mode). A TCP client tab receives 50 MB/s
// from a paced peer while, in the page, frame times (rAF deltas) and input latency (typing in
// the composer with real key events) are measured, tabs are switched and Disconnect is pressed;
// the same page with the connection idle is the baseline. Then a UDP tab is filled with exactly
// N entries and "Go to entry" N - 1 is timed from the Enter key to the row being painted,
// against going to an entry near the start of the same log.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, CDPSession, Locator, Page } from 'playwright-core';
import { buildWebMode, launchChromium, startWebMode, type WebMode } from './ui-browser.js';
import { within } from '../helpers/net.js';
import { fillUdp, startFloodServer, type FloodServer } from './ui-peers.js';
import { installProbe, type Effect, type EventTimingEntry, type KeyLatency, type LongFrames, type Painted } from './ui-probe.js';
import { median, now, percentile, type Row } from './stats.js';

export interface UiFloodOptions {
  /** How long the flood lasts before Disconnect is pressed (the idle phase is as long, less 1 s). */
  seconds: number;
  /** Keys typed into the composer in each phase. */
  keys: number;
  /** Entries in the log "Go to entry" is timed on. */
  entries: number;
  /** How many times each jump is timed. */
  jumps: number;
  /** Datagrams per second while filling that log. */
  fillRate: number;
}

/** 1,000,000 bytes every 20 ms: 50 MB/s. */
const FLOOD_CHUNK = 1_000_000;
const FLOOD_TICK_MS = 20;
/** The flood stops by itself after this long, if Disconnect never came. */
const FLOOD_MAX_SECONDS = 60;
const TAB_SWITCHES = 3;
const ACTION_TIMEOUT_MS = 10_000;
const TEXT = 'The quick brown fox jumps over the lazy dog 0123456789. ';
/** The baseline jump: an entry near the start, so off screen but not far. */
const NEAR_ENTRY = 1_000;

interface Phase {
  frames: number[];
  longFrames: LongFrames;
  /** Input to paint per key, ms. */
  input: number[];
  /** How many of those came from Event Timing (the rest from the rAF method). */
  fromEventTiming: number;
  switches: Painted[];
  /** The renderer's main thread over the phase (Chromium's Performance.getMetrics), ms. */
  mainThread: { wallMs: number; taskMs: number; scriptMs: number; styleLayoutMs: number };
}

/** Chromium's cumulative main-thread counters, in ms. */
async function threadTimes(cdp: CDPSession): Promise<{ task: number; script: number; styleLayout: number }> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name: string): number => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  return { task: get('TaskDuration'), script: get('ScriptDuration'), styleLayout: get('RecalcStyleDuration') + get('LayoutDuration') };
}

const ms = (v: number): string => `${v.toFixed(1)} ms`;
const ratio = (wb: number, base: number): string => `${(wb / base).toFixed(2)}x`;

async function waitFor<T>(read: () => Promise<T | null>, timeoutMs: number, what: string): Promise<T> {
  const deadline = now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== null) return value;
    if (now() > deadline) throw new Error(`timed out after ${(timeoutMs / 1000).toFixed(0)} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const statusOf = (panel: Locator): Locator => panel.getByRole('status', { name: 'Connection status' });

async function waitForStatus(panel: Locator, pattern: RegExp, what: string): Promise<string> {
  return waitFor(
    async () => {
      const text = ((await statusOf(panel).textContent()) ?? '').trim();
      return pattern.test(text) ? text : null;
    },
    15_000,
    what,
  );
}

async function openTab(page: Page, kind: string): Promise<Locator> {
  await page.getByRole('button', { name: 'New connection' }).click();
  const panel = page.getByRole('tabpanel');
  await panel.getByLabel('Kind', { exact: true }).selectOption({ label: kind });
  return panel;
}

/** Arms the probe for `effect`, runs `act`, and resolves once the effect was painted. */
async function timed(page: Page, start: 'click' | 'keydown', effect: Effect, act: () => Promise<void>): Promise<Painted> {
  await page.evaluate(([s, e, t]) => window.wirebenchProbe!.arm(s, e, t), [start, effect, ACTION_TIMEOUT_MS] as const);
  await act();
  return within(
    page.evaluate(() => window.wirebenchProbe!.painted()),
    ACTION_TIMEOUT_MS + 5_000,
    'the page did not report the effect',
  );
}

/** Per key: Event Timing's duration when it reported one (it only does from 16 ms), else the rAF method. */
function inputLatency(keys: KeyLatency[], events: EventTimingEntry[]): { values: number[]; fromEventTiming: number } {
  let fromEventTiming = 0;
  const values = keys.map((key) => {
    const same = events.filter((e) => e.name !== 'keyup' && Math.abs(e.startTime - key.at) < 1);
    if (same.length === 0) return key.rafMs;
    fromEventTiming += 1;
    return Math.max(...same.map((e) => e.duration));
  });
  return { values, fromEventTiming };
}

/** Frames, typing and tab switches on the TCP tab, as it is now (idle or flooded); frames until `until` (bench clock). */
async function measurePhase(page: Page, cdp: CDPSession, keys: number, statusTcp: string, statusUdp: string, until: number): Promise<Phase> {
  const panel = page.getByRole('tabpanel');
  const tabs = page.getByRole('tab');
  const startedAt = now();
  const before = await threadTimes(cdp);
  await page.evaluate(() => window.wirebenchProbe!.startFrames());
  const message = panel.getByLabel('Message', { exact: true });
  // Focus, not click: typing is what is timed, and a click waits for the page to be still.
  await message.focus();
  await page.evaluate(() => window.wirebenchProbe!.startKeys());
  await page.keyboard.type(TEXT.repeat(Math.ceil(keys / TEXT.length)).slice(0, keys), { delay: 60 });
  const typed = await within(
    page.evaluate(() => window.wirebenchProbe!.stopKeys()),
    ACTION_TIMEOUT_MS,
    'the page did not report its key timings',
  );
  await message.fill('');
  const switches: Painted[] = [];
  for (let i = 0; i < TAB_SWITCHES; i++) {
    switches.push(await timed(page, 'click', { kind: 'status', until: statusUdp, prefix: false }, () => tabs.nth(1).click()));
    await page.waitForTimeout(200);
    switches.push(await timed(page, 'click', { kind: 'status', until: statusTcp, prefix: false }, () => tabs.nth(0).click()));
    await page.waitForTimeout(200);
  }
  if (now() < until) await page.waitForTimeout(until - now());
  const { frames, longFrames } = await page.evaluate(() => window.wirebenchProbe!.stopFrames());
  const after = await threadTimes(cdp);
  const mainThread = {
    wallMs: now() - startedAt,
    taskMs: after.task - before.task,
    scriptMs: after.script - before.script,
    styleLayoutMs: after.styleLayout - before.styleLayout,
  };
  if (typed.keys.length !== keys) throw new Error(`the page saw ${typed.keys.length} of ${keys} keys typed`);
  const { values, fromEventTiming } = inputLatency(typed.keys, typed.events);
  return { frames, longFrames, input: values, fromEventTiming, switches, mainThread };
}

async function logCount(panel: Locator): Promise<number> {
  const text = (await panel.getByRole('region', { name: 'Traffic' }).locator('.count').textContent()) ?? '';
  const m = /^([\d,]+) entr/.exec(text.trim());
  if (!m?.[1]) throw new Error(`cannot read the log's count from "${text}"`);
  return Number(m[1].replaceAll(',', ''));
}

/** The log's count once it has not moved for a second. */
async function settledCount(panel: Locator): Promise<number> {
  let last = await logCount(panel);
  for (let still = 0; still < 4; ) {
    await new Promise((r) => setTimeout(r, 250));
    const count = await logCount(panel);
    still = count === last ? still + 1 : 0;
    last = count;
  }
  return last;
}

/** Fills the UDP tab's log with exactly `entries` datagrams: sends, then sends what was lost. */
async function fillLog(panel: Locator, port: number, entries: number, rate: number): Promise<{ ms: number; rounds: number; lost: number }> {
  const start = now();
  let have = await logCount(panel);
  let rounds = 0;
  let lost = 0;
  while (have < entries) {
    if (++rounds > 8) throw new Error(`the UDP log has ${have} of ${entries} entries after ${rounds - 1} rounds of sending`);
    const want = entries - have;
    // The first round at full rate; what was lost comes again more gently.
    const r = rounds === 1 ? rate : Math.min(rate, 20_000);
    const { sent } = await within(fillUdp(port, want, r), (want / r) * 3000 + 30_000, `sending ${want} datagrams`);
    const before = have;
    have = await settledCount(panel);
    lost += sent - (have - before);
  }
  if (have !== entries) throw new Error(`the UDP log has ${have} entries, more than the ${entries} sent`);
  return { ms: now() - start, rounds, lost };
}

function summary(p: Phase): string {
  const lf = p.longFrames;
  const t = p.mainThread;
  const share = (v: number): string => `${((v / t.wallMs) * 100).toFixed(0)}%`;
  const top = lf.scripts.map((s) => `${s.source} ${s.ms.toFixed(0)} ms`).join('; ');
  return (
    `main thread busy ${share(t.taskMs)} (script ${share(t.scriptMs)}, style+layout ${share(t.styleLayoutMs)}) over ${(t.wallMs / 1000).toFixed(1)} s; ` +
    `${p.frames.length} frames (max ${ms(Math.max(...p.frames))}), ${lf.count} long animation frames (${ms(lf.totalMs)})${top ? `: ${top}` : ''}`
  );
}

export async function uiFlood(options: UiFloodOptions): Promise<Row[]> {
  const root = process.cwd();
  const cache = join(root, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const work = mkdtempSync(join(cache, 'wirebench-ui-'));
  let web: WebMode | undefined;
  let flood: FloodServer | undefined;
  let browser: Browser | undefined;
  /** What the bench was doing, for the message when it fails. */
  let stage = 'building the renderer and web mode';
  try {
    const webCjs = await within(buildWebMode(root, work), 300_000, 'the build did not finish');
    stage = 'starting web mode, the flood server and Chromium';
    web = await startWebMode(webCjs, join(work, 'spill'));
    flood = await startFloodServer(FLOOD_CHUNK, FLOOD_TICK_MS, FLOOD_MAX_SECONDS);
    browser = await launchChromium();
    stage = 'opening the TCP and UDP tabs';
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(15_000);
    const errors: string[] = [];
    page.on('console', (msg) => (msg.type() === 'error' ? errors.push(msg.text()) : undefined));
    page.on('pageerror', (err) => errors.push(String(err)));
    await page.addInitScript(installProbe);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    await page.goto(web.url);
    const eventTiming = await page.evaluate(() => window.wirebenchProbe!.eventTiming);

    // Tab 1: a TCP client to the flood server; tab 2: a UDP socket (idle now, the big log later).
    const tcp = await openTab(page, 'TCP client');
    await tcp.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await tcp.getByLabel('Port', { exact: true }).fill(String(flood.port));
    await tcp.getByRole('button', { name: 'Connect' }).click();
    const statusTcp = await waitForStatus(tcp, /^Connected/, 'the TCP client to connect');
    const udp = await openTab(page, 'UDP');
    await udp.getByLabel('Local address', { exact: true }).fill('127.0.0.1');
    await udp.getByLabel('Local port', { exact: true }).fill('0');
    await udp.getByRole('button', { name: 'Bind' }).click();
    const statusUdp = await waitForStatus(udp, /^Bound to 127\.0\.0\.1:\d+$/, 'the UDP socket to bind');
    const udpPort = Number(/:(\d+)$/.exec(statusUdp)![1]);
    await page.getByRole('tab').nth(0).click();
    await waitForStatus(tcp, /^Connected/, 'the TCP tab to show');

    stage = 'measuring the idle page';
    const idle = await measurePhase(page, cdp, options.keys, statusTcp, statusUdp, now() + (options.seconds - 1) * 1000);

    stage = 'measuring the page under the flood';
    const floodDone = flood.go();
    const floodEnd = now() + options.seconds * 1000;
    await waitFor(async () => ((await logCount(tcp)) > 0 ? true : null), 10_000, 'the flood to reach the log');
    // Measured from 1 s in, when the flood is steady.
    await page.waitForTimeout(1000);
    const floodStart = now();
    const flooded = await measurePhase(page, cdp, options.keys, statusTcp, statusUdp, floodEnd);
    const measuredMs = now() - floodStart;
    stage = 'pressing Disconnect under the flood';
    const disconnect = await timed(page, 'click', { kind: 'status', until: 'Closed', prefix: true }, () =>
      tcp.getByRole('button', { name: 'Disconnect' }).click(),
    );
    const report = await within(floodDone, 10_000, 'the flood server did not report');
    if (report.why !== 'closed') throw new Error(`the flood ended after ${FLOOD_MAX_SECONDS} s before Disconnect was pressed`);
    const floodMBps = report.delivered / 1e6 / (report.ms / 1000);

    stage = 'pressing Disconnect with no traffic';
    // Baseline for Disconnect: the same tab connected again, with no traffic.
    await tcp.getByRole('button', { name: 'Connect' }).click();
    await waitForStatus(tcp, /^Connected/, 'the TCP client to connect again');
    await page.waitForTimeout(300);
    const idleDisconnect = await timed(page, 'click', { kind: 'status', until: 'Closed', prefix: true }, () =>
      tcp.getByRole('button', { name: 'Disconnect' }).click(),
    );

    stage = `filling the UDP log with ${options.entries} entries`;
    // The big log, in the UDP tab.
    await page.getByRole('tab').nth(1).click();
    await waitForStatus(udp, /^Bound to/, 'the UDP tab to show');
    const fill = await fillLog(udp, udpPort, options.entries, options.fillRate);
    stage = 'timing Go to entry';
    const goTo = udp.getByLabel('Go to entry', { exact: true });
    const last = options.entries - 1;
    const near: number[] = [];
    const far: number[] = [];
    for (let i = 0; i < options.jumps; i++) {
      await timed(page, 'click', { kind: 'row', index: 0 }, () => udp.getByRole('button', { name: 'Jump to start' }).click());
      await goTo.fill(String(NEAR_ENTRY));
      near.push((await timed(page, 'keydown', { kind: 'row', index: NEAR_ENTRY }, () => goTo.press('Enter'))).ms);
      await goTo.fill(String(last));
      far.push((await timed(page, 'keydown', { kind: 'row', index: last }, () => goTo.press('Enter'))).ms);
    }

    console.log(`  ui: idle: ${summary(idle)}`);
    console.log(`  ui: flood: ${summary(flooded)}`);
    console.log(
      `  ui: flood delivered ${floodMBps.toFixed(1)} MB/s for ${(report.ms / 1000).toFixed(1)} s (${(report.delivered / 1e6).toFixed(0)} MB, ${report.skipped} ticks skipped behind the reader); measured for ${(measuredMs / 1000).toFixed(1)} s`,
    );
    console.log(`  ui: Disconnect under flood showed ${disconnect.steps.map((s) => `"${s.text}" at ${ms(s.ms)}`).join(', ')}`);
    console.log(`  ui: filled ${options.entries.toLocaleString('en-US')} entries in ${(fill.ms / 1000).toFixed(1)} s (${fill.rounds} rounds, ${fill.lost} datagrams lost and sent again)`);
    if (errors.length > 0) console.log(`  ui: the page logged errors: ${errors.slice(0, 5).join(' | ')}`);

    const p95 = (v: number[]): number => percentile(v, 95);
    const method = eventTiming ? `Event Timing for ${flooded.fromEventTiming} of ${flooded.input.length} keys (>= 16 ms), rAF below` : 'rAF method; no Event Timing';
    const switchMs = (p: Phase): number[] => p.switches.map((s) => s.ms);
    const flood50 = `${(FLOOD_CHUNK / FLOOD_TICK_MS / 1000).toFixed(0)} MB/s flood (got ${floodMBps.toFixed(1)})`;
    const rows: Row[] = [
      {
        benchmark: `UI frame time p95 under ${flood50} (p50 ${ms(median(flooded.frames))}, max ${ms(Math.max(...flooded.frames))})`,
        baseline: `${ms(p95(idle.frames))} idle (p50 ${ms(median(idle.frames))})`,
        wirebench: ms(p95(flooded.frames)),
        ratio: ratio(p95(flooded.frames), p95(idle.frames)),
        target: '< 50 ms',
        verdict: p95(flooded.frames) < 50 ? 'met' : 'missed',
      },
      {
        benchmark: `UI input to paint p95 under flood, ${options.keys} keys (p50 ${ms(median(flooded.input))}, max ${ms(Math.max(...flooded.input))}; ${method})`,
        baseline: `${ms(p95(idle.input))} idle (p50 ${ms(median(idle.input))})`,
        wirebench: ms(p95(flooded.input)),
        ratio: ratio(p95(flooded.input), p95(idle.input)),
        target: '< 100 ms',
        verdict: p95(flooded.input) < 100 ? 'met' : 'missed',
      },
      {
        benchmark: `UI tab switch under flood, click to status painted (median of ${flooded.switches.length}, max ${ms(Math.max(...switchMs(flooded)))})`,
        baseline: `${ms(median(switchMs(idle)))} idle`,
        wirebench: ms(median(switchMs(flooded))),
        ratio: ratio(median(switchMs(flooded)), median(switchMs(idle))),
        target: 'works (report)',
        verdict: 'met',
      },
      {
        benchmark: `UI Disconnect under flood, click to "${disconnect.steps.at(-1)?.text ?? 'Closed'}" painted (first change at ${ms(disconnect.steps[0]?.ms ?? disconnect.ms)})`,
        baseline: `${ms(idleDisconnect.ms)} idle`,
        wirebench: ms(disconnect.ms),
        ratio: ratio(disconnect.ms, idleDisconnect.ms),
        target: 'works (report)',
        verdict: 'met',
      },
      {
        benchmark: `UI Go to entry ${last.toLocaleString('en-US')} of ${options.entries.toLocaleString('en-US')}: Enter to row painted (median of ${far.length}, max ${ms(Math.max(...far))})`,
        baseline: `${ms(median(near))} to entry ${NEAR_ENTRY.toLocaleString('en-US')}`,
        wirebench: ms(median(far)),
        ratio: ratio(median(far), median(near)),
        target: '< 200 ms',
        verdict: median(far) < 200 ? 'met' : 'missed',
      },
    ];
    return rows;
  } catch (err) {
    // One line for the table: Playwright's messages carry a call log and colour codes.
    const text = (err instanceof Error ? err.message : String(err)).replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');
    throw new Error(`${stage}: ${text.split('\n')[0]}`, { cause: err });
  } finally {
    await browser?.close().catch(() => undefined);
    await web?.stop();
    await flood?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
