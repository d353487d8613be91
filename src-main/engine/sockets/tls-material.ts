// Certificates and keys for the TLS kinds: PEM files read with errors a user can act on, a
// generated self-signed certificate for a TLS server, and what a TLS socket knows about its peer
// in the contract's words.
import { m } from '../../shared/i18n/paraglide/messages.js';
import { createPrivateKey, KeyObject, randomBytes, webcrypto, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import type { DetailedPeerCertificate, PeerCertificate, TLSSocket } from 'node:tls';
import * as x509 from '@peculiar/x509';
import type { CertificateInfo, TlsInfo } from '../../shared/contract.js';
import { errnoCode } from '../../native/native.js';
import { CodedError } from '../errors.js';

// Node has no X.509 builder; @peculiar/x509 builds one on WebCrypto, which Node has built in.
x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export type PemKind = 'certificate' | 'private key' | 'CA certificate';

const FILE_REASONS: Record<string, string> = {
  ENOENT: 'there is no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a part of the path is not a folder',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the path is too long',
};

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Reads one PEM file and checks that it holds what it should (a certificate, or a private key),
 * so a wrong file is reported by name rather than as an OpenSSL error at handshake time.
 */
export async function readPemFile(path: string, kind: PemKind): Promise<Buffer> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (err) {
    const code = errnoCode(err);
    const reason = (code && FILE_REASONS[code]) ?? messageOf(err);
    throw new CodedError('TLS_FILE', m.e_cannot_read_the_file({ kind, path, reason }));
  }
  const text = data.toString('latin1');
  try {
    if (kind === 'private key') {
      if (!text.includes('-----BEGIN')) throw new Error('no PEM block');
      createPrivateKey(data);
    } else {
      if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no PEM block');
      new X509Certificate(data);
    }
  } catch {
    const expected = kind === 'private key' ? 'a PEM private key ("-----BEGIN ... PRIVATE KEY-----")' : 'a PEM certificate ("-----BEGIN CERTIFICATE-----")';
    throw new CodedError('TLS_FILE', m.e_the_file_does_not_hold({ kind, path, expected }));
  }
  return data;
}

export interface TlsFiles {
  certFile?: string | undefined;
  keyFile?: string | undefined;
  caFile?: string | undefined;
}

export interface TlsMaterial {
  cert?: Buffer;
  key?: Buffer;
  ca?: Buffer;
}

/** Reads whichever of cert/key/ca are named; a certificate needs its key and the other way round. */
export async function loadTlsFiles(files: TlsFiles): Promise<TlsMaterial> {
  if (files.certFile && !files.keyFile) {
    throw new CodedError('TLS_FILE', m.e_a_certificate_needs_its_private_key({ certFile: files.certFile }));
  }
  if (files.keyFile && !files.certFile) {
    throw new CodedError('TLS_FILE', m.e_a_private_key_needs_its_certificate({ keyFile: files.keyFile }));
  }
  const material: TlsMaterial = {};
  if (files.certFile && files.keyFile) {
    material.cert = await readPemFile(files.certFile, 'certificate');
    material.key = await readPemFile(files.keyFile, 'private key');
    const matches = new X509Certificate(material.cert).checkPrivateKey(createPrivateKey(material.key));
    if (!matches) {
      throw new CodedError('TLS_FILE', m.e_the_private_key_in_does_not({ keyFile: files.keyFile, certFile: files.certFile }));
    }
  }
  if (files.caFile) material.ca = await readPemFile(files.caFile, 'CA certificate');
  return material;
}

export interface SelfSignedCertificate {
  /** PEM */
  cert: string;
  /** PEM (PKCS#8) */
  key: string;
  info: CertificateInfo;
}

export interface SelfSignedOptions {
  keyType?: 'ec' | 'rsa';
  commonName?: string;
  days?: number;
}

const DAY_MS = 86_400_000;

/** A certificate for CN=Wirebench (by default), valid for localhost, 127.0.0.1 and ::1, one year. */
export async function generateSelfSigned(options: SelfSignedOptions = {}): Promise<SelfSignedCertificate> {
  const algorithm =
    options.keyType === 'rsa'
      ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 }
      : { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  // Serial numbers are positive integers (RFC 5280 4.1.2.2): clear the top bit.
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  const notBefore = new Date(Date.now() - 60_000);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial.toString('hex'),
    name: `CN=${options.commonName ?? 'Wirebench'}`,
    notBefore,
    notAfter: new Date(notBefore.getTime() + (options.days ?? 365) * DAY_MS),
    keys: keys as unknown as CryptoKeyPair,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: 'dns', value: 'localhost' },
        { type: 'ip', value: '127.0.0.1' },
        { type: 'ip', value: '::1' },
      ]),
    ],
  });
  const cert = certificate.toString('pem');
  const key = KeyObject.from(keys.privateKey).export({ type: 'pkcs8', format: 'pem' }).toString();
  return { cert, key, info: certificateInfo(new X509Certificate(cert)) };
}

