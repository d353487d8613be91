// TLS key logs that Wireshark reads: a TLS client and server session on loopback write their
// secrets ("Write TLS keys to", and SSLKEYLOGFILE), dumpcap captures the encrypted traffic, and
// tshark, given the key log, shows exactly the plaintext the sessions logged (and, without it,
// none).
import { spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { Rule } from '../../../../../src-main/shared/contract.js';
import { EngineHarness } from '../../../../helpers/engine-harness.js';
import { freePort, Teardown } from '../../../../helpers/net.js';

const haveTools = spawnSync('dumpcap', ['--version']).status === 0 && spawnSync('tshark', ['--version']).status === 0;
const teardown = new Teardown();
afterEach(() => teardown.run());

/**
 * dumpcap on loopback for one TCP port, live: UDP probes to another port are sent until dumpcap
 * counts one (its "Capturing on" comes before packets are really seen). stop(n) waits until it
 * has counted `n` more packets (they reach the file in blocks), then ends it.
 */
async function capture(port: number, file: string): Promise<{ stop: (more: number) => Promise<void> }> {
  const probePort = await freePort();
  const child = spawn('dumpcap', ['-i', 'lo', '-f', `tcp port ${port} or udp port ${probePort}`, '-w', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  teardown.add(() => void child.kill('SIGKILL'));
  let err = '';
  let packets = 0;
  const seen = new Set<() => void>();
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    for (const m of err.matchAll(/Packets: (\d+)/g)) packets = Math.max(packets, Number(m[1]));
    for (const wake of seen) wake();
  });
  const until = (n: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const wake = (): void => {
        if (packets >= n) {
          seen.delete(wake);
          resolve();
        }
      };
      seen.add(wake);
      child.once('exit', (code) => reject(new Error(`dumpcap exited with ${code}: ${err}`)));
      wake();
    });
  const probe = createSocket('udp4');
  const probing = setInterval(() => probe.send('probe', probePort, '127.0.0.1'), 50);
  try {
    await until(1);
  } finally {
    clearInterval(probing);
    probe.close();
  }
  const start = packets;
  return {
    stop: async (more) => {
      await until(start + more);
      const exited = once(child, 'exit');
      child.kill('SIGINT');
      await exited;
    },
  };
}

/** tshark's TLS stream 0, decrypted with `keys` (or not): the hex the node on `serverPort` sent, and the other's. */
function followTls(file: string, keys: string | null, serverPort: number): { server: string; client: string } {
  const args = ['-r', file, '-d', `tcp.port==${serverPort},tls`, ...(keys ? ['-o', `tls.keylog_file:${keys}`] : []), '-q', '-z', 'follow,tls,raw,0'];
  const r = spawnSync('tshark', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tshark failed: ${r.stderr}`);
  const lines = r.stdout.split('\n');
  const node0 = lines.find((l) => l.startsWith('Node 0: ')) ?? '';
  const first = lines.filter((l) => /^[0-9a-f]+$/.test(l)).join('');
  const second = lines.filter((l) => /^\t[0-9a-f]+$/.test(l)).map((l) => l.slice(1)).join('');
  return node0.endsWith(`:${serverPort}`) ? { server: first, client: second } : { server: second, client: first };
}

describe.skipIf(!haveTools && process.env.CI !== 'true')('TLS key log (dumpcap + tshark)', () => {
  it('decrypts a loopback capture to exactly the plaintext the sessions logged', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wirebench-keylog-'));
    teardown.add(() => rm(dir, { recursive: true, force: true }));
    const h = new EngineHarness({ growthTickMs: 5 });
    teardown.add(() => h.dispose());
    const port = await freePort();
    const file = join(dir, 'tls.pcapng');
    const cap = await capture(port, file);

    const serverKeys = join(dir, 'server-keys.log');
    const clientKeys = join(dir, 'client-keys.log');
    const envKeys = join(dir, 'env-keys.log');
    const { id: server } = h.engine.create('tls-server');
    h.engine.handlers['session.rules']({ id: server, rules: [v.parse(Rule, { when: 'contains', pattern: 'GET', reply: 'HTTP/1.0 200 OK\\r\\n\\r\\n' })], encoding: 'utf-8' });
    await h.engine.connect(server, { kind: 'tls-server', localAddress: '127.0.0.1', localPort: port, keyLogFile: serverKeys });
    const { id: client } = h.engine.create('tls-client');
    const before = process.env['SSLKEYLOGFILE'];
    process.env['SSLKEYLOGFILE'] = envKeys;
    teardown.add(() => {
      if (before === undefined) delete process.env['SSLKEYLOGFILE'];
      else process.env['SSLKEYLOGFILE'] = before;
    });
    await h.engine.connect(client, { kind: 'tls-client', host: '127.0.0.1', port, verify: false, keyLogFile: clientKeys });
    await h.engine.session(client).send(Buffer.from('GET /secret HTTP/1.0\r\n\r\n'));
    await h.until(client, (s) => s.stats.bytesIn === 19);
    await h.engine.session(client).disconnect();
    await h.until(server, (s) => s.peers?.open === 0);
    // A TLS 1.3 handshake, the request, the answer and the close: at least 12 packets.
    await cap.stop(12);

    // NSS key log lines, from the session's own file and from SSLKEYLOGFILE.
    for (const keys of [serverKeys, clientKeys, envKeys]) expect(readFileSync(keys, 'utf8')).toMatch(/^(CLIENT_HANDSHAKE_TRAFFIC_SECRET|SERVER_HANDSHAKE_TRAFFIC_SECRET|CLIENT_TRAFFIC_SECRET_0|SERVER_TRAFFIC_SECRET_0|EXPORTER_SECRET|CLIENT_RANDOM) [0-9a-f]+ [0-9a-f]+$/m);
    expect(readFileSync(envKeys, 'utf8')).toBe(readFileSync(clientKeys, 'utf8'));

    const entries = await h.entries(client);
    const sent = Buffer.concat(entries.filter((e) => e.dir === 'out').map((e) => e.bytes)).toString('hex');
    const got = Buffer.concat(entries.filter((e) => e.dir === 'in').map((e) => e.bytes)).toString('hex');
    expect(Buffer.from(got, 'hex').toString()).toBe('HTTP/1.0 200 OK\r\n\r\n');
    for (const keys of [clientKeys, serverKeys]) expect(followTls(file, keys, port)).toEqual({ client: sent, server: got });
    // Without the keys nothing is decrypted.
    expect(followTls(file, null, port)).toEqual({ client: '', server: '' });
  });
});
