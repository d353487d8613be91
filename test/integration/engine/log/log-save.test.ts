// "Save log" end to end: a real TCP session with traffic both ways, a log small in memory so
// most entries come back from the spill file, saved as JSON Lines and as raw bytes.
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionSnapshot } from '../../../../src-main/shared/contract.js';
import { createRouter } from '../../../../src-main/api/router.js';
import { Teardown, startServer, waitForValue } from '../../../helpers/net.js';
import { type EngineHarness, spillingHarness } from '../../../helpers/engine-harness.js';
import { mountTmpfs } from '../../../helpers/tmpfs.js';

const MEMORY_BUDGET = 256 * 1024;
const teardown = new Teardown();
let h: EngineHarness;
let spillDir: string;
let saveDir: string;

beforeEach(async () => {
  ({ h, spillDir } = await spillingHarness(teardown, 'wirebench-save-spill-', MEMORY_BUDGET));
  saveDir = await mkdtemp(join(tmpdir(), 'wirebench-save-'));
  teardown.add(() => rm(saveDir, { recursive: true, force: true }));
});

afterEach(async () => {
  await h.dispose();
  await teardown.run();
});

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

interface Traffic {
  id: string;
  peer: Socket;
  /** What the peer sent (the session received), and what the session sent, in order. */
  received: Buffer;
  sent: Buffer;
  snapshot: SessionSnapshot;
}

/**
 * A TCP client session and its peer: the peer sends 3 MiB in writes of assorted sizes while
 * the session sends 40 small messages and one of 5 MiB (larger than a save reads at once).
 */
async function session(): Promise<Traffic> {
  const server = await startServer(teardown);
  const { id } = h.engine.create('tcp-client');
  await h.engine.connect(id, { kind: 'tcp-client', host: '127.0.0.1', port: server.port, timeoutMs: 5000 });
  const peer = await server.nextConnection();
  const atPeer: Buffer[] = [];
  let atPeerBytes = 0;
  peer.on('data', (chunk: Buffer) => {
    atPeer.push(chunk);
    atPeerBytes += chunk.byteLength;
  });

  const fromPeer: Buffer[] = [];
  const sent: Buffer[] = [];
  for (let i = 0; i < 40; i++) {
    const block = randomBytes(1 + ((i * 7919) % 150_000));
    fromPeer.push(block);
    if (!peer.write(block)) await once(peer, 'drain');
    const message = randomBytes(1 + ((i * 131) % 300));
    sent.push(message);
    await h.engine.session(id).send(message);
    if (i === 20) {
      const large = randomBytes(5 * 1024 * 1024);
      sent.push(large);
      await h.engine.session(id).send(large);
    }
  }
  const received = Buffer.concat(fromPeer);
  const sentAll = Buffer.concat(sent);
  const snapshot = await h.until(id, (s) => s.stats.bytesIn === received.byteLength && s.stats.bytesOut === sentAll.byteLength);
  if (atPeerBytes < sentAll.byteLength) await waitForValue<number>((l) => {
    const onData = (): void => l(atPeerBytes);
    peer.on('data', onData);
    return () => peer.off('data', onData);
  }, (n) => n >= sentAll.byteLength);
  expect(Buffer.concat(atPeer).equals(sentAll)).toBe(true);
  // Most of the log is in the spill file, so the save reads it back from disk.
  const [spill] = await readdir(spillDir);
  expect(statSync(join(spillDir, spill!)).size).toBeGreaterThan(received.byteLength + sentAll.byteLength - 4 * MEMORY_BUDGET);
  return { id, peer, received, sent: sentAll, snapshot };
}

interface Line {
  seq: number;
  ts: number;
  time: string;
  dir: 'in' | 'out';
  peer: string | null;
  size: number;
  base64: string;
}

