// A TLS server tab: a stream server whose clients count once their handshake is done. The
// certificate comes from files or is generated (self-signed, kept for the session's life so
// its fingerprint stays the same across listens). A failed handshake is a client that came and
// went with an error, listed like any other.
import type { Server, Socket } from 'node:net';
import { createServer as tlsCreateServer, type TLSSocket } from 'node:tls';
import { keyLogWriter } from '../../sockets/tls-keylog.js';
import type { SessionHooks } from '../../session.js';
import type { CertificateInfo, TlsInfo, TlsServerConfig } from '../../../shared/contract.js';
import { X509Certificate } from 'node:crypto';
import { toWireError } from '../../errors.js';
import { StreamServerSession } from './stream-server-session.js';
import {
  certificateInfo,
  describeTlsSocket,
  generateSelfSigned,
  loadTlsFiles,
  verifyErrorWords,
  type SelfSignedCertificate,
  type TlsMaterial,
} from '../../sockets/tls-material.js';
import { tcpListenOptions, tcpListenWhere } from './tcp-listen.js';

/** OpenSSL's server-side handshake failures, in words; `who` is the client's "address:port". */
const HANDSHAKE_WORDS: Record<string, (who: string) => string> = {
  ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE: (w) => `Client ${w} sent no certificate, and this server requires one.`,
  ERR_SSL_CERTIFICATE_VERIFY_FAILED: (w) => `The certificate of client ${w} did not verify against the CA file.`,
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: (w) => `Client ${w} does not trust this server's certificate (unknown CA).`,
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN: (w) => `Client ${w} does not trust this server's certificate.`,
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: (w) => `Client ${w} refused this server's certificate.`,
  ERR_SSL_HTTP_REQUEST: (w) => `Client ${w} spoke plain HTTP, not TLS.`,
  ERR_SSL_WRONG_VERSION_NUMBER: (w) => `Client ${w} did not speak TLS (wrong version number).`,
  ERR_SSL_NO_SHARED_CIPHER: (w) => `Client ${w} offered no cipher this server supports.`,
  ERR_SSL_NO_APPLICATION_PROTOCOL: (w) => `Client ${w} offered none of this server's ALPN protocols.`,
  ERR_SSL_UNSUPPORTED_PROTOCOL: (w) => `Client ${w} offered no TLS version this server supports.`,
  ECONNRESET: (w) => `Client ${w} closed the connection before the TLS handshake was done.`,
};

export class TlsServerSession extends StreamServerSession<TlsServerConfig> {
  #material: TlsMaterial = {};
  /** Generated on the first listen without files, then reused. */
  #selfSigned: SelfSignedCertificate | null = null;
  #local: CertificateInfo | null = null;

  constructor(id: string, hooks: SessionHooks) {
    super(id, 'tls-server', hooks);
  }

  protected listenOptions(config: TlsServerConfig) {
    return tcpListenOptions(config);
  }

  protected where(config: TlsServerConfig): string {
    return tcpListenWhere(config);
  }

  protected override async prepare(config: TlsServerConfig): Promise<void> {
    const material = await loadTlsFiles(config);
    if (!material.cert || !material.key) {
      this.#selfSigned ??= await generateSelfSigned();
      material.cert = Buffer.from(this.#selfSigned.cert);
      material.key = Buffer.from(this.#selfSigned.key);
    }
    this.#material = material;
    this.#local = certificateInfo(new X509Certificate(material.cert));
    this.setState({ tls: this.#serverInfo(config) });
  }

  protected override createServer(config: TlsServerConfig, onConnection: (socket: Socket) => void): Server {
    const requestCert = config.requestClientCert || config.requireClientCert;
    const server = tlsCreateServer(
      {
        ...this.#material,
        requestCert,
        rejectUnauthorized: config.requireClientCert,
        ...(config.alpn.length > 0 ? { ALPNProtocols: config.alpn } : {}),
      },
      (socket) => {
        onConnection(socket);
        this.#showLastClient(socket, config);
      },
    );
    server.on('tlsClientError', (err: NodeJS.ErrnoException, socket: TLSSocket) => this.#handshakeFailed(err, socket));
    const keyLog = keyLogWriter(config.keyLogFile, (notice) => this.setState({ notice }));
    if (keyLog) server.on('keylog', (line: Buffer) => keyLog(line));
    return server;
  }

  protected override peerOpened(socket: Socket, peerId: string): void {
    const tls = socket as TLSSocket;
    const cert = tls.getPeerCertificate();
    if (!cert || typeof cert.fingerprint256 !== 'string') return;
    const subject = certificateInfo(cert).subject;
    const verified = tls.authorized ? '' : ` (not verified: ${verifyErrorWords(tls.authorizationError)})`;
    this.peers.setCertificate(peerId, `${subject}${verified}`);
  }

  /** Before any client: this server's own certificate and what it asks of clients. */
  #serverInfo(config: TlsServerConfig): TlsInfo {
    return {
      verify: config.requireClientCert,
      protocol: null,
      cipher: null,
      alpn: null,
      authorized: false,
      authorizationError: null,
      peerChain: [],
      local: this.#local,
    };
  }

  /** The snapshot shows the last client's handshake; announced only when it differs from the one before. */
  #showLastClient(socket: TLSSocket, config: TlsServerConfig): void {
    const info = describeTlsSocket(socket, config.requireClientCert, this.#local);
    const before = this.state.tls;
    const key = (i: TlsInfo | null): string =>
      i ? [i.protocol, i.cipher, i.alpn, i.authorized, i.authorizationError, i.peerChain.map((c) => c.fingerprint256).join()].join('|') : '';
    if (key(info) !== key(before)) this.setState({ tls: info });
  }

  /** A client whose handshake failed is listed, closed at once, with the reason as its error. */
  #handshakeFailed(err: NodeJS.ErrnoException, socket: TLSSocket): void {
    const { label, remote } = this.peerIdentity(socket);
    const id = this.peers.add(label, remote);
    const words = err.code ? HANDSHAKE_WORDS[err.code] : undefined;
    const error = words ? { code: err.code!, message: words(label) } : toWireError(err, label);
    this.peers.close(id, 'peer', error);
    this.logGrew();
  }
}
