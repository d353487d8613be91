// PEM files with errors that name the file and the reason; the generated self-signed certificate
// as OpenSSL (node:crypto) reads it back; verification codes in words.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  certificateInfo,
  generateSelfSigned,
  loadTlsFiles,
  readPemFile,
  serverNameFor,
  verifyErrorWords,
  type SelfSignedCertificate,
} from '../../../../src-main/engine/sockets/tls-material.js';
import { codedRejection } from '../../../helpers/engine-harness.js';

let dir: string;
let ec: SelfSignedCertificate;
let other: SelfSignedCertificate;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wirebench-tls-material-'));
  ec = await generateSelfSigned();
  other = await generateSelfSigned();
  await writeFile(join(dir, 'cert.pem'), ec.cert);
  await writeFile(join(dir, 'key.pem'), ec.key);
  await writeFile(join(dir, 'other-key.pem'), other.key);
  await writeFile(join(dir, 'garbage.pem'), 'hello\n');
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('generateSelfSigned', () => {
  it('makes an EC P-256 certificate for CN=Wirebench with localhost, 127.0.0.1 and ::1, valid one year', () => {
    const cert = new X509Certificate(ec.cert);
    expect(cert.subject).toBe('CN=Wirebench');
    expect(cert.issuer).toBe('CN=Wirebench');
    expect(cert.subjectAltName).toContain('DNS:localhost');
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkIP('::1')).toBe('::1');
    expect(cert.publicKey.asymmetricKeyType).toBe('ec');
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(cert.checkPrivateKey(createPrivateKey(ec.key))).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
    const days = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / 86_400_000;
    expect(days).toBeCloseTo(365, 0);
    expect(Date.parse(cert.validFrom)).toBeLessThanOrEqual(Date.now());
  });

  it('reports the fingerprint OpenSSL computes, and a fresh serial each time', () => {
    const cert = new X509Certificate(ec.cert);
    expect(ec.info.fingerprint256).toBe(cert.fingerprint256);
    expect(ec.info.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(ec.info.subject).toBe('CN=Wirebench');
    expect(ec.info.serialNumber).not.toBe(other.info.serialNumber);
    expect(ec.info.fingerprint256).not.toBe(other.info.fingerprint256);
  });

  it('makes RSA 2048 on request', async () => {
    const rsa = await generateSelfSigned({ keyType: 'rsa' });
    const cert = new X509Certificate(rsa.cert);
    expect(cert.publicKey.asymmetricKeyType).toBe('rsa');
    expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(cert.checkPrivateKey(createPrivateKey(rsa.key))).toBe(true);
  });
});

describe('certificateInfo', () => {
  it('gives names as "field=value" lists, dates in ISO 8601 and the SAN list', () => {
    const info = certificateInfo(new X509Certificate(ec.cert));
    expect(info.subject).toBe('CN=Wirebench');
    expect(info.validFrom).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
    expect(info.altNames).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
  });

  it('reads the object form of a peer certificate the same way', () => {
    const cert = new X509Certificate(ec.cert);
    const peer = {
      subject: { CN: 'Wirebench', OU: ['a', 'b'] },
      issuer: { CN: 'Root' },
      valid_from: 'Nov 24 18:36:18 2026 GMT',
      valid_to: 'Nov 24 18:36:18 2027 GMT',
      fingerprint256: cert.fingerprint256,
      serialNumber: 'abcdef01',
      subjectaltname: 'DNS:localhost',
    } as unknown as Parameters<typeof certificateInfo>[0];
    expect(certificateInfo(peer)).toEqual({
      subject: 'CN=Wirebench, OU=a, OU=b',
      issuer: 'CN=Root',
      validFrom: '2026-11-24T18:36:18.000Z',
      validTo: '2027-11-24T18:36:18.000Z',
      fingerprint256: cert.fingerprint256,
      serialNumber: 'ABCDEF01',
      altNames: 'DNS:localhost',
    });
  });
});

