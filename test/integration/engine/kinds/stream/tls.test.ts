// TLS both ways against OpenSSL: our client against `openssl s_server`, our server against
// `openssl s_client`. Certificates are made in a temp dir with `openssl req` for each run.
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SessionConfigInput } from '../../../../../src-main/shared/contract.js';
import { EngineHarness, codedRejection, text } from '../../../../helpers/engine-harness.js';
import { Teardown } from '../../../../helpers/net.js';
import { fingerprintOf, makeCert, startSClient, startSServer, type CertFiles } from '../../../../helpers/openssl.js';

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

    await h.engine.session(id).send(Buffer.from('hello from wirebench\n'));
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
    await h.engine.session(id).send(Buffer.from('no sni\n'));
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
    await h.engine.session(id).send(Buffer.from('with cert\n'));
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
    const { startServer } = await import('../../../../helpers/net.js');
    const plain = await startServer(teardown, { onConnection: (socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n'.repeat(4)) });
    const { id } = h.engine.create('tls-client');
    const err = await codedRejection(h.engine.connect(id, { kind: 'tls-client', host: '127.0.0.1', port: plain.port }));
    expect(err.message).toContain('did not answer with TLS');
  });
});

type TlsServerInput = Extract<SessionConfigInput, { kind: 'tls-server' }>;

async function listenTls(config: Omit<TlsServerInput, 'kind'> = {}) {
  const { id } = h.engine.create('tls-server');
  const snapshot = await h.engine.connect(id, { kind: 'tls-server', localAddress: '127.0.0.1', localPort: 0, ...config });
  return { id, port: snapshot.local!.port, snapshot };
}

/** The server certificate s_client printed, as PEM. */
function certificateSeen(output: string): X509Certificate {
  const pem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(output);
  if (!pem) throw new Error(`s_client printed no certificate:\n${output}`);
  return new X509Certificate(pem[0]);
}

describe('TLS server against openssl s_client', () => {
  it('with a generated self-signed certificate: shows its fingerprint, the one s_client sees, and carries bytes both ways', async () => {
    const { id, port, snapshot } = await listenTls();
    const local = snapshot.tls!.local!;
    expect(local.subject).toBe('CN=Wirebench');
    expect(local.altNames).toContain('DNS:localhost');

    const client = startSClient(teardown, `127.0.0.1:${port}`, []);
    const seen = await client.waitForOutput(/Verify return code: 18 \(self[- ]signed certificate\)/);
    expect(certificateSeen(seen).fingerprint256).toBe(local.fingerprint256);

    client.child.stdin.write('hello from s_client\n');
    const withData = await h.until(id, (s) => s.stats.bytesIn === 'hello from s_client\n'.length);
    expect(withData.peers).toMatchObject({ total: 1, open: 1 });
    const [peer] = await h.peers(id);
    expect(peer!.label).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(peer!.certificate).toBeNull();

    await h.engine.session(id).send(Buffer.from('hello from wirebench\n'), { type: 'all' });
    await client.waitForOutput('hello from wirebench');
    const entries = await h.entries(id);
    expect(entries.map((e) => [e.dir, text(e.bytes), e.peerId, e.peer])).toEqual([
      ['in', 'hello from s_client\n', peer!.id, peer!.label],
      ['out', 'hello from wirebench\n', peer!.id, peer!.label],
    ]);
    const described = h.snapshotOf(id).tls!;
    expect(described.protocol).toBe('TLSv1.3');
    expect(described.local?.fingerprint256).toBe(local.fingerprint256);
  });

  it('keeps the generated certificate across listens of one session', async () => {
    const { id, snapshot } = await listenTls();
    await h.engine.session(id).disconnect();
    const again = await h.engine.connect(id, { kind: 'tls-server', localAddress: '127.0.0.1' });
    expect(again.tls?.local?.fingerprint256).toBe(snapshot.tls?.local?.fingerprint256);
  });

  it('with certificate and key files: s_client verifies it against the same file', async () => {
    const { port, snapshot } = await listenTls({ certFile: server.cert, keyFile: server.key, alpn: ['wb/1'] });
    expect(snapshot.tls?.local?.fingerprint256).toBe(await fingerprintOf(server.cert));
    const client = startSClient(teardown, `127.0.0.1:${port}`, ['-CAfile', server.cert, '-verify_return_error', '-alpn', 'wb/1']);
    const seen = await client.waitForOutput('Verify return code: 0 (ok)');
    expect(certificateSeen(seen).fingerprint256).toBe(await fingerprintOf(server.cert));
    expect(seen).toContain('ALPN protocol: wb/1');
  });

  it('names an unreadable key file before listening (TLS_FILE)', async () => {
    const { id } = h.engine.create('tls-server');
    const missing = join(dir, 'no-key.pem');
    const err = await codedRejection(h.engine.connect(id, { kind: 'tls-server', localAddress: '127.0.0.1', certFile: server.cert, keyFile: missing }));
    expect(err.code).toBe('TLS_FILE');
    expect(err.message).toBe(`Cannot read the private key file ${missing}: there is no such file.`);
    expect(h.snapshotOf(id).status).toBe('failed');
  });

  it('requireClientCert: refuses a client without a certificate (listed with the reason), accepts one with', async () => {
    const { id, port } = await listenTls({ requireClientCert: true, caFile: clientCa.cert });

    const without = startSClient(teardown, `127.0.0.1:${port}`, []);
    without.child.stdin.write('let me in\n');
    await without.waitForOutput(/alert certificate required|alert number 116/);
    const refused = await h.until(id, (s) => s.peers?.total === 1 && s.peers.open === 0);
    expect(refused.status).toBe('open');
    const [first] = await h.peers(id);
    expect(first!.status).toBe('closed');
    expect(first!.error?.message).toMatch(/^Client 127\.0\.0\.1:\d+ sent no certificate, and this server requires one\.$/);

    const withCert = startSClient(teardown, `127.0.0.1:${port}`, ['-cert', client.cert, '-key', client.key]);
    withCert.child.stdin.write('it is me\n');
    await h.until(id, (s) => s.stats.bytesIn === 'it is me\n'.length);
    const [, second] = await h.peers(id);
    expect(second!.status).toBe('open');
    expect(second!.certificate).toBe('CN=wirebench-client');
    const chain = h.snapshotOf(id).tls!.peerChain;
    expect(chain[0]?.subject).toBe('CN=wirebench-client');
    expect(chain[0]?.fingerprint256).toBe(await fingerprintOf(client.cert));
  });

  it('requestClientCert: a client may come without a certificate, one with an unknown issuer is marked unverified', async () => {
    const { id, port } = await listenTls({ requestClientCert: true, caFile: clientCa.cert });
    const anonymous = startSClient(teardown, `127.0.0.1:${port}`, []);
    anonymous.child.stdin.write('anonymous\n');
    await h.until(id, (s) => s.stats.bytesIn === 'anonymous\n'.length);

    const stranger = startSClient(teardown, `127.0.0.1:${port}`, ['-cert', elsewhere.cert, '-key', elsewhere.key]);
    stranger.child.stdin.write('stranger\n');
    await h.until(id, (s) => s.stats.bytesIn === 'anonymous\nstranger\n'.length);
    const [first, second] = await h.peers(id);
    expect(first!.certificate).toBeNull();
    expect(second!.certificate).toMatch(/^CN=other\.test \(not verified: .*\)$/);
  });
});
