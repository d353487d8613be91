// Benchmarks: sending a file.
// - throughput: a TCP client session sending a file through the engine's commands (file.start,
//   then file.chunk with 1 MiB pieces in base64, as the renderer hands them over) against socat
//   sending the same file (`socat -u FILE:... TCP:...`), both to a sink on loopback, timed from
//   start to the sink holding every byte;
// - renderer heap: the page's JS heap while a 1 GiB file chosen in Chromium's file chooser is
//   sent through web mode, against the heap before the send (the bytes must never sit whole in
//   the page).
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { Engine } from '../../src-main/engine/engine.js';
import { MAX_FILE_CHUNK_BYTES } from '../../src-main/shared/contract.js';
import { now, type Row } from './stats.js';
import { buildWebMode, launchChromium, startWebMode, type WebMode } from './ui-browser.js';
import { within } from '../helpers/net.js';

interface Sink {
  port: number;
  /** Resolves once `bytes` more bytes have arrived (counting from now). */
  receive(bytes: number): Promise<void>;
  close(): Promise<void>;
}

async function sink(): Promise<Sink> {
  let received = 0;
  let waiting: { target: number; resolve: () => void } | null = null;
  const server: Server = createServer((socket) => {
    socket.on('data', (chunk: Buffer) => {
      received += chunk.byteLength;
      if (waiting && received >= waiting.target) {
        waiting.resolve();
        waiting = null;
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    receive: (bytes) => new Promise<void>((resolve) => (waiting = { target: received + bytes, resolve })),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A file of `bytes` pseudo-random bytes (written 1 MiB at a time). */
function makeFile(path: string, bytes: number): void {
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(MAX_FILE_CHUNK_BYTES);
  for (let i = 0; i < block.length; i++) block[i] = (i * 2654435761) >>> 24;
  for (let written = 0; written < bytes; written += block.length) writeSync(fd, block, 0, Math.min(block.length, bytes - written));
  closeSync(fd);
}

async function socatSend(path: string, bytes: number, to: Sink): Promise<number> {
  const arrived = to.receive(bytes);
  const start = now();
  const child = spawn('socat', ['-u', `FILE:${path}`, `TCP:127.0.0.1:${to.port}`], { stdio: 'ignore' });
  await arrived;
  const ms = now() - start;
  await new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
  return ms;
}

async function sessionSend(path: string, bytes: number, to: Sink): Promise<number> {
  const engine = new Engine({ growthTickMs: 50 });
  try {
    const { id } = engine.create('tcp-client');
    await engine.connect(id, { kind: 'tcp-client', host: '127.0.0.1', port: to.port });
    const arrived = to.receive(bytes);
    const start = now();
    const { transferId } = await engine.handlers['file.start']({ id, name: 'bench.bin', size: bytes, datagramSize: 1024, everyMs: 0, to: undefined });
    const fd = openSync(path, 'r');
    const piece = Buffer.alloc(MAX_FILE_CHUNK_BYTES);
    for (let offset = 0; offset < bytes; ) {
      const n = readSync(fd, piece, 0, piece.length, offset);
      await engine.handlers['file.chunk']({ transferId, offset, base64: piece.subarray(0, n).toString('base64') });
      offset += n;
    }
    closeSync(fd);
    await arrived;
    return now() - start;
  } finally {
    await engine.dispose();
  }
}

export async function fileSendThroughput(bytes: number, haveSocat: boolean): Promise<Row[]> {
  const dir = mkdtempSync(join(process.cwd(), 'node_modules', '.cache', 'wirebench-file-'));
  const to = await sink();
  try {
    const path = join(dir, 'file.bin');
    makeFile(path, bytes);
    const wbMs = await sessionSend(path, bytes, to);
    const mbps = (ms: number): string => `${(bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s`;
    if (!haveSocat) return [{ benchmark: `Send file ${bytes / 2 ** 20} MiB over TCP`, baseline: 'socat missing', wirebench: mbps(wbMs), ratio: '—', target: 'report', verdict: '—' }];
    const socatMs = await socatSend(path, bytes, to);
    return [
      {
        benchmark: `Send file ${bytes / 2 ** 20} MiB over TCP (1 MiB pieces in base64, as from the page) vs socat`,
        baseline: mbps(socatMs),
        wirebench: mbps(wbMs),
        ratio: `${(socatMs / wbMs).toFixed(2)}x`,
        target: 'report',
        verdict: '—',
      },
    ];
  } finally {
    await to.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function fileSendHeap(bytes: number): Promise<Row[]> {
  const root = process.cwd();
  const cache = join(root, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const work = mkdtempSync(join(cache, 'wirebench-file-ui-'));
  let web: WebMode | undefined;
  let browser: Browser | undefined;
  const to = await sink();
  try {
    const path = join(work, 'big.bin');
    makeFile(path, bytes);
    const webCjs = await within(buildWebMode(root, work), 300_000, 'the build did not finish');
    web = await startWebMode(webCjs, join(work, 'spill'));
    browser = await launchChromium();
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    const cdp = await page.context().newCDPSession(page);
    await page.goto(web.url);
    await page.getByRole('button', { name: 'New connection' }).click();
    const panel = page.getByRole('tabpanel');
    await panel.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await panel.getByLabel('Port', { exact: true }).fill(String(to.port));
    await panel.getByRole('button', { name: 'Connect' }).click();
    await panel.getByRole('button', { name: 'Disconnect' }).waitFor();
    await panel.getByText('Send file…').click();
    await panel.getByLabel('File to send').setInputFiles(path);
    const heap = async (): Promise<number> => ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
    await cdp.send('HeapProfiler.collectGarbage');
    const before = await heap();
    const arrived = to.receive(bytes);
    const start = now();
    await panel.getByRole('button', { name: 'Send file' }).click();
    let peak = before;
    let done = false;
    void arrived.then(() => (done = true));
    while (!done) {
      peak = Math.max(peak, await heap());
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const ms = now() - start;
    const mib = (n: number): string => `${(n / 2 ** 20).toFixed(1)} MiB`;
    return [
      {
        benchmark: `Renderer JS heap while a ${bytes / 2 ** 30} GiB file is sent from the page (${(bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s)`,
        baseline: `${mib(before)} before`,
        wirebench: `${mib(peak)} peak`,
        ratio: `${(peak / before).toFixed(2)}x`,
        target: 'flat (< 64 MiB more)',
        verdict: peak - before < 64 * 2 ** 20 ? 'met' : 'missed',
      },
    ];
  } finally {
    await browser?.close();
    await web?.stop();
    await to.close();
    rmSync(work, { recursive: true, force: true });
  }
}
