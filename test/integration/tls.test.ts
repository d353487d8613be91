// TLS both ways against OpenSSL: our client against `openssl s_server`, our server against
// `openssl s_client`. Certificates are made in a temp dir with `openssl req` for each run.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SessionConfigInput } from '../../src-main/api/contract.js';
import { EngineHarness, codedRejection, text } from '../helpers/engine-harness.js';
import { Teardown } from '../helpers/net.js';
import { fingerprintOf, makeCert, startSServer, type CertFiles } from '../helpers/openssl.js';

const teardown = new Teardown();
let h: EngineHarness;
let dir: string;
/** Self-signed, for localhost / 127.0.0.1 / ::1. */
let server: CertFiles;
/** Self-signed, for other.test only (a name mismatch on 127.0.0.1). */
let elsewhere: CertFiles;
/** A CA and a client certificate it signed. */
let clientCa: CertFiles;
let client: CertFiles;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wirebench-tls-'));
  server = await makeCert(dir, 'server', { subject: '/CN=localhost' });
  elsewhere = await makeCert(dir, 'elsewhere', { subject: '/CN=other.test', altNames: 'DNS:other.test' });
  clientCa = await makeCert(dir, 'client-ca', { subject: '/CN=Wirebench Test Client CA', isCa: true });
  client = await makeCert(dir, 'client', { subject: '/CN=wirebench-client', ca: clientCa });
});

afterAll(() => rm(dir, { recursive: true, force: true }));

beforeEach(() => {
  h = new EngineHarness();
});

afterEach(async () => {
  await h.dispose();
  await teardown.run();
});

type TlsClientInput = Extract<SessionConfigInput, { kind: 'tls-client' }>;

async function openTlsClient(config: Omit<TlsClientInput, 'kind'>) {
  const { id } = h.engine.create('tls-client');
  const snapshot = await h.engine.connect(id, { kind: 'tls-client', timeoutMs: 5000, ...config });
  return { id, snapshot };
}

