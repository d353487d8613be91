// "Save log" as pcapng, read back by Wireshark's tshark: the file opens with no error, each TCP
// stream follows to exactly the bytes the session logged each way (a server's clients each their
// own stream), the expert finds no missing segment, unseen ACK or bad checksum, and UDP payloads
// match datagram for datagram.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../../src-main/shared/contract.js';
import { EngineHarness } from '../../../helpers/engine-harness.js';
import { Teardown, startServer, waitFor } from '../../../helpers/net.js';
import { expectEvery } from '../../../helpers/expect-every.js';

const haveTshark = spawnSync('tshark', ['--version']).status === 0;
const teardown = new Teardown();
afterEach(() => teardown.run());

async function setup(): Promise<{ h: EngineHarness; dir: string }> {
  const h = new EngineHarness({ growthTickMs: 5 });
  teardown.add(() => h.dispose());
  const dir = await mkdtemp(join(tmpdir(), 'wirebench-pcap-'));
  teardown.add(() => rm(dir, { recursive: true, force: true }));
  return { h, dir };
}

/** tshark with checksum validation on; its stdout (throws with stderr on failure). */
function tshark(args: string[]): string {
  const checks = ['-o', 'ip.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE'];
  const r = spawnSync('tshark', [...checks, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`tshark ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** `follow,tcp,raw,N`: the hex each node sent, node 0 first (the one that opened the connection). */
function follow(file: string, stream: number): [string, string] {
  const out = tshark(['-r', file, '-q', '-z', `follow,tcp,raw,${stream}`]);
  const body = out.split('\n').filter((l) => /^\t?[0-9a-f]+$/.test(l));
  return [body.filter((l) => !l.startsWith('\t')).join(''), body.filter((l) => l.startsWith('\t')).map((l) => l.slice(1)).join('')];
}

function expertProblems(file: string): string[] {
  const out = tshark(['-r', file, '-q', '-z', 'expert']);
  return out.split('\n').filter((l) => /previous segment not captured|ACKed unseen segment|[Cc]hecksum|Bad checksum|malformed/i.test(l));
}

async function save(h: EngineHarness, id: string, path: string): Promise<void> {
  await h.engine.handlers['log.save']({ id, path, format: 'pcapng', overwrite: false, encoding: 'utf-8' });
}

const hexOf = (entries: LogEntry[], dir: 'in' | 'out', peerId?: string): string =>
  Buffer.concat(entries.filter((e) => e.dir === dir && (peerId === undefined || e.peerId === peerId)).map((e) => e.bytes)).toString('hex');

async function client(port: number): Promise<Socket> {
  const s = connect({ host: '127.0.0.1', port });
  s.on('error', () => {});
  teardown.add(() => s.destroy());
  await waitFor(s, 'connect');
  return s;
}

describe.skipIf(!haveTshark && process.env.CI !== 'true')('pcapng that Wireshark follows (tshark)', () => {
  it('a TCP server with two clients: one stream each, exact bytes both ways, FIN and RST, no expert complaint', async () => {
    const { h, dir } = await setup();
    const { id } = h.engine.create('tcp-server');
    const port = (await h.engine.connect(id, { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0, server: { echo: true } })).local!.port;
    const a = await client(port);
    const b = await client(port);
    const big = randomBytes(100_000); // split into segments
    a.write('hello from a\n');
    b.write('hello from b\n');
    a.write(big);
    await h.until(id, (s) => s.stats.bytesIn === 13 * 2 + big.length && s.stats.bytesOut === s.stats.bytesIn);
    // a closes in order; b is reset.
    a.end();
    b.resetAndDestroy();
    await h.until(id, (s) => s.peers?.open === 0);
    const entries = await h.entries(id);
    const [p1, p2] = [...new Set(entries.map((e) => e.peerId!))];

    const file = join(dir, 'server.pcapng');
    await save(h, id, file);
    expect(readFileSync(file).readUInt32LE(0)).toBe(0x0a0d0d0a);
    const summary = tshark(['-r', file]);
    expect(summary).toMatch(/TCP/);
    // Stream 0 is the first client: node 0 is the client (it opened), node 1 the server.
    expect(follow(file, 0)).toEqual([hexOf(entries, 'in', p1), hexOf(entries, 'out', p1)]);
    expect(follow(file, 1)).toEqual([hexOf(entries, 'in', p2), hexOf(entries, 'out', p2)]);
    expect(expertProblems(file)).toEqual([]);
    const flags = tshark(['-r', file, '-T', 'fields', '-e', 'tcp.stream', '-e', 'tcp.flags.str']);
    expect(flags).toMatch(/^0\t.*F/m);
    expect(flags).toMatch(/^1\t.*R/m);
    // Each packet that carries an entry names the session and the client.
    const comments = tshark(['-r', file, '-T', 'fields', '-e', 'frame.comment']);
    expect(comments).toContain(`Wirebench session ${id} (TCP server), client 127.0.0.1:`);
  });

  it('a TCP client: its one stream follows to the logged bytes; the directions are in epb_flags', async () => {
    const { h, dir } = await setup();
    const server = await startServer(teardown);
    const { id } = h.engine.create('tcp-client');
    await h.engine.connect(id, { kind: 'tcp-client', host: '127.0.0.1', port: server.port, timeoutMs: 5000 });
    const peer = await server.nextConnection();
    peer.write('welcome\r\n');
    await h.until(id, (s) => s.stats.bytesIn === 9);
    await h.engine.session(id).send(Buffer.from('PING\r\n'));
    await h.engine.session(id).send(randomBytes(70_000));
    await h.until(id, (s) => s.stats.bytesOut === 70_006);
    await h.engine.session(id).disconnect();
    const entries = await h.entries(id);
    const file = join(dir, 'client.pcapng');
    await save(h, id, file);
    expect(follow(file, 0)).toEqual([hexOf(entries, 'out'), hexOf(entries, 'in')]);
    expect(expertProblems(file)).toEqual([]);
    // epb_flags: inbound (1) for what the server sent, outbound (2) for what the session sent.
    const rows = tshark(['-r', file, '-Y', 'tcp.len > 0', '-T', 'fields', '-e', 'tcp.srcport', '-e', 'frame.packet_flags_direction']).trim().split('\n');
    const directions = new Set(rows.map((r) => r.split('\t')).map(([src, flags]) => `${src === String(server.port) ? 'from server' : 'from session'} ${Number(flags)}`));
    expect(directions).toEqual(new Set(['from server 1', 'from session 2']));
  });

  it('UDP: one datagram per entry, payloads as logged, in order', async () => {
    const { h, dir } = await setup();
    const { id } = h.engine.create('udp');
    const port = (await h.engine.connect(id, { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 })).local!.port;
    const peer = createSocket('udp4');
    teardown.add(() => peer.close());
    peer.bind(0, '127.0.0.1');
    await waitFor(peer, 'listening');
    for (const m of ['one', 'two', 'three']) peer.send(m, port, '127.0.0.1');
    await h.until(id, (s) => s.stats.messagesIn === 3);
    await h.engine.session(id).send(Buffer.from('back'), { type: 'address', host: '127.0.0.1', port: peer.address().port });
    const entries = await h.entries(id);
    const file = join(dir, 'udp.pcapng');
    await save(h, id, file);
    const payloads = tshark(['-r', file, '-T', 'fields', '-e', 'udp.payload']).trim().split('\n');
    expect(payloads).toEqual(entries.map((e) => Buffer.from(e.bytes).toString('hex')));
    const ports = tshark(['-r', file, '-T', 'fields', '-e', 'udp.srcport', '-e', 'udp.dstport']).trim().split('\n');
    expect(ports[0]).toBe(`${peer.address().port}\t${port}`);
    expect(ports[3]).toBe(`${port}\t${peer.address().port}`);
    expect(expertProblems(file)).toEqual([]);
  });

  it('a Unix stream server: TCP between made-up loopback ends, named in the comment, bytes exact', async () => {
    const { h, dir } = await setup();
    const path = join(dir, 'srv.sock');
    const { id } = h.engine.create('unix-server');
    await h.engine.connect(id, { kind: 'unix-server', path, server: { echo: true } });
    const s = connect({ path });
    s.on('error', () => {});
    teardown.add(() => s.destroy());
    await waitFor(s, 'connect');
    s.write('over a unix socket');
    await h.until(id, (snap) => snap.stats.bytesOut === 18);
    s.end();
    await h.until(id, (snap) => snap.peers?.open === 0);
    const entries = await h.entries(id);
    const file = join(dir, 'unix.pcapng');
    await save(h, id, file);
    expect(follow(file, 0)).toEqual([hexOf(entries, 'in'), hexOf(entries, 'out')]);
    expect(expertProblems(file)).toEqual([]);
    expectEvery(tshark(['-r', file, '-T', 'fields', '-e', 'ip.src']).trim().split('\n'), (a) => a === '127.0.0.1');
    expect(tshark(['-r', file, '-T', 'fields', '-e', 'frame.comment'])).toContain(`(Unix socket ${path}; addresses made up)`);
  });

  it('Ping: its echo requests and replies as ICMP packets', async () => {
    const { h, dir } = await setup();
    const { id } = h.engine.create('ping');
    await h.engine.connect(id, { kind: 'ping', host: '127.0.0.1', count: 2, intervalMs: 10 });
    await h.until(id, (snap) => snap.status === 'closed' && snap.ping?.running === false);
    const file = join(dir, 'ping.pcapng');
    await save(h, id, file);
    const types = tshark(['-r', file, '-T', 'fields', '-e', 'icmp.type', '-e', 'ip.dst']).trim().split('\n');
    expect(types.filter((t) => t.startsWith('8\t127.0.0.1'))).toHaveLength(2);
    expect(types.filter((t) => t.startsWith('0\t'))).toHaveLength(2);
    expect(expertProblems(file)).toEqual([]);
  });
});
