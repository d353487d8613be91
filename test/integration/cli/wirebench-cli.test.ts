// The `wirebench` command line against real peers, run as a user runs it (node bin/wirebench.mjs,
// which builds its bundle on first use): redis-server for --expect, a refused port, openssl
// s_server with a self-signed certificate, a port in use, socat and ncat talking to
// `wirebench listen` with reply rules, --json read line by line, and `run` with a library file.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { freePort } from '../../helpers/net.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const bin = join(root, 'bin/wirebench.mjs');
const have = (cmd: string, arg = '--version'): boolean => spawnSync(cmd, [arg]).status === 0;
const ci = process.env.CI === 'true';
const children: ChildProcess[] = [];
let dir = '';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs wirebench to the end (on the tests' Node). */
function wirebench(args: string[], input?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end(input);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Starts a server process and waits until it accepts connections on `port`. */
async function daemon(cmd: string, args: string[], port: number): Promise<ChildProcess> {
  const child = spawn(cmd, args, { stdio: 'ignore' });
  children.push(child);
  for (;;) {
    const ok = spawnSync('bash', ['-c', `exec 3<>/dev/tcp/127.0.0.1/${port}`]).status === 0;
    if (ok) return child;
    if (child.exitCode !== null) throw new Error(`${cmd} exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wirebench-cli-'));
  // The first run builds dist/cli/wirebench.cjs: once, before the tests run it in parallel.
  const help = await wirebench(['--help']);
  expect(help.status).toBe(0);
});

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

describe('wirebench on the command line', () => {
  it('--help documents every exit code; a usage error exits 2 with one line on stderr', async () => {
    const help = await wirebench(['--help']);
    for (const code of ['0  success', '1  an expectation', '2  usage error', '3  network error', '4  TLS verification failed', '5  bind error']) expect(help.stdout).toContain(code);
    const bad = await wirebench(['connect', '127.0.0.1', '--send', 'x']);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toEqual(['wirebench: USAGE: Name the HOST and PORT to connect to (or --unix PATH). (wirebench --help shows how)']);
    expect((await wirebench(['connect', '127.0.0.1', '80', '--send', 'x', '--hex', '00'])).status).toBe(2);
    expect((await wirebench(['frobnicate'])).status).toBe(2);
  });

  it.skipIf(!have('redis-server') && !ci)('redis-server: --expect +PONG exits 0; a wrong expectation exits 1 saying what came back', async () => {
    const port = await freePort();
    await daemon('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], port);
    const ok = await wirebench(['connect', '127.0.0.1', String(port), '--send', 'PING\\r\\n', '--expect', '\\+PONG']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('<- 127.0.0.1:' + port + ' 7 B  +PONG\\r\\n');
    const wrong = await wirebench(['connect', '127.0.0.1', String(port), '--send', 'PING\\r\\n', '--expect', 'NOPE', '--timeout', '300']);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toBe('wirebench: EXPECT_FAILED: Expected /NOPE/: no match within 300 ms; last received: "+PONG\\r\\n".\n');
    // --json: one object per line, entries with the JSON Lines export's fields.
    const json = await wirebench(['connect', '127.0.0.1', String(port), '--send', 'PING\\r\\n', '--expect', 'PONG', '--json']);
    const lines = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l['type'])).toEqual(['connected', 'entry', 'entry', 'matched']);
    expect(lines[2]).toMatchObject({ type: 'entry', seq: 1, dir: 'in', peer: `127.0.0.1:${port}`, size: 7, base64: Buffer.from('+PONG\r\n').toString('base64') });
    expect(Object.keys(lines[1]!)).toEqual(['type', 'seq', 'ts', 'time', 'dir', 'peer', 'size', 'base64']);
  });

  it('ping 127.0.0.1 exits 0 with a summary; --udp talks to a socat echo', async () => {
    const ping = await wirebench(['ping', '127.0.0.1', '--count', '2', '--interval', '10', '--json']);
    expect(ping.stderr).toBe('');
    expect(ping.status).toBe(0);
    const events = ping.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.at(-1)).toMatchObject({ type: 'summary', sent: 2, received: 2 });
    // Two requests and two replies; a reply may arrive after the next request
    // on a busy machine, but never before its own request.
    const dirs = events.filter((e) => e['type'] === 'entry').map((e) => e['dir']);
    expect([...dirs].sort()).toEqual(['in', 'in', 'out', 'out']);
    expect(dirs.every((_, i) => dirs.slice(0, i + 1).filter((d) => d === 'in').length <= dirs.slice(0, i + 1).filter((d) => d === 'out').length)).toBe(true);
    if (!have('socat', '-V') && !ci) return;
    const port = await freePort();
    const echo = spawn('socat', [`UDP4-RECVFROM:${port},bind=127.0.0.1,fork`, 'EXEC:cat'], { stdio: 'ignore' });
    children.push(echo);
    // socat is bound once a datagram to it is echoed: try until one is.
    for (let attempt = 1; ; attempt++) {
      const r = await wirebench(['connect', '127.0.0.1', String(port), '--udp', '--hex', '01 02 03', '--expect', '\\x01\\x02\\x03', '--timeout', '300']);
      if (r.status === 0) {
        expect(r.stdout).toContain(`<- 127.0.0.1:${port} 3 B  \\x01\\x02\\x03`);
        break;
      }
      expect(r.status).toBe(1);
      expect(attempt).toBeLessThan(20);
    }
  });

  it('a refused port exits 3', async () => {
    const r = await wirebench(['connect', '127.0.0.1', String(await freePort()), '--send', 'x']);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^wirebench: ECONNREFUSED: Connection refused by 127\.0\.0\.1:\d+/);
  });

  it.skipIf(!have('openssl', 'version') && !ci)('openssl s_server with a self-signed certificate: exit 4, and 0 with --insecure', async () => {
    const port = await freePort();
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    expect(spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost']).status).toBe(0);
    await daemon('openssl', ['s_server', '-accept', String(port), '-cert', cert, '-key', key, '-quiet'], port);
    const strict = await wirebench(['connect', '127.0.0.1', String(port), '--tls', '--send', 'hi', '--timeout', '200']);
    expect(strict.status).toBe(4);
    expect(strict.stderr).toMatch(/^wirebench: TLS_VERIFY_FAILED: .*self-signed/);
    const insecure = await wirebench(['connect', '127.0.0.1', String(port), '--tls', '--insecure', '--send', 'hi', '--timeout', '200']);
    expect(insecure.status).toBe(0);
  });

  it('a port in use: listen exits 5', async () => {
    const taken = createServer();
    taken.listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const port = (taken.address() as { port: number }).port;
    const r = await wirebench(['listen', String(port), '--host', '127.0.0.1', '--duration', '100']);
    taken.close();
    expect(r.status).toBe(5);
    expect(r.stderr).toMatch(/^wirebench: EADDRINUSE: /);
  });

  it.skipIf((!have('socat', '-V') || !have('ncat')) && !ci)('socat and ncat talk to wirebench listen with a reply rule; --json line by line; Ctrl+C exits 0', async () => {
    const rules = join(dir, 'rules.json');
    writeFileSync(rules, JSON.stringify([{ when: 'regex', pattern: '^hello (\\w+)', reply: 'hi $1\\n' }]));
    const child = spawn(process.execPath, [bin, 'listen', '0', '--host', '127.0.0.1', '--rules', rules, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    const lines = createInterface({ input: child.stdout! });
    const events: Record<string, unknown>[] = [];
    let listening: (port: number) => void = () => {};
    const port = new Promise<number>((r) => (listening = r));
    lines.on('line', (l) => {
      const e = JSON.parse(l) as Record<string, unknown>;
      events.push(e);
      if (e['type'] === 'listening') listening(e['port'] as number);
    });
    const p = await port;
    const viaSocat = spawnSync('socat', ['-t', '1', '-', `TCP:127.0.0.1:${p}`], { input: 'hello socat\n', encoding: 'utf8', timeout: 10_000 });
    expect(viaSocat.stdout).toBe('hi socat\n');
    const ncat = spawnSync('bash', ['-c', `printf 'hello ncat\\n' | ncat -i 1 127.0.0.1 ${p}`], { encoding: 'utf8', timeout: 10_000 });
    expect(ncat.stdout).toBe('hi ncat\n');
    child.kill('SIGINT');
    const [code] = (await once(child, 'close')) as [number];
    expect(code).toBe(0);
    const entries = events.filter((e) => e['type'] === 'entry');
    const texts = entries.map((e) => `${e['dir'] as string} ${Buffer.from(e['base64'] as string, 'base64').toString()}`);
    expect(texts).toEqual(expect.arrayContaining(['in hello socat\n', 'out hi socat\n', 'in hello ncat\n', 'out hi ncat\n']));
    expect(events.at(-1)).toMatchObject({ type: 'closed' });
  });

  it.skipIf(!have('redis-server') && !ci)('run: a sequence from a library file passes (exit 0) and one that fails exits 1 at its step', async () => {
    const port = await freePort();
    await daemon('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], port);
    const library = join(dir, 'library.json');
    const expectStep = (pattern: string, timeoutMs = 2000) => ({ type: 'expect', when: 'regex', pattern, timeoutMs, captureAs: '' });
    const send = (text: string) => ({ type: 'send', text, format: 'text', lineEnding: 'none', expand: true });
    writeFileSync(
      library,
      JSON.stringify({
        format: 'wirebench-library',
        version: 1,
        messages: [],
        profiles: [],
        ruleSets: [],
        sequences: [
          { id: 'q1', name: 'redis ok', steps: [send('SET cli:k v42\\r\\n'), expectStep('^\\+OK'), send('GET cli:k\\r\\n'), expectStep('^v42$')] },
          { id: 'q2', name: 'redis wrong', steps: [send('PING\\r\\n'), expectStep('^\\+NOPE', 300)] },
        ],
      }),
    );
    const args = ['--library', library, '--host', '127.0.0.1', '--port', String(port), '--framing', 'crlf'];
    const ok = await wirebench(['run', 'redis ok', ...args]);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/Sequence "redis ok": Passed in \d+ ms/);
    const bad = await wirebench(['run', 'redis wrong', ...args, '--json']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^wirebench: SEQUENCE_FAILED: Sequence "redis wrong": Failed at step 2 \(Expect \/\^\\\+NOPE\/\): no match within 300 ms; last received: "\+PONG"/);
    const last = JSON.parse(bad.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(last).toMatchObject({ type: 'failed', code: 'SEQUENCE_FAILED', exit: 1 });
    expect((await wirebench(['run', 'nope', ...args])).status).toBe(2);
  });
});
