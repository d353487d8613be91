// The TCP server session against real clients on loopback: node:net sockets, socat and ncat
// (the TCP client's connection options are in tcp-client-options.test.ts).
import { execFileSync, spawn } from 'node:child_process';
import { createServer, connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { Rule, type PeerInfo, type SessionConfigInput, type SessionSnapshot } from '../../../../../src-main/shared/contract.js';
import type { Engine } from '../../../../../src-main/engine/engine.js';
import type { EngineEvent } from '../../../../../src-main/shared/contract.js';
import { Teardown, readBytes, readStream, waitFor, waitForValue, within } from '../../../../helpers/net.js';
import { bytesInReach, codedRejection, engineTornDownBy } from '../../../../helpers/engine-harness.js';
import { readFileSync } from 'node:fs';
import { LISTEN_BACKLOG } from '../../../../../src-main/engine/kinds/stream/stream-server-session.js';

const teardown = new Teardown();
afterEach(() => teardown.run());

const text = (s: string) => new TextEncoder().encode(s);
const decode = (b: Uint8Array) => Buffer.from(b).toString('utf8');

const newEngine = (): Engine => engineTornDownBy(teardown);

type ServerInput = Omit<Extract<SessionConfigInput, { kind: 'tcp-server' }>, 'kind'>;

/** A TCP server listening on loopback (`existing`: a session made beforehand, rules set, say). */
async function listen(engine: Engine, config: ServerInput = {}, existing?: string): Promise<{ id: string; port: number; snap: SessionSnapshot }> {
  const id = existing ?? engine.create('tcp-server').id;
  const snap = await engine.connect(id, { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0, ...config });
  return { id, port: snap.local!.port, snap };
}

async function client(port: number, host = '127.0.0.1'): Promise<Socket> {
  const socket = connect({ host, port });
  socket.on('error', () => {});
  teardown.add(() => socket.destroy());
  await waitFor(socket, 'connect');
  return socket;
}

/** Waits until the session's peer counts (pushed with log.grew) satisfy `accept`. */
function peersReach(engine: Engine, id: string, accept: (p: { total: number; open: number; rejected: number }) => boolean): Promise<unknown> {
  const counts = () => engine.list().find((s) => s.id === id)?.peers;
  const current = counts();
  if (current && accept(current)) return Promise.resolve();
  const reached = waitForValue<EngineEvent>(
    (l) => engine.subscribe(l),
    (e) => e.name === 'log.grew' && e.payload.id === id && e.payload.peers !== null && accept(e.payload.peers),
  );
  return within(reached, 10_000, `the peer counts of ${id} never reached ${accept.toString()}`, () => ({ counts: counts() }));
}

/** Each peer's id, port and state, for a failure to say which one is where. */
async function peerStates(engine: Engine, id: string): Promise<string> {
  return (await allPeers(engine, id)).map((p) => `${p.id} :${p.remote?.port} ${p.status}${p.closedBy ? ` by ${p.closedBy}` : ''}`).join(', ');
}


async function allPeers(engine: Engine, id: string): Promise<PeerInfo[]> {
  const peers: PeerInfo[] = [];
  for (let from = 0; ; from += 1000) {
    const page = await engine.session(id).readPeers(from, 1000);
    peers.push(...page.peers);
    if (page.peers.length < 1000) return peers;
  }
}

async function peerBytesIn(engine: Engine, id: string, peerId: string): Promise<string> {
  const { entries } = await engine.session(id).log.read(0, 1000, undefined, { peerId });
  return entries.filter((e) => e.dir === 'in').map((e) => decode(e.bytes)).join('');
}

describe('TCP server: listening', () => {
  it('listens on port 0 and shows the port it got', async () => {
    const engine = newEngine();
    const { snap, port } = await listen(engine);
    expect(snap.status).toBe('open');
    expect(snap.kind).toBe('tcp-server');
    expect(snap.local).toEqual({ address: '127.0.0.1', port, family: 'IPv4' });
    expect(port).toBeGreaterThan(0);
    expect(snap.peers).toEqual({ total: 0, open: 0, rejected: 0 });
    expect(snap.options).toMatchObject({ noDelay: true, keepAlive: false, reuseAddress: true, ipv6Only: false });
    await client(port);
    await peersReach(engine, snap.id, (p) => p.open === 1);
  });

  it('listens with a backlog of 4096 (as the kernel allows), so a burst of clients is not made to retry', async () => {
    const engine = newEngine();
    const { port } = await listen(engine);
    // ss shows a listener's backlog in its Send-Q column; the kernel caps it at somaxconn.
    const line = execFileSync('ss', ['-ltnH', 'sport', '=', `:${port}`]).toString().trim();
    const backlog = Number(line.split(/\s+/)[2]);
    const somaxconn = Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8'));
    expect(backlog).toBe(Math.min(LISTEN_BACKLOG, somaxconn));
  });

  it('listens on ::1', async () => {
    const engine = newEngine();
    const { snap, port } = await listen(engine, { localAddress: '::1' });
    expect(snap.local).toEqual({ address: '::1', port, family: 'IPv6' });
    await client(port, '::1');
    await peersReach(engine, snap.id, (p) => p.open === 1);
    const [peer] = (await engine.session(snap.id).readPeers(0, 1)).peers;
    expect(peer!.remote?.family).toBe('IPv6');
    expect(peer!.label).toMatch(/^\[::1\]:\d+$/);
  });

  it('on :: is reached over IPv4 and IPv6, and shows an IPv4 client as IPv4', async () => {
    const engine = newEngine();
    const { snap, port } = await listen(engine, { localAddress: '::' });
    const v4 = await client(port, '127.0.0.1');
    const v6 = await client(port, '::1');
    await peersReach(engine, snap.id, (p) => p.open === 2);
    const peers = (await engine.session(snap.id).readPeers(0, 10)).peers;
    const byPort = new Map(peers.map((p) => [p.remote!.port, p]));
    expect(byPort.get(v4.localPort!)).toMatchObject({ label: `127.0.0.1:${v4.localPort}`, remote: { family: 'IPv4' } });
    expect(byPort.get(v6.localPort!)).toMatchObject({ label: `[::1]:${v6.localPort}`, remote: { family: 'IPv6' } });
  });

  it('with ipv6Only on :: refuses IPv4 clients', async () => {
    const engine = newEngine();
    const { port, snap } = await listen(engine, { localAddress: '::', ipv6Only: true });
    expect(snap.options).toMatchObject({ ipv6Only: true });
    const v4 = connect({ host: '127.0.0.1', port });
    teardown.add(() => v4.destroy());
    const [err] = await waitFor<[NodeJS.ErrnoException]>(v4, 'error');
    expect(err.code).toBe('ECONNREFUSED');
  });

  it('fails with EADDRINUSE naming the address when the port is taken, and listens nowhere else', async () => {
    const taken = createServer();
    taken.listen(0, '127.0.0.1');
    await once(taken, 'listening');
    teardown.add(() => new Promise((resolve) => taken.close(resolve)));
    const port = (taken.address() as { port: number }).port;

    const engine = newEngine();
    const { id } = engine.create('tcp-server');
    const err = await codedRejection(engine.connect(id, { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: port }));
    expect(err.code).toBe('EADDRINUSE');
    expect(err.message).toContain(`127.0.0.1:${port}`);
    const [snap] = engine.list();
    expect(snap).toMatchObject({ status: 'failed', local: null, error: { code: 'EADDRINUSE' } });
    // The cause gone, the same tab listens there.
    await new Promise((resolve) => taken.close(resolve));
    expect(await engine.connect(id, { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: port })).toMatchObject({ status: 'open', local: { port }, error: null });
  });

  it('fails with EADDRNOTAVAIL for an address that is not this machine', async () => {
    const engine = newEngine();
    const { id } = engine.create('tcp-server');
    const err = await codedRejection(engine.connect(id, { kind: 'tcp-server', localAddress: '192.0.2.1', localPort: 0 }));
    expect(err.code).toBe('EADDRNOTAVAIL');
    expect(err.message).toContain('192.0.2.1:0');
  });

  it('fails the listen with the coded error of an invalid welcome message', async () => {
    const engine = newEngine();
    const { id } = engine.create('tcp-server');
    const err = await codedRejection(
      engine.connect(id, { kind: 'tcp-server', localAddress: '127.0.0.1', server: { welcome: { format: 'hex', text: 'zz' } } }),
    );
    expect(err.code).toBe('INVALID_HEX');
    expect(err.message).toMatch(/welcome/);
    expect(engine.list()[0]!.status).toBe('failed');
  });
});

describe('TCP server: many clients', () => {
  it('200 clients: each one\'s bytes under its own id; send to one, to all, disconnect one, clear', async () => {
    const engine = newEngine();
    const { id, port } = await listen(engine);
    const count = 200;
    const sockets = await Promise.all(Array.from({ length: count }, () => client(port)));
    await peersReach(engine, id, (p) => p.open === count);

    const sent = sockets.map((_, i) => `client ${i} says ${'x'.repeat(i)} and ${i * 7919}\n`);
    sockets.forEach((socket, i) => socket.write(sent[i]!));
    await bytesInReach(engine, id, sent.reduce((n, s) => n + Buffer.byteLength(s), 0));

    const peers = await allPeers(engine, id);
    expect(peers).toHaveLength(count);
    const peerOfSocket = (socket: Socket) => peers.find((p) => p.remote!.port === socket.localPort)!;
    for (let i = 0; i < count; i++) {
      const peer = peerOfSocket(sockets[i]!);
      expect(await peerBytesIn(engine, id, peer.id)).toBe(sent[i]);
      expect(peer.label).toBe(`127.0.0.1:${sockets[i]!.localPort}`);
    }

    // Send to one: it gets its bytes first; everyone else's first bytes are the later "all".
    const chosen = sockets[42]!;
    const chosenPeer = peerOfSocket(chosen);
    const received = sockets.map((socket) => readBytes(socket, socket === chosen ? 12 : 4));
    const one = await engine.session(id).send(text('only you'), { type: 'peers', peerIds: [chosenPeer.id] });
    expect(one.targets).toBe(1);
    const all = await engine.session(id).send(text('all!'), { type: 'all' });
    expect(all.targets).toBe(count);
    expect(all.seq).toBeGreaterThan(one.seq);
    const got = await Promise.all(received);
    got.forEach((bytes, i) => expect(bytes.toString()).toBe(sockets[i] === chosen ? 'only youall!' : 'all!'));
    const { entries } = await engine.session(id).log.read(one.seq, 1);
    expect(entries[0]).toMatchObject({ dir: 'out', peerId: chosenPeer.id, peer: chosenPeer.label });

    // Disconnect exactly one.
    const victim = sockets[7]!;
    const victimPeer = peerOfSocket(victim);
    const ended = waitFor(victim, 'end');
    expect(await engine.session(id).disconnectPeers({ type: 'peers', peerIds: [victimPeer.id] })).toEqual({ closed: 1 });
    await within(ended, 10_000, `client 7 (${victimPeer.id}, :${victim.localPort}) was not ended`, () => peerStates(engine, id));
    const after = await allPeers(engine, id);
    expect(after.filter((p) => p.status === 'closed').map((p) => p.id)).toEqual([victimPeer.id]);
    expect(after.find((p) => p.id === victimPeer.id)).toMatchObject({
      closedBy: 'local',
      stats: { bytesIn: Buffer.byteLength(sent[7]!), bytesOut: 4, messagesOut: 1 },
    });
    expect((await engine.session(id).readPeers(0, 0)).counts).toEqual({ total: count, open: count - 1, rejected: 0 });

    // The closed one stays listed until cleared; sending to it is refused by name.
    const closedSend = await codedRejection(engine.session(id).send(text('x'), { type: 'peers', peerIds: [victimPeer.id] }));
    expect(closedSend.code).toBe('NO_SUCH_PEER');
    expect(await engine.session(id).clearPeers()).toEqual({ removed: 1 });
    expect((await engine.session(id).readPeers(0, 0)).counts).toEqual({ total: count - 1, open: count - 1, rejected: 0 });
    // Its log entries remain, under its id.
    expect(await peerBytesIn(engine, id, victimPeer.id)).toBe(sent[7]);
  });

  it('a client that closes stays listed as closed by the peer with its totals', async () => {
    const engine = newEngine();
    const { id, port } = await listen(engine);
    const socket = await client(port);
    socket.end('bye');
    await peersReach(engine, id, (p) => p.total === 1 && p.open === 0);
    const [peer] = (await engine.session(id).readPeers(0, 5)).peers;
    expect(peer).toMatchObject({ status: 'closed', closedBy: 'peer', stats: { bytesIn: 3, messagesIn: 1 } });
  });

  it('reads the client list in windows, in order of arrival', async () => {
    const engine = newEngine();
    const { id, port } = await listen(engine);
    const sockets: Socket[] = [];
    for (let i = 0; i < 5; i++) {
      sockets.push(await client(port));
      await peersReach(engine, id, (p) => p.total === i + 1);
    }
    const window = await engine.session(id).readPeers(1, 2);
    expect(window.peers.map((p) => p.id)).toEqual(['p2', 'p3']);
    expect(window.peers.map((p) => p.remote!.port)).toEqual([sockets[1]!.localPort, sockets[2]!.localPort]);
    expect(window.counts).toEqual({ total: 5, open: 5, rejected: 0 });
    expect((await engine.session(id).readPeers(4, 10)).peers.map((p) => p.id)).toEqual(['p5']);
    expect((await engine.session(id).readPeers(5, 10)).peers).toEqual([]);
  });

  it('refuses connections over maxClients at once and counts them', async () => {
    const engine = newEngine();
    const { id, port } = await listen(engine, { server: { maxClients: 2 } });
    await client(port);
    await client(port);
    await peersReach(engine, id, (p) => p.open === 2);
    const third = await client(port);
    await within(waitFor(third, 'close'), 10_000, `the third client (:${third.localPort}) was not refused`, () => peerStates(engine, id));
    await peersReach(engine, id, (p) => p.rejected === 1);
    expect((await engine.session(id).readPeers(0, 10)).counts).toEqual({ total: 2, open: 2, rejected: 1 });
  });

  it('sends without a target is NO_TARGET in words; unknown peers are NO_SUCH_PEER', async () => {
    const engine = newEngine();
    const { id, port } = await listen(engine);
    await client(port);
    await peersReach(engine, id, (p) => p.open === 1);
    const noTarget = await codedRejection(engine.session(id).send(text('x')));
    expect(noTarget.code).toBe('NO_TARGET');
    expect(noTarget.message).toContain('Send to all');
    const unknown = await codedRejection(engine.session(id).send(text('x'), { type: 'peers', peerIds: ['p99'] }));
    expect(unknown.code).toBe('NO_SUCH_PEER');
    expect((await codedRejection(engine.session(id).disconnectPeers({ type: 'peers', peerIds: ['p99'] }))).code).toBe('NO_SUCH_PEER');
  });
});

describe('TCP server: replies', () => {
  it('sends the welcome on connect, echoes, then answers with the rule that matches everything (the old auto-reply), each logged under the client', async () => {
    const engine = newEngine();
    const { id: sid } = engine.create('tcp-server');
    engine.handlers['session.rules']({ id: sid, rules: [v.parse(Rule, { when: 'contains', pattern: '', reply: '4f 4b', format: 'hex' })], encoding: 'utf-8' });
    const { id, port } = await listen(engine, {
      server: {
        welcome: { format: 'text', text: 'hello', lineEnding: 'lf' },
        echo: true,
      },
    }, sid);
    const socket = await client(port);
    expect((await readBytes(socket, 6)).toString()).toBe('hello\n');
    socket.write('ping');
    expect((await readBytes(socket, 6)).toString()).toBe('pingOK');
    const { entries } = await engine.session(id).log.read(0, 10);
    expect(entries.map((e) => [e.dir, decode(e.bytes), e.peerId])).toEqual([
      ['out', 'hello\n', 'p1'],
      ['in', 'ping', 'p1'],
      ['out', 'ping', 'p1'],
      ['out', 'OK', 'p1'],
    ]);
    expect(entries.map((e) => e.rule)).toEqual([undefined, undefined, undefined, 1]);
  });

  it('closes a client idle for idleTimeoutMs, saying so', async () => {
    const engine = newEngine();
    const { id, port, snap } = await listen(engine, { options: { idleTimeoutMs: 150, keepAlive: true, keepAliveDelayMs: 1000 } });
    expect(snap.options).toMatchObject({ idleTimeoutMs: 150, keepAlive: true, keepAliveDelayMs: 1000 });
    const socket = await client(port);
    await waitFor(socket, 'end');
    socket.end();
    await peersReach(engine, id, (p) => p.total === 1 && p.open === 0);
    const [peer] = (await engine.session(id).readPeers(0, 1)).peers;
    expect(peer).toMatchObject({ closedBy: 'local', error: { code: 'ETIMEDOUT' } });
    expect(peer!.error!.message).toContain('idle for 150 ms');
  });

  it('sets the IP TTL of the listener and of each client (through the native addon)', async () => {
    const engine = newEngine();
    const { id, port, snap } = await listen(engine, { options: { ttl: 5 } });
    expect(snap.options).toMatchObject({ ttl: 5 });
    expect(snap.options!.notApplied).toBeUndefined();
    const ttl = { type: 'name', name: 'IP_TTL' } as const;
    expect((await engine.session(id).getOption(ttl)).value).toEqual({ type: 'int', value: 5 });
    await client(port);
    await peersReach(engine, id, (p) => p.open === 1);
    expect((await engine.session(id).getOption(ttl, 'p1')).value).toEqual({ type: 'int', value: 5 });
  });
});

describe('TCP server: stop listening', () => {
  it('keeps clients open (and logging) when asked, and closes them when asked', async () => {
    const engine = newEngine();
    const { id, port } = await listen(engine);
    const socket = await client(port);
    await peersReach(engine, id, (p) => p.open === 1);

    const stopped = await engine.session(id).disconnect({ closeClients: false });
    expect(stopped.status).toBe('closed');
    expect(stopped.peers).toMatchObject({ open: 1 });
    const refused = connect({ host: '127.0.0.1', port });
    teardown.add(() => refused.destroy());
    expect((await waitFor<[NodeJS.ErrnoException]>(refused, 'error'))[0].code).toBe('ECONNREFUSED');

    socket.write('still here');
    await bytesInReach(engine, id, 10);
    expect(await peerBytesIn(engine, id, 'p1')).toBe('still here');
    await engine.session(id).send(text('me too'), { type: 'all' });
    expect((await readBytes(socket, 6)).toString()).toBe('me too');

    const ended = waitFor(socket, 'end');
    await engine.session(id).disconnect({ closeClients: true });
    await ended;
    expect((await engine.session(id).readPeers(0, 1)).peers[0]).toMatchObject({ status: 'closed', closedBy: 'local' });
  });

  it('closes every client by default, and can listen again on the same port', async () => {
    const engine = newEngine();
    const { id, port } = await listen(engine);
    const socket = await client(port);
    await peersReach(engine, id, (p) => p.open === 1);
    const ended = waitFor(socket, 'end');
    await engine.session(id).disconnect();
    await ended;
    const again = await engine.connect(id, { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: port });
    expect(again.local!.port).toBe(port);
    await client(port);
    await peersReach(engine, id, (p) => p.open === 1 && p.total === 2);
    expect((await engine.session(id).readPeers(1, 1)).peers[0]!.id).toBe('p2');
  });
});

describe('TCP server with real clients', () => {
  it('ncat: its stdin reaches the log, "send to all" reaches its stdout', async () => {
    const engine = newEngine();
    const { id, port } = await listen(engine);
    const ncat = spawn('ncat', ['127.0.0.1', String(port)], { stdio: ['pipe', 'pipe', 'pipe'] });
    teardown.add(() => ncat.kill('SIGKILL'));
    ncat.stdin.write('from ncat\n');
    await bytesInReach(engine, id, 10);
    expect(await peerBytesIn(engine, id, 'p1')).toBe('from ncat\n');
    const out = readStream(ncat.stdout, 'to ncat\n');
    await engine.session(id).send(text('to ncat\n'), { type: 'all' });
    await out;
  });

  it('socat: both ways, and its close marks the client closed by the peer', async () => {
    const engine = newEngine();
    const { id, port } = await listen(engine);
    const socat = spawn('socat', ['-', `TCP:127.0.0.1:${port}`], { stdio: ['pipe', 'pipe', 'pipe'] });
    teardown.add(() => socat.kill('SIGKILL'));
    socat.stdin.write('from socat\n');
    await bytesInReach(engine, id, 11);
    const out = readStream(socat.stdout, 'to socat\n');
    await engine.session(id).send(text('to socat\n'), { type: 'peers', peerIds: ['p1'] });
    await out;
    socat.stdin.end();
    await peersReach(engine, id, (p) => p.open === 0 && p.total === 1);
    expect((await engine.session(id).readPeers(0, 1)).peers[0]).toMatchObject({ closedBy: 'peer', stats: { bytesIn: 11, bytesOut: 9 } });
  });
});