describe('TLS client against openssl s_server', () => {
  it('with verification off: connects to a self-signed server, says so, and carries bytes both ways', async () => {
    const peer = await startSServer(teardown, ['-cert', server.cert, '-key', server.key]);
    const { id, snapshot } = await openTlsClient({ host: '127.0.0.1', port: peer.port, verify: false });

    expect(snapshot.status).toBe('open');
    const tls = snapshot.tls!;
    expect(tls.verify).toBe(false);
    expect(tls.authorized).toBe(false);
    expect(tls.authorizationError).toContain('self-signed');
    expect(tls.protocol).toBe('TLSv1.3');
    expect(tls.cipher).toMatch(/^TLS_/);
    expect(tls.peerChain).toHaveLength(1);
    expect(tls.peerChain[0]).toMatchObject({ subject: 'CN=localhost', issuer: 'CN=localhost' });
    expect(tls.peerChain[0]!.fingerprint256).toBe(await fingerprintOf(server.cert));
    expect(tls.peerChain[0]!.altNames).toContain('IP Address:127.0.0.1');

    await h.engine.send(id, Buffer.from('hello from wirebench\n'));
    await peer.waitForOutput('hello from wirebench');
    peer.child.stdin.write('hello from s_server\n');
    await h.until(id, (s) => s.stats.bytesIn === 'hello from s_server\n'.length);
    const entries = await h.entries(id);
    expect(entries.map((e) => [e.dir, text(e.bytes), e.peer])).toEqual([
      ['out', 'hello from wirebench\n', `127.0.0.1:${peer.port}`],
      ['in', 'hello from s_server\n', `127.0.0.1:${peer.port}`],
    ]);
  });

  it('with verification on: refuses a self-signed server with TLS_VERIFY_FAILED and says why, chain still shown', async () => {
    const peer = await startSServer(teardown, ['-cert', server.cert, '-key', server.key]);
    const { id } = h.engine.create('tls-client');
    const err = await codedRejection(h.engine.connect(id, { kind: 'tls-client', host: '127.0.0.1', port: peer.port }));

    expect(err.code).toBe('TLS_VERIFY_FAILED');
    expect(err.message).toBe(
      `The certificate of 127.0.0.1:${peer.port} was not accepted: the certificate is self-signed and not trusted (DEPTH_ZERO_SELF_SIGNED_CERT).`,
    );
    const failed = h.snapshotOf(id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toEqual({ code: 'TLS_VERIFY_FAILED', message: err.message });
    expect(failed.tls?.verify).toBe(true);
    expect(failed.tls?.peerChain[0]?.fingerprint256).toBe(await fingerprintOf(server.cert));
  });

  it('verifies the server against a CA file', async () => {
    const peer = await startSServer(teardown, ['-cert', server.cert, '-key', server.key]);
    const { snapshot } = await openTlsClient({ host: '127.0.0.1', port: peer.port, caFile: server.cert });
    expect(snapshot.status).toBe('open');
    expect(snapshot.tls).toMatchObject({ verify: true, authorized: true, authorizationError: null });
  });

  it('refuses a trusted certificate made for another name, naming both', async () => {
    const peer = await startSServer(teardown, ['-cert', elsewhere.cert, '-key', elsewhere.key]);
    const { id } = h.engine.create('tls-client');
    const err = await codedRejection(
      h.engine.connect(id, { kind: 'tls-client', host: '127.0.0.1', port: peer.port, caFile: elsewhere.cert }),
    );
    expect(err.code).toBe('TLS_VERIFY_FAILED');
    expect(err.message).toContain('hostname mismatch');
    expect(err.message).toContain('The name checked was 127.0.0.1; it is for DNS:other.test.');
  });

  it('sends the SNI name it is given, and none for an IP address', async () => {
    const args = ['-cert', server.cert, '-key', server.key, '-servername', 'wire.test', '-cert2', server.cert, '-key2', server.key];
    const named = await startSServer(teardown, args);
    await openTlsClient({ host: '127.0.0.1', port: named.port, verify: false, servername: 'wire.test' });
    await named.waitForOutput('Hostname in TLS extension: "wire.test"');

    // Without a servername, a host given as an address sends no SNI: s_server -servername_fatal
    // would refuse a wrong name, and prints no "Hostname in TLS extension" line.
    const bare = await startSServer(teardown, [...args, '-servername_fatal']);
    const { id } = await openTlsClient({ host: '127.0.0.1', port: bare.port, verify: false });
    await h.engine.send(id, Buffer.from('no sni\n'));
    await bare.waitForOutput('no sni');
    expect(bare.output()).not.toContain('Hostname in TLS extension');
  });

  it('offers ALPN protocols and shows the one chosen', async () => {
    const peer = await startSServer(teardown, ['-cert', server.cert, '-key', server.key, '-alpn', 'wb/2,wb/1']);
    const { snapshot } = await openTlsClient({ host: '127.0.0.1', port: peer.port, verify: false, alpn: ['wb/1', 'other'] });
    expect(snapshot.tls?.alpn).toBe('wb/1');
    await peer.waitForOutput(/ALPN protocols advertised by the client: wb\/1, other/);
  });

  it('presents a client certificate to a server that requires one (s_server -Verify)', async () => {
    const peer = await startSServer(teardown, ['-cert', server.cert, '-key', server.key, '-Verify', '1', '-CAfile', clientCa.cert]);
    const { id, snapshot } = await openTlsClient({
      host: '127.0.0.1',
      port: peer.port,
      caFile: server.cert,
      certFile: client.cert,
      keyFile: client.key,
    });
    expect(snapshot.tls?.authorized).toBe(true);
    // TLS 1.3: the server checks the client's certificate after the client's handshake is done,
    // so a byte through proves it was accepted.
    await h.engine.send(id, Buffer.from('with cert\n'));
    const out = await peer.waitForOutput('with cert');
    expect(out).toMatch(/subject=CN ?= ?wirebench-client/);
    expect(out).toContain('verify return:1');
  });

  it('names a missing CA file (TLS_FILE) and does not connect', async () => {
    const missing = join(dir, 'missing-ca.pem');
    const { id } = h.engine.create('tls-client');
    const err = await codedRejection(h.engine.connect(id, { kind: 'tls-client', host: '127.0.0.1', port: 9, caFile: missing }));
    expect(err.code).toBe('TLS_FILE');
    expect(err.message).toBe(`Cannot read the CA certificate file ${missing}: there is no such file.`);
    expect(h.snapshotOf(id)).toMatchObject({ status: 'failed', error: { code: 'TLS_FILE' } });
  });

  it('says when the port does not speak TLS', async () => {
    const { startServer } = await import('../helpers/net.js');
    const plain = await startServer(teardown, { onConnection: (socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n'.repeat(4)) });
    const { id } = h.engine.create('tls-client');
    const err = await codedRejection(h.engine.connect(id, { kind: 'tls-client', host: '127.0.0.1', port: plain.port }));
    expect(err.message).toContain('did not answer with TLS');
  });
});