describe('PEM files', () => {
  it('loads a matching certificate and key, and a CA file', async () => {
    const material = await loadTlsFiles({ certFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem'), caFile: join(dir, 'cert.pem') });
    expect(material.cert?.toString()).toBe(ec.cert);
    expect(material.key?.toString()).toBe(ec.key);
    expect(material.ca?.toString()).toBe(ec.cert);
  });

  it('names a missing file and says it does not exist', async () => {
    const path = join(dir, 'nope.pem');
    const err = await codedRejection(readPemFile(path, 'certificate'));
    expect(err.code).toBe('TLS_FILE');
    expect(err.message).toBe(`Cannot read the certificate file ${path}: there is no such file.`);
  });

  it('names a folder given as a file', async () => {
    const err = await codedRejection(readPemFile(dir, 'CA certificate'));
    expect(err.code).toBe('TLS_FILE');
    expect(err.message).toContain(dir);
    expect(err.message).toContain('it is a folder, not a file');
  });

  it('names an unreadable file (when not running as root, which reads anything)', async () => {
    const path = join(dir, 'locked.pem');
    await writeFile(path, ec.cert);
    await chmod(path, 0o000);
    const read = readPemFile(path, 'certificate');
    if (process.getuid?.() === 0) {
      await expect(read).resolves.toBeInstanceOf(Buffer);
    } else {
      const err = await codedRejection(read);
      expect(err.message).toContain('permission denied');
    }
  });

  it('says when a file does not hold what it should', async () => {
    const garbage = join(dir, 'garbage.pem');
    const asCert = await codedRejection(readPemFile(garbage, 'certificate'));
    expect(asCert.code).toBe('TLS_FILE');
    expect(asCert.message).toBe(`The certificate file ${garbage} does not hold a PEM certificate ("-----BEGIN CERTIFICATE-----").`);
    const keyAsCert = await codedRejection(readPemFile(join(dir, 'key.pem'), 'certificate'));
    expect(keyAsCert.message).toContain('does not hold a PEM certificate');
    const certAsKey = await codedRejection(readPemFile(join(dir, 'cert.pem'), 'private key'));
    expect(certAsKey.message).toContain('does not hold a PEM private key');
  });

  it('refuses a key that does not belong to the certificate, and a certificate without a key', async () => {
    const mismatch = await codedRejection(loadTlsFiles({ certFile: join(dir, 'cert.pem'), keyFile: join(dir, 'other-key.pem') }));
    expect(mismatch.code).toBe('TLS_FILE');
    expect(mismatch.message).toContain('does not belong to the certificate');
    const alone = await codedRejection(loadTlsFiles({ certFile: join(dir, 'cert.pem') }));
    expect(alone.message).toContain('needs its private key file too');
  });
});

describe('words', () => {
  it('explains verification codes and keeps the code', () => {
    expect(verifyErrorWords('DEPTH_ZERO_SELF_SIGNED_CERT')).toBe('the certificate is self-signed and not trusted (DEPTH_ZERO_SELF_SIGNED_CERT)');
    expect(verifyErrorWords({ code: 'CERT_HAS_EXPIRED' })).toBe('the certificate has expired (CERT_HAS_EXPIRED)');
    expect(verifyErrorWords('ERR_TLS_CERT_ALTNAME_INVALID')).toContain('hostname mismatch');
    expect(verifyErrorWords('SOMETHING_NEW')).toBe('SOMETHING_NEW');
  });

  it('sends SNI for names only', () => {
    expect(serverNameFor('example.com')).toBe('example.com');
    expect(serverNameFor('127.0.0.1')).toBeUndefined();
    expect(serverNameFor('::1')).toBeUndefined();
    expect(serverNameFor('127.0.0.1', 'wire.test')).toBe('wire.test');
    expect(serverNameFor('example.com', '10.0.0.1')).toBeUndefined();
  });
});
