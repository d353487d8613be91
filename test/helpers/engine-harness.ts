// A real Engine for integration tests, with the waits they need: a session's snapshot once a
// condition holds (checked on every event, never by sleeping), its whole log, a coded rejection.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { LogEntry, PeerInfo, SessionSnapshot } from '../../src-main/shared/contract.js';
import { Engine, type EngineOptions } from '../../src-main/engine/engine.js';
import type { EngineEvent } from '../../src-main/shared/contract.js';
import { CodedError } from '../../src-main/engine/errors.js';
import { type Teardown, waitForValue } from './net.js';

export class EngineHarness {
  readonly engine: Engine;
  readonly events: EngineEvent[] = [];

  constructor(options: EngineOptions = {}) {
    this.engine = new Engine(options);
    this.engine.subscribe((event) => this.events.push(event));
  }

  snapshotOf(id: string): SessionSnapshot {
    const snapshot = this.engine.list().find((s) => s.id === id);
    if (!snapshot) throw new Error(`no session ${id}`);
    return snapshot;
  }

  /** Resolves with the session's snapshot once `accept` holds for it (now or after a later event). */
  until(id: string, accept: (s: SessionSnapshot) => boolean): Promise<SessionSnapshot> {
    const waiting = waitForValue<EngineEvent>(this.engine.subscribe.bind(this.engine), (event) => {
      if ((event.name === 'session.state' || event.name === 'log.grew') && event.payload.id === id) {
        return accept(this.snapshotOf(id));
      }
      return false;
    });
    const now = this.snapshotOf(id);
    return accept(now) ? Promise.resolve(now) : waiting.then(() => this.snapshotOf(id));
  }

  async entries(id: string): Promise<LogEntry[]> {
    const entries: LogEntry[] = [];
    for (;;) {
      const page = await this.engine.session(id).log.read(entries.length, 1000);
      entries.push(...page.entries);
      if (entries.length >= page.total) return entries;
    }
  }

  async peers(id: string): Promise<PeerInfo[]> {
    const peers: PeerInfo[] = [];
    for (;;) {
      const page = await this.engine.session(id).readPeers(peers.length, 1000);
      peers.push(...page.peers);
      if (page.peers.length === 0 || peers.length >= page.counts.total) return peers;
    }
  }

  dispose(): Promise<void> {
    return this.engine.dispose();
  }
}

/**
 * A harness whose engine keeps only `logMemoryBytes` of each log in memory, so spilling starts
 * early, into a fresh folder that `teardown` removes.
 */
export async function spillingHarness(
  teardown: Teardown,
  prefix: string,
  logMemoryBytes: number,
): Promise<{ h: EngineHarness; spillDir: string }> {
  const spillDir = await mkdtemp(join(tmpdir(), prefix));
  teardown.add(() => rm(spillDir, { recursive: true, force: true }));
  return { h: new EngineHarness({ spillDir, logMemoryBytes, growthTickMs: 5 }), spillDir };
}

/** The CodedError a promise rejects with (fails the test if it resolves or rejects otherwise). */
export async function codedRejection(promise: Promise<unknown>): Promise<CodedError> {
  const err = await promise.then(
    () => new Error('expected a rejection, but it resolved'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CodedError);
  return err as CodedError;
}

export const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

/** A real Engine announcing growth every 5 ms, disposed when `teardown` runs. */
export function engineTornDownBy(teardown: Teardown): Engine {
  const engine = new Engine({ growthTickMs: 5 });
  teardown.add(() => engine.dispose());
  return engine;
}

/** Resolves once the session's log has at least `bytes` bytes in (checked now and on each growth). */
export function bytesInReach(engine: Engine, id: string, bytes: number): Promise<unknown> {
  const current = engine.list().find((s) => s.id === id)?.stats.bytesIn ?? 0;
  if (current >= bytes) return Promise.resolve();
  return waitForValue<EngineEvent>(
    (l) => engine.subscribe(l),
    (e) => e.name === 'log.grew' && e.payload.id === id && e.payload.stats.bytesIn >= bytes,
  );
}
