// The native addon's sockets in tests: the module and its constants, sockets closed at teardown,
// a fresh folder per test for socket paths, and what several suites read back (an inbox of
// readStart events, a Node socket's fd, sysctls, ICMP echo requests).
import { randomBytes } from 'node:crypto';
import type { Socket as DgramSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { NativeError, NativeMessage, NativeModule, NativeSocket } from '../../src-main/native/native-api.js';
import { loadNative, nodeSocketFd } from '../../src-main/native/native.js';
import { Teardown } from './net.js';

export const load = loadNative();
export const linux = process.platform === 'linux';
export const isRoot = process.getuid?.() === 0;
export const hasIpv6Loopback = Object.values(networkInterfaces()).some((list) => list?.some((i) => i.address === '::1'));

/**
 * For a describe block (skipped unless load.ok): the addon, its constants by name, sockets that
 * close after each test, and Unix socket paths in a folder made for each test.
 */
export function useNativeSockets() {
  const native = (load.ok ? load.native : null) as NativeModule;
  const c = (name: string): number => {
    const value = native.constants[name];
    if (value === undefined) throw new Error(`no ${name} on this OS`);
    return value;
  };
  const teardown = new Teardown();
  let dir = '';

  function open(domain: string, type: string, protocol: number | string = 0): NativeSocket {
    const socket = native.open(c(domain), c(type), typeof protocol === 'number' ? protocol : c(protocol));
    teardown.add(() => socket.close());
    return socket;
  }
  const unixPath = (name: string) => ({ family: 'unix' as const, path: path.join(dir, name) });
  const abstractName = (tag: string) => `@wirebench-test-${tag}-${randomBytes(6).toString('hex')}`;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wirebench-native-'));
  });
  afterEach(async () => {
    await teardown.run();
    rmSync(dir, { recursive: true, force: true });
  });
  return { native, c, teardown, open, unixPath, abstractName };
}

/** Collects what a socket's readStart handlers report, and lets a test wait for a condition. */
export class Inbox {
  readonly messages: NativeMessage[] = [];
  readonly errors: NativeError[] = [];
  ended = false;
  #wake: (() => void)[] = [];

  readonly handlers = {
    onMessage: (m: NativeMessage) => this.#push(() => this.messages.push(m)),
    onEnd: () => this.#push(() => (this.ended = true)),
    onError: (e: NativeError) => this.#push(() => this.errors.push(e)),
  };

  #push(change: () => unknown): void {
    change();
    for (const wake of this.#wake.splice(0)) wake();
  }

  async until(condition: () => boolean): Promise<void> {
    while (!condition()) await new Promise<void>((resolve) => this.#wake.push(resolve));
  }
}

/** One turn of the event loop: anything already readable has been dispatched by then. */
export const loopTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function nodeFd(socket: Socket | DgramSocket): number {
  const fd = nodeSocketFd(socket);
  if (fd === null) throw new Error('this Node socket has no fd');
  return fd;
}

export function sysctl(name: string): string {
  return readFileSync(`/proc/sys/${name.replaceAll('.', '/')}`, 'utf8').trim();
}

/** The Internet checksum (RFC 1071) over `data`. */
export function checksum(data: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < data.length; i += 2) sum += (data[i] ?? 0) * 256 + (data[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

export function echoRequest(type: number, id: number, seq: number, payload: Buffer): Buffer {
  const packet = Buffer.concat([Buffer.from([type, 0, 0, 0, id >> 8, id & 0xff, seq >> 8, seq & 0xff]), payload]);
  packet.writeUInt16BE(checksum(packet), 2);
  return packet;
}
