// Unix-domain stream sessions, server and client, on temp paths and Linux abstract names,
// against each other and against socat.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionSnapshot } from '../../../../../src-main/shared/contract.js';
import { Engine } from '../../../../../src-main/engine/engine.js';
import type { EngineEvent } from '../../../../../src-main/shared/contract.js';
import { Teardown, readBytes, readStream, startSocatListener, waitFor, waitForValue } from '../../../../helpers/net.js';
import { codedRejection } from '../../../../helpers/engine-harness.js';

const teardown = new Teardown();
let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wirebench-unix-'));
});
afterEach(async () => {
  await teardown.run();
  rmSync(dir, { recursive: true, force: true });
});

const text = (s: string) => new TextEncoder().encode(s);
const decode = (b: Uint8Array) => Buffer.from(b).toString('utf8');
const abstractName = () => `@wirebench-test-${randomBytes(6).toString('hex')}`;

function newEngine(): Engine {
  const engine = new Engine({ growthTickMs: 5 });
  teardown.add(() => engine.dispose());
  return engine;
}

function logReaches(engine: Engine, id: string, accept: (p: { logCount: number; bytesIn: number; open: number }) => boolean): Promise<unknown> {
  const snap = engine.list().find((s) => s.id === id)!;
  if (accept({ logCount: snap.logCount, bytesIn: snap.stats.bytesIn, open: snap.peers?.open ?? 0 })) return Promise.resolve();
  return waitForValue<EngineEvent>(
    (l) => engine.subscribe(l),
    (e) =>
      e.name === 'log.grew' &&
      e.payload.id === id &&
      accept({ logCount: e.payload.logCount, bytesIn: e.payload.stats.bytesIn, open: e.payload.peers?.open ?? 0 }),
  );
}

function stateReaches(engine: Engine, id: string, accept: (s: SessionSnapshot) => boolean): Promise<unknown> {
  const snap = engine.list().find((s) => s.id === id)!;
  if (accept(snap)) return Promise.resolve();
  return waitForValue<EngineEvent>(
    (l) => engine.subscribe(l),
    (e) => e.name === 'session.state' && e.payload.id === id && accept(e.payload),
  );
}

async function listenUnix(engine: Engine, path: string, extra: { removeStale?: boolean; echo?: boolean } = {}) {
  const { id } = engine.create('unix-server');
  const snap = await engine.connect(id, {
    kind: 'unix-server',
    path,
    removeStale: extra.removeStale ?? false,
    server: { echo: extra.echo ?? false },
  });
  return { id, snap };
}

/** Server and client sessions on `path`: bytes both ways, each logged on both sides. */
async function bothWays(path: string): Promise<void> {
  const engine = newEngine();
  const server = await listenUnix(engine, path);
  expect(server.snap).toMatchObject({ status: 'open', local: { address: path, port: 0, family: 'unix' } });

  const { id: clientId } = engine.create('unix-client');
  const clientSnap = await engine.connect(clientId, { kind: 'unix-client', path });
  expect(clientSnap).toMatchObject({ status: 'open', remote: { address: path, family: 'unix' } });
  await logReaches(engine, server.id, (p) => p.open === 1);
  const [peer] = (await engine.session(server.id).readPeers(0, 1)).peers;
  expect(peer).toMatchObject({ id: 'p1', label: 'client #1', status: 'open' });

  await engine.session(clientId).send(text('to server'));
  await logReaches(engine, server.id, (p) => p.bytesIn === 9);
  await engine.session(server.id).send(text('to client'), { type: 'peers', peerIds: ['p1'] });
  await logReaches(engine, clientId, (p) => p.bytesIn === 9);

  const serverLog = await engine.session(server.id).log.read(0, 10);
  expect(serverLog.entries.map((e) => [e.dir, decode(e.bytes), e.peerId, e.peer])).toEqual([
    ['in', 'to server', 'p1', 'client #1'],
    ['out', 'to client', 'p1', 'client #1'],
  ]);
  const clientLog = await engine.session(clientId).log.read(0, 10);
  expect(clientLog.entries.map((e) => [e.dir, decode(e.bytes), e.peer])).toEqual([
    ['out', 'to server', path],
    ['in', 'to client', path],
  ]);

  // The server closing its clients is seen by the client as a close by the peer.
  await engine.session(server.id).disconnect({ closeClients: true });
  await stateReaches(engine, clientId, (s) => s.status === 'closed');
  expect(engine.list().find((s) => s.id === clientId)).toMatchObject({ closedBy: 'peer' });
}

