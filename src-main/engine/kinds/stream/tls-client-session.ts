// A TLS client tab: an IP client whose sockets are TLS sockets. The handshake is always let
// through and verified afterwards, so a refused certificate can still be shown (chain, reason).
import { m } from '../../../shared/i18n/paraglide/messages.js';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { Socket } from 'node:net';
import type { SessionConfig, SessionSnapshot, TlsClientConfig, WireError } from '../../../shared/contract.js';
import { errnoCode } from '../../../native/native.js';
import { CodedError } from '../../errors.js';
import type { SessionHooks } from '../../session.js';
import { IpClientSession, type Resolver, type StreamClientConfig } from './ip-client-session.js';
import { describeTlsSocket, loadTlsFiles, serverNameFor, type TlsMaterial } from '../../sockets/tls-material.js';
import { formatHostPort } from '../../../shared/codec/host-port.js';
import { keyLogWriter } from '../../sockets/tls-keylog.js';

/** OpenSSL's handshake failures, in words; `where` is "host:port". */
const HANDSHAKE_WORDS: Record<string, (where: string, config: TlsClientConfig) => string> = {
  ERR_SSL_WRONG_VERSION_NUMBER: (w) => `${w} did not answer with TLS (wrong version number); it may be a plain TCP port.`,
  ERR_SSL_PACKET_LENGTH_TOO_LONG: (w) => `${w} did not answer with TLS; it may be a plain TCP port.`,
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: (w) => `${w} requires a client certificate; choose a certificate and key file.`,
  ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: (w) => `${w} refused the handshake (no common protocol version or cipher, or it wanted a client certificate).`,
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: (w) => `${w} does not trust the issuer of our client certificate.`,
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: (w) => `${w} refused our client certificate.`,
  ERR_SSL_TLSV1_ALERT_DECRYPT_ERROR: (w) => `${w} refused our client certificate (decrypt error).`,
  ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL: (w, c) =>
    `${w} supports none of the offered ALPN protocols (${c.alpn.join(', ')}).`,
  ERR_SSL_TLSV1_UNRECOGNIZED_NAME: (w, c) => `${w} does not serve the name ${c.servername ?? c.host} (SNI).`,
  ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: (w) => `${w} supports no TLS version we offer.`,
};

export class TlsClientSession extends IpClientSession {
  #material: TlsMaterial = {};
  /** The config of the connect in progress (or done), for errors in words. */
  #config: TlsClientConfig | null = null;

  constructor(id: string, hooks: SessionHooks, resolve?: Resolver) {
    super(id, hooks, resolve, 'tls-client');
  }

  override async connect(config: SessionConfig): Promise<SessionSnapshot> {
    if (config.kind === 'tls-client' && !this.started) {
      try {
        this.#material = await loadTlsFiles(config);
      } catch (err) {
        // The tab shows why it did not connect, as for any other failed connect.
        this.resetForConnect(config);
        throw this.connectFailed(err);
      }
    }
    return super.connect(config);
  }

  protected override openSocket(address: string, config: StreamClientConfig): Socket {
    const tls = asTls(config);
    this.#config = tls;
    const socket = tlsConnect({
      ...this.connectOptions(address, config),
      servername: serverNameFor(tls.host, tls.servername),
      ...(tls.alpn.length > 0 ? { ALPNProtocols: tls.alpn } : {}),
      // Verified in beforeOpen instead, so a refused chain is still there to show.
      rejectUnauthorized: false,
      // A CA file replaces the system's trusted CAs (Node's rule), which is what testing a private CA needs.
      ...this.#material,
    });
    const keyLog = keyLogWriter(tls.keyLogFile, (notice) => this.setState({ notice }));
    if (keyLog) socket.on('keylog', keyLog);
    return socket;
  }

  protected override describeError(err: unknown, where: string): WireError {
    const code = errnoCode(err);
    const words = code !== null && this.#config ? HANDSHAKE_WORDS[code] : undefined;
    return code !== null && words && this.#config ? { code, message: words(where, this.#config) } : super.describeError(err, where);
  }

  protected override get readyEvent(): 'secureConnect' {
    return 'secureConnect';
  }

  protected override beforeOpen(socket: Socket, config: StreamClientConfig): void {
    const tls = asTls(config);
    const info = describeTlsSocket(socket as TLSSocket, tls.verify);
    this.setState({ tls: info });
    if (!tls.verify || info.authorized) return;
    const where = formatHostPort(tls.host, tls.port);
    const leaf = info.peerChain[0];
    const names = leaf?.altNames ? `; it is for ${leaf.altNames}` : leaf ? `; it is for ${leaf.subject}` : '';
    const mismatch = info.authorizationError?.includes('hostname mismatch')
      ? ` The name checked was ${tls.servername || tls.host}${names}.`
      : '';
    throw new CodedError(
      'TLS_VERIFY_FAILED',
      m.e_the_certificate_of_was_not_accepted({ where, value: info.authorizationError ?? 'it could not be verified', mismatch }),
    );
  }
}

function asTls(config: StreamClientConfig): TlsClientConfig {
  if (config.kind !== 'tls-client') throw new CodedError('INVALID_PAYLOAD', m.e_a_tls_client_needs_a_tls());
  return config;
}
