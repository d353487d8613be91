// What the Unix message-socket tests (datagram, seqpacket) share: the native addon if it loads,
// a fresh folder for socket files per test, an engine harness torn down after each test, and
// sockets of the addon's own to play the other side.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { NativeMessage, NativeModule, NativeSocket } from '../../src-main/native/native-api.js';
import { loadNative } from '../../src-main/native/native.js';
import { EngineHarness } from './engine-harness.js';
import { Teardown } from './net.js';

const load = loadNative();
/** The addon, or null where it did not load (the suites skip). */
export const native: NativeModule | null = load.ok ? load.native : null;

export type UnixMessageType = 'SOCK_DGRAM' | 'SOCK_SEQPACKET';

export interface UnixScratch {
  readonly teardown: Teardown;
  /** A path in this test's own folder. */
  path(name: string): string;
  /** An engine harness disposed after the test. */
  harness(): EngineHarness;
}

/** Registers the per-test hooks: a folder made before each test, removed after its teardown ran. */
export function useUnixScratch(prefix: string): UnixScratch {
  const teardown = new Teardown();
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(async () => {
    await teardown.run();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    teardown,
    path: (name) => join(dir, name),
    harness: () => {
      const h = new EngineHarness();
      teardown.add(() => h.dispose());
      return h;
    },
  };
}

/** A socket of the addon's own, closed by `teardown`. */
export function openUnix(teardown: Teardown, type: UnixMessageType): NativeSocket {
  const n = native!;
  const socket = n.open(n.constants['AF_UNIX']!, n.constants[type]!, 0);
  teardown.add(() => socket.close());
  return socket;
}

/** Leaves a socket file at `path` that no socket is bound to any more. */
export function staleSocketFile(type: UnixMessageType, path: string): void {
  const n = native!;
  const dead = n.open(n.constants['AF_UNIX']!, n.constants[type]!, 0);
  dead.bind({ family: 'unix', path });
  dead.close();
}

export interface Collected {
  messages: NativeMessage[];
  /** Settles at the end of the stream or on a read error. */
  ended: Promise<void>;
  /** Resolves once `count` messages have arrived. */
  next(count: number): Promise<void>;
}

/** Starts reading `socket`, collecting its messages (empty ones only with keepEmpty). */
export function collectMessages(socket: NativeSocket, options: { keepEmpty: boolean }): Collected {
  const messages: NativeMessage[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let markEnded: () => void = () => {};
  const ended = new Promise<void>((resolve) => {
    markEnded = resolve;
  });
  socket.readStart({
    onMessage: (m) => {
      if (options.keepEmpty || m.data.byteLength > 0) messages.push(m);
      for (const w of waiters.filter((w) => messages.length >= w.count)) w.resolve();
    },
    onEnd: () => markEnded(),
    onError: () => markEnded(),
  });
  const next = (count: number): Promise<void> =>
    messages.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve }));
  return { messages, ended, next };
}