describe('log.save', () => {
  it('on a disk that fills up: ENOSPC in words, the file it would replace intact, no half file left', async () => {
    const disk = mountTmpfs('size=4m');
    if ('problem' in disk) throw new Error(`this test needs a tmpfs (as root on Linux): ${disk.problem}`);
    teardown.add(() => disk.unmount());
    const { id } = await session();
    const path = join(disk.dir, 'session.jsonl');
    writeFileSync(path, 'the previous save\n');
    const failed = await h.engine.saveLog(id, { path, format: 'jsonl', overwrite: true }).catch((err: unknown) => err);
    expect(failed).toMatchObject({ code: 'ENOSPC', message: expect.stringContaining(`The disk is full: the log could not be written to ${disk.dir}, and nothing was saved.`) });
    expect(readFileSync(path, 'utf8')).toBe('the previous save\n');
    expect(await readdir(disk.dir)).toEqual(['session.jsonl']);
    // What fits still saves: the 3 MiB received, as raw bytes.
    await rm(path);
    const raw = await h.engine.saveLog(id, { path: join(disk.dir, 'in.bin'), format: 'raw-in' });
    expect(raw.bytes).toBe(statSync(join(disk.dir, 'in.bin')).size);
  });

  it('JSON Lines: one record per entry, seq contiguous, bytes equal to what went each way', async () => {
    const { id, received, sent, snapshot } = await session();
    const path = join(saveDir, 'session.jsonl');
    const result = await h.engine.saveLog(id, { path, format: 'jsonl' });

    expect(result).toEqual({ path, entries: snapshot.logCount, bytes: statSync(path).size });
    const text = readFileSync(path, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n').map((l) => JSON.parse(l) as Line);
    expect(lines).toHaveLength(snapshot.logCount);
    expect(lines.filter((l) => l.dir === 'in')).toHaveLength(snapshot.stats.messagesIn);
    expect(lines.filter((l) => l.dir === 'out')).toHaveLength(snapshot.stats.messagesOut);
    const log = await h.engine.session(id).log.read(0, 1000, 0);
    lines.forEach((line, seq) => {
      expect(Object.keys(line)).toEqual(['seq', 'ts', 'time', 'dir', 'peer', 'size', 'base64']);
      expect(line.seq).toBe(seq);
      expect(line.size).toBe(Buffer.from(line.base64, 'base64').byteLength);
      expect(line.peer).toBe(`127.0.0.1:${snapshot.remote!.port}`);
      expect(line.ts).toBe(Math.round(log.entries[seq]!.ts * 1000) / 1000);
      expect(Date.parse(line.time)).toBe(Math.floor(Math.round(line.ts * 1000) / 1000));
      expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    });
    const bytesOf = (dir: 'in' | 'out'): Buffer => Buffer.concat(lines.filter((l) => l.dir === dir).map((l) => Buffer.from(l.base64, 'base64')));
    expect(sha256(bytesOf('in'))).toBe(sha256(received));
    expect(sha256(bytesOf('out'))).toBe(sha256(sent));
    expect(lines.some((l) => l.size === 5 * 1024 * 1024)).toBe(true);
  });

  it('raw-in and raw-out hold exactly the bytes received and sent', async () => {
    const { id, received, sent, snapshot } = await session();
    const inPath = join(saveDir, 'firmware.bin');
    const outPath = join(saveDir, 'sent.bin');

    const rawIn = await h.engine.saveLog(id, { path: inPath, format: 'raw-in' });
    expect(rawIn).toEqual({ path: inPath, entries: snapshot.stats.messagesIn, bytes: received.byteLength });
    expect(sha256(readFileSync(inPath))).toBe(sha256(received));

    const rawOut = await h.engine.saveLog(id, { path: outPath, format: 'raw-out' });
    expect(rawOut).toEqual({ path: outPath, entries: snapshot.stats.messagesOut, bytes: sent.byteLength });
    expect(sha256(readFileSync(outPath))).toBe(sha256(sent));
  });

  it('saves the entries there were when it started while logging goes on', async () => {
    const { id, peer, snapshot } = await session();
    const path = join(saveDir, 'moving.jsonl');
    const saving = h.engine.saveLog(id, { path });
    peer.write(randomBytes(300_000));
    const result = await saving;
    const after = await h.until(id, (s) => s.stats.bytesIn === snapshot.stats.bytesIn + 300_000);

    expect(result.entries).toBe(snapshot.logCount);
    expect(readFileSync(path, 'utf8').split('\n').filter(Boolean)).toHaveLength(snapshot.logCount);
    expect(after.logCount).toBeGreaterThan(snapshot.logCount);
  });

  it('refuses an existing file without overwrite (EEXIST, file untouched), replaces it with overwrite', async () => {
    const { id, received } = await session();
    const path = join(saveDir, 'taken.bin');
    writeFileSync(path, 'keep me');

    await expect(h.engine.saveLog(id, { path, format: 'raw-in' })).rejects.toMatchObject({
      code: 'EEXIST',
      message: `A file already exists at ${path}; choose Overwrite or another name.`,
    });
    expect(readFileSync(path, 'utf8')).toBe('keep me');

    const result = await h.engine.saveLog(id, { path, format: 'raw-in', overwrite: true });
    expect(result.bytes).toBe(received.byteLength);
    expect(sha256(readFileSync(path))).toBe(sha256(received));
    expect(await readdir(saveDir)).toEqual(['taken.bin']);
  });

  it('a folder that does not exist is ENOENT in words; a folder as the path is EISDIR', async () => {
    const { id } = await session();
    const missing = join(saveDir, 'no-such-folder', 'log.jsonl');
    await expect(h.engine.saveLog(id, { path: missing })).rejects.toMatchObject({
      code: 'ENOENT',
      message: `The folder ${join(saveDir, 'no-such-folder')} does not exist; create it first or choose another folder.`,
    });
    await mkdir(join(saveDir, 'a-folder'));
    await expect(h.engine.saveLog(id, { path: join(saveDir, 'a-folder'), overwrite: true })).rejects.toMatchObject({ code: 'EISDIR' });
    expect(await readdir(saveDir)).toEqual(['a-folder']);
  });

  it('through the router: a relative path is INVALID_PAYLOAD naming path; a result is plain data', async () => {
    const { id, snapshot } = await session();
    const router = createRouter(h.engine);
    const relative = await router.handle('log.save', { id, path: 'log.jsonl' });
    expect(relative).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    if (!relative.ok) expect(relative.error.message).toMatch(/^Invalid log\.save: path: must be an absolute path/);

    const path = join(saveDir, 'routed.jsonl');
    expect(await router.handle('log.save', { id, path })).toEqual({ ok: true, value: { path, entries: snapshot.logCount, bytes: statSync(path).size } });
  });

  it('closing the session mid-save cancels it: no file and no temporary file are left', async () => {
    const { id } = await session();
    const saving = h.engine.saveLog(id, { path: join(saveDir, 'cancelled.jsonl') });
    await h.engine.close(id);
    await expect(saving).rejects.toMatchObject({ code: 'NO_SUCH_SESSION', message: expect.stringContaining('closed while its log was being saved') });
    expect(await readdir(saveDir)).toEqual([]);
  });

  it('a second save to the same file while the first is written is refused (EBUSY); other files may be saved at once', async () => {
    const { id, received } = await session();
    const path = join(saveDir, 'once.jsonl');
    const first = h.engine.saveLog(id, { path });
    await expect(h.engine.saveLog(id, { path, overwrite: true })).rejects.toMatchObject({ code: 'EBUSY' });
    const other = h.engine.saveLog(id, { path: join(saveDir, 'in.bin'), format: 'raw-in' });
    await Promise.all([first, other]);
    expect(sha256(readFileSync(join(saveDir, 'in.bin')))).toBe(sha256(received));
    expect((await readdir(saveDir)).sort()).toEqual(['in.bin', 'once.jsonl']);
  });
});

describe('log.clear', () => {
  it('frees the memory and the spill file; counters keep their totals and entry numbers go on', async () => {
    const { id, peer, received, snapshot } = await session();
    expect(await readdir(spillDir)).toHaveLength(1);
    const router = createRouter(h.engine);
    expect(await router.handle('log.clear', { id })).toEqual({ ok: true, value: { cleared: snapshot.logCount, firstSeq: snapshot.logCount } });
    expect(await readdir(spillDir)).toEqual([]);
    expect(h.snapshotOf(id)).toMatchObject({ logCount: 0, logFirst: snapshot.logCount, stats: snapshot.stats });
    expect(h.engine.session(id).log.memoryBytes).toBe(0);

    peer.write('after the clear');
    const after = await h.until(id, (s) => s.logCount === 1);
    expect(after.stats.bytesIn).toBe(received.byteLength + 15);
    expect(after.stats.messagesIn).toBe(snapshot.stats.messagesIn + 1);
    const { entries, total } = await h.engine.session(id).log.read(0, 10);
    expect(total).toBe(1);
    expect(entries[0]).toMatchObject({ seq: snapshot.logCount, dir: 'in', size: 15 });
    expect(await router.handle('log.bytes', { id, seq: 0, offset: 0, length: 1 })).toEqual({
      ok: false,
      error: { code: 'NO_SUCH_ENTRY', message: `Log entry #0 was cleared; the log now starts at #${snapshot.logCount}.` },
    });
    // A save after the clear numbers its entries as the log does.
    const path = join(saveDir, 'after.jsonl');
    await h.engine.saveLog(id, { path });
    expect((JSON.parse(readFileSync(path, 'utf8').trim()) as Line).seq).toBe(snapshot.logCount);
  });

  it('cancels a save under way, saying why, and leaves no file behind', async () => {
    const { id } = await session();
    const path = join(saveDir, 'cancelled.jsonl');
    const saving = Promise.resolve().then(() => h.engine.handlers['log.save']({ id, path, format: 'jsonl', overwrite: false, encoding: 'utf-8' }));
    const outcome = saving.then(
      () => null,
      (err: unknown) => err,
    );
    await Promise.resolve();
    const cleared = await h.engine.handlers['log.clear']({ id });
    expect(await outcome).toMatchObject({ code: 'CANCELLED', message: 'The log was cleared while it was being saved; nothing was saved.' });
    expect(cleared.firstSeq).toBeGreaterThan(0);
    expect(await readdir(saveDir)).toEqual([]);
  });
});
