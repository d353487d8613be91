// Peers for the end-to-end tests: one that pours bytes into its one client, one that echoes;
// and reading a TCP client tab's status and exact received count.
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { openTab } from './harness.js';

export const CHUNK = 64 * 1024;

export interface FloodPeer {
  port: number;
  /** Bytes handed to the connection's write() so far. */
  sent(): number;
  /** 'drain' events seen: each one means the other end took more. */
  drains(): number;
  /** True while the last write was refused and no 'drain' has come since. */
  waitingForDrain(): boolean;
  /** Bytes the connection holds that the kernel has not taken. */
  writableLength(): number;
  /** Settles once the connection has closed: what was written, and whether it ended in an error. */
  closed: Promise<{ total: number; hadError: boolean }>;
  close(): Promise<void>;
}

/**
 * A peer that writes 64 KiB chunks to its one client as fast as the socket takes them (each
 * write after the last 'drain'), until the client half-closes; then it ends cleanly, so every
 * byte written before reaches the client.
 */
export function startFloodPeer(): Promise<FloodPeer> {
  // Varied bytes, so a dropped or repeated chunk would not look like the rest.
  const chunk = Buffer.alloc(CHUNK);
  for (let i = 0; i < CHUNK; i++) chunk[i] = (i * 7 + 3) & 0xff;
  let socket: Socket | null = null;
  let sent = 0;
  let drains = 0;
  let waiting = false;
  let stopped = false;
  let onClosed: (r: { total: number; hadError: boolean }) => void = () => {};
  const closed = new Promise<{ total: number; hadError: boolean }>((resolve) => (onClosed = resolve));

  const pump = (s: Socket): void => {
    while (!stopped && !s.destroyed) {
      sent += CHUNK;
      if (!s.write(chunk)) {
        waiting = true;
        return;
      }
    }
  };

  const server: Server = createServer((s) => {
    if (socket) {
      s.destroy();
      return;
    }
    socket = s;
    s.on('drain', () => {
      drains++;
      waiting = false;
      pump(s);
    });
    s.on('end', () => {
      stopped = true;
      s.end();
    });
    s.on('error', () => {});
    s.on('close', (hadError) => {
      stopped = true;
      onClosed({ total: sent, hadError });
    });
    pump(s);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        sent: () => sent,
        drains: () => drains,
        waitingForDrain: () => waiting,
        writableLength: () => socket?.writableLength ?? 0,
        closed,
        close: () =>
          new Promise<void>((done) => {
            stopped = true;
            socket?.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

export interface EchoPeer {
  port: number;
  /** Every byte the peer received (and echoed back), in order. */
  received(): Buffer;
  close(): Promise<void>;
}

export function startEchoPeer(): Promise<EchoPeer> {
  const sockets = new Set<Socket>();
  const received: Buffer[] = [];
  const server = createServer((s) => {
    sockets.add(s);
    s.on('data', (d) => {
      received.push(d);
      s.write(d);
    });
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        received: () => Buffer.concat(received),
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

export async function connectTcp(page: Page, port: number): Promise<Locator> {
  const panel = await openTab(page, 'TCP client');
  await panel.getByLabel('Host').fill('127.0.0.1');
  await panel.getByLabel('Port', { exact: true }).fill(String(port));
  await panel.getByRole('button', { name: 'Connect' }).click();
  await expect.poll(() => status(panel).textContent()).toMatch(new RegExp(`Connected.*127\\.0\\.0\\.1:${port}`));
  return panel;
}

export function status(panel: Locator): Locator {
  return panel.getByRole('status', { name: 'Connection status' });
}

/** The exact received byte count, from the Counters' tooltip ("12,345 bytes"). */
export async function receivedBytes(panel: Locator): Promise<number> {
  const title = await panel.getByRole('region', { name: 'Counters' }).locator('li.in').getAttribute('title');
  const m = /^([\d,]+) bytes$/.exec(title ?? '');
  if (!m?.[1]) throw new Error(`no byte count in the Received counter's title ${JSON.stringify(title)}`);
  return Number(m[1].replaceAll(',', ''));
}