describe('Unix stream sessions', () => {
  it('server and client both ways on a path; the socket file goes when the server stops', async () => {
    const path = join(dir, 'both.sock');
    await bothWays(path);
    expect(existsSync(path)).toBe(false);
  });

  it.runIf(process.platform === 'linux')('server and client both ways on an abstract name', async () => {
    await bothWays(abstractName());
  });

  it.runIf(process.platform === 'linux')('an abstract name is reachable by a plain node client at \\0name', async () => {
    const engine = newEngine();
    const name = abstractName();
    const { id } = await listenUnix(engine, name, { echo: true });
    const socket = connect({ path: `\0${name.slice(1)}` });
    socket.on('error', () => {});
    teardown.add(() => socket.destroy());
    await waitFor(socket, 'connect');
    socket.write('abc');
    expect((await readBytes(socket, 3)).toString()).toBe('abc');
    await logReaches(engine, id, (p) => p.logCount === 2);
  });

  it('a stale socket file fails with STALE_SOCKET, and removeStale listens there', async () => {
    const path = join(dir, 'stale.sock');
    await makeStaleSocket(path);
    expect(existsSync(path)).toBe(true);

    const engine = newEngine();
    const { id } = engine.create('unix-server');
    const err = await codedRejection(engine.connect(id, { kind: 'unix-server', path }));
    expect(err.code).toBe('STALE_SOCKET');
    expect(err.message).toContain(path);
    expect(err.message).toMatch(/Remove it/);
    expect(engine.list()[0]).toMatchObject({ status: 'failed', error: { code: 'STALE_SOCKET' } });

    const snap = await engine.connect(id, { kind: 'unix-server', path, removeStale: true });
    expect(snap.status).toBe('open');
    const socket = connect({ path });
    socket.on('error', () => {});
    teardown.add(() => socket.destroy());
    await waitFor(socket, 'connect');
    await logReaches(engine, id, (p) => p.open === 1);
  });

  it('a path a live server listens on is EADDRINUSE, and is left alone even with removeStale', async () => {
    const path = join(dir, 'live.sock');
    const engine = newEngine();
    await listenUnix(engine, path);
    const { id } = engine.create('unix-server');
    const err = await codedRejection(engine.connect(id, { kind: 'unix-server', path, removeStale: true }));
    expect(err.code).toBe('EADDRINUSE');
    expect(err.message).toContain(path);
    const { id: clientId } = engine.create('unix-client');
    expect((await engine.connect(clientId, { kind: 'unix-client', path })).status).toBe('open');
  });

  it('a client to a missing path fails with ENOENT in words; to a stale one with ECONNREFUSED', async () => {
    const engine = newEngine();
    const { id } = engine.create('unix-client');
    const missing = join(dir, 'missing.sock');
    const err = await codedRejection(engine.connect(id, { kind: 'unix-client', path: missing }));
    expect(err.code).toBe('ENOENT');
    expect(err.message).toBe(`No socket at ${missing}: the path does not exist. Is the server running, and is the path right?`);

    const stale = join(dir, 'stale.sock');
    await makeStaleSocket(stale);
    const refused = await codedRejection(engine.connect(id, { kind: 'unix-client', path: stale }));
    expect(refused.code).toBe('ECONNREFUSED');
    expect(refused.message).toContain(`no server listens on it`);
  });

  it('socat UNIX-CONNECT as a client of our server', async () => {
    const path = join(dir, 'socat-client.sock');
    const engine = newEngine();
    const { id } = await listenUnix(engine, path);
    const socat = spawn('socat', ['-', `UNIX-CONNECT:${path}`], { stdio: ['pipe', 'pipe', 'pipe'] });
    teardown.add(() => socat.kill('SIGKILL'));
    socat.stdin.write('hi from socat\n');
    await logReaches(engine, id, (p) => p.bytesIn === 14);
    const out = readStream(socat.stdout, 'hi socat\n');
    await engine.session(id).send(text('hi socat\n'), { type: 'all' });
    await out;
    socat.stdin.end();
    await logReaches(engine, id, (p) => p.open === 0);
    expect((await engine.session(id).readPeers(0, 1)).peers[0]).toMatchObject({ status: 'closed', closedBy: 'peer' });
  });

  it('socat UNIX-LISTEN as a server for our client', async () => {
    const path = join(dir, 'socat-server.sock');
    await startSocatListener(teardown, [`UNIX-LISTEN:${path}`, 'PIPE']);

    const engine = newEngine();
    const { id } = engine.create('unix-client');
    await engine.connect(id, { kind: 'unix-client', path });
    await engine.session(id).send(text('echo via socat'));
    await logReaches(engine, id, (p) => p.bytesIn === 14);
    const { entries } = await engine.session(id).log.read(0, 10);
    expect(entries.map((e) => e.dir)).toEqual(['out', 'in']);
    expect(decode(entries[1]!.bytes)).toBe('echo via socat');
  });
});

/** A socket file with nobody accepting on it: a server in a child process killed without cleanup. */
async function makeStaleSocket(path: string): Promise<void> {
  const script = `require('node:net').createServer().listen(${JSON.stringify(path)}, () => process.kill(process.pid, 'SIGKILL'))`;
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  await waitFor(child, 'exit');
}