/** "CN=Wirebench, O=Example" from Node's object form of a name (values may repeat). */
function nameFromObject(name: unknown): string {
  if (typeof name !== 'object' || name === null) return '';
  const parts: string[] = [];
  for (const [field, value] of Object.entries(name as Record<string, unknown>)) {
    for (const one of Array.isArray(value) ? value : [value]) parts.push(`${field}=${String(one)}`);
  }
  return parts.join(', ');
}

/** X509Certificate's names are one "field=value" per line. */
function nameFromLines(name: string): string {
  return name.split('\n').filter(Boolean).join(', ');
}

/** ISO 8601 where the date parses (OpenSSL writes "Nov 24 18:36:18 2026 GMT"), else as given. */
function isoDate(text: string): string {
  const time = Date.parse(text);
  return Number.isNaN(time) ? text : new Date(time).toISOString();
}

/** The contract's view of a certificate, from a TLS socket's peer certificate or an X509Certificate. */
export function certificateInfo(cert: PeerCertificate | X509Certificate): CertificateInfo {
  if (cert instanceof X509Certificate) {
    return {
      subject: nameFromLines(cert.subject),
      issuer: nameFromLines(cert.issuer),
      validFrom: isoDate(cert.validFrom),
      validTo: isoDate(cert.validTo),
      fingerprint256: cert.fingerprint256,
      serialNumber: cert.serialNumber.toUpperCase(),
      altNames: cert.subjectAltName ?? null,
    };
  }
  return {
    subject: nameFromObject(cert.subject),
    issuer: nameFromObject(cert.issuer),
    validFrom: isoDate(cert.valid_from),
    validTo: isoDate(cert.valid_to),
    fingerprint256: cert.fingerprint256,
    serialNumber: cert.serialNumber.toUpperCase(),
    altNames: cert.subjectaltname ?? null,
  };
}

/** OpenSSL's and Node's verification codes, in words. */
const VERIFY_WORDS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the certificate is self-signed and not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'the chain ends in a self-signed root certificate that is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the certificate was issued by a CA that is not trusted (or the server did not send the intermediate certificates)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the issuer of the certificate is not among the trusted CAs',
  UNABLE_TO_GET_ISSUER_CERT: 'the issuer of a certificate in the chain could not be found',
  CERT_HAS_EXPIRED: 'the certificate has expired',
  CERT_NOT_YET_VALID: 'the certificate is not valid yet',
  CERT_SIGNATURE_FAILURE: 'the certificate signature is invalid',
  CERT_REVOKED: 'the certificate has been revoked',
  CERT_UNTRUSTED: 'the certificate is not trusted',
  CERT_REJECTED: 'the certificate was rejected',
  INVALID_CA: 'a certificate in the chain is not allowed to act as a CA',
  INVALID_PURPOSE: 'the certificate is not meant for this use',
  PATH_LENGTH_EXCEEDED: 'the chain is longer than its CA allows',
  HOSTNAME_MISMATCH: 'the certificate is not for this host name (hostname mismatch)',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate is not for this host name (hostname mismatch)',
};

/** "the certificate is self-signed and not trusted (DEPTH_ZERO_SELF_SIGNED_CERT)"; unknown codes as they are. */
export function verifyErrorWords(error: unknown): string {
  const code = typeof error === 'string' ? error : (errnoCode(error) ?? messageOf(error));
  const words = VERIFY_WORDS[code];
  return words ? `${words} (${code})` : code;
}

/** The peer's chain, leaf first, following issuerCertificate until it repeats (a self-signed root points at itself). */
export function peerChain(socket: TLSSocket): CertificateInfo[] {
  const chain: CertificateInfo[] = [];
  const seen = new Set<string>();
  let cert: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  while (cert && typeof cert.fingerprint256 === 'string' && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    chain.push(certificateInfo(cert));
    cert = cert.issuerCertificate;
  }
  return chain;
}

/** What a TLS socket knows once its handshake is done. `local` is this side's own certificate. */
export function describeTlsSocket(socket: TLSSocket, verify: boolean, local: CertificateInfo | null = null): TlsInfo {
  const cipher = socket.getCipher() as { name?: string; standardName?: string } | undefined;
  // Node types it as an Error, but a client socket carries the bare code as a string.
  const rawError: unknown = socket.authorizationError;
  return {
    verify,
    protocol: socket.getProtocol() ?? null,
    cipher: cipher?.standardName ?? cipher?.name ?? null,
    alpn: typeof socket.alpnProtocol === 'string' ? socket.alpnProtocol : null,
    authorized: socket.authorized,
    authorizationError: rawError ? verifyErrorWords(rawError) : null,
    peerChain: peerChain(socket),
    local,
  };
}

/** SNI is a host name only: an IP address (or an empty name) is never sent as one (RFC 6066). */
export function serverNameFor(host: string, servername?: string): string | undefined {
  const name = servername?.trim() || host;
  return name && isIP(name) === 0 ? name : undefined;
}
