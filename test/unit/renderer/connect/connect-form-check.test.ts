// The connect form's pure checks: the config each kind's fields build, and the words for each mistake.
import * as v from 'valibot';
import { describe, expect, test } from 'vitest';
import { SessionConfig, type SessionConfigInput, type SessionKind } from '../../../../src-main/shared/contract.js';
import {
  checkConnectFields,
  defaultFields,
  fieldsFromConfig,
  MESSAGES,
  switchKind,
  type ConnectFields,
  type FieldErrors,
} from '../../../../src-renderer/connect/connect-form.js';

function fields(kind: SessionKind, typed: Partial<ConnectFields> = {}): ConnectFields {
  return { ...defaultFields(kind), ...typed };
}

function configOf(f: ConnectFields): SessionConfigInput {
  const check = checkConnectFields(f);
  if (!check.ok) throw new Error(`unexpected errors: ${JSON.stringify(check.errors)}`);
  // Whatever the form builds, main's schema must accept as is.
  expect(v.safeParse(SessionConfig, check.config).success).toBe(true);
  return check.config;
}

function errorsOf(f: ConnectFields): FieldErrors {
  const check = checkConnectFields(f);
  if (check.ok) throw new Error(`expected errors, got ${JSON.stringify(check.config)}`);
  return check.errors;
}

describe('TCP and TLS clients', () => {
  test('host, port and timeout only, when no option was touched', () => {
    expect(configOf(fields('tcp-client', { host: ' example.test ', port: '80' }))).toEqual({
      kind: 'tcp-client',
      host: 'example.test',
      port: 80,
      timeoutMs: 10000,
    });
  });

  test('local bind and every socket option that differs from the default', () => {
    const f = fields('tcp-client', {
      host: '::1',
      port: '7',
      timeoutMs: '2500',
      localAddress: '::1',
      localPort: '40000',
      noDelay: false,
      keepAlive: true,
      keepAliveDelayMs: '5000',
      idleTimeoutMs: '30000',
      ttl: '64',
    });
    expect(configOf(f)).toEqual({
      kind: 'tcp-client',
      host: '::1',
      port: 7,
      timeoutMs: 2500,
      localAddress: '::1',
      localPort: 40000,
      options: { noDelay: false, keepAlive: true, keepAliveDelayMs: 5000, idleTimeoutMs: 30000, ttl: 64 },
    });
  });

  test('bad numbers are explained per field', () => {
    const errors = errorsOf(
      fields('tcp-client', { host: '', port: '0', timeoutMs: '50', localPort: '70000', idleTimeoutMs: '-1', ttl: '0', keepAlive: true, keepAliveDelayMs: 'x' }),
    );
    expect(errors).toEqual({
      host: MESSAGES.host,
      port: 'Enter a port from 1 to 65535.',
      timeoutMs: 'Enter a timeout from 100 to 600000 ms.',
      localPort: 'Enter a port from 1 to 65535, or leave it empty for any.',
      idleTimeoutMs: 'Enter an idle timeout from 0 (off) to 86400000 ms.',
      ttl: 'Enter a TTL from 1 to 255, or leave it empty for the system default.',
      keepAliveDelayMs: 'Enter a delay from 0 to 86400000 ms.',
    });
    // The delay is not read while keepalive is off.
    expect(configOf(fields('tcp-client', { host: 'h', port: '1', keepAliveDelayMs: 'x' }))).toEqual({
      kind: 'tcp-client',
      host: 'h',
      port: 1,
      timeoutMs: 10000,
    });
  });

  test('TLS client: SNI, ALPN list, verification off, CA and client certificate files', () => {
    const f = fields('tls-client', {
      host: '127.0.0.1',
      port: '8443',
      servername: 'example.test',
      alpn: ' h2 , http/1.1,, ',
      verify: false,
      caFile: '/etc/ca.pem',
      certFile: '/tmp/c.pem',
      keyFile: '/tmp/k.pem',
    });
    expect(configOf(f)).toEqual({
      kind: 'tls-client',
      host: '127.0.0.1',
      port: 8443,
      timeoutMs: 10000,
      servername: 'example.test',
      alpn: ['h2', 'http/1.1'],
      verify: false,
      caFile: '/etc/ca.pem',
      certFile: '/tmp/c.pem',
      keyFile: '/tmp/k.pem',
    });
  });

  test('TLS client: a certificate needs its key and the other way round; at most 16 ALPN names', () => {
    expect(errorsOf(fields('tls-client', { host: 'h', port: '1', certFile: '/c.pem' }))).toEqual({ keyFile: MESSAGES.clientKeyMissing });
    expect(errorsOf(fields('tls-client', { host: 'h', port: '1', keyFile: '/k.pem' }))).toEqual({ certFile: MESSAGES.clientCertMissing });
    const alpn = Array.from({ length: 17 }, (_, i) => `p${i}`).join(',');
    expect(errorsOf(fields('tls-client', { host: 'h', port: '1', alpn }))).toEqual({ alpn: 'List at most 16 protocols, separated by commas.' });
  });
});

describe('servers', () => {
  test('TCP server: "::" and port 0 unless changed', () => {
    expect(configOf(fields('tcp-server'))).toEqual({ kind: 'tcp-server', localAddress: '::', localPort: 0 });
  });

  test('TCP server: server options and socket options', () => {
    const f = fields('tcp-server', {
      localAddress: '127.0.0.1',
      localPort: '5000',
      ipv6Only: true,
      welcome: 'hello\\r\\n',
      echo: true,
      maxClients: '3',
      reuseAddress: false,
      noDelay: false,
    });
    expect(configOf(f)).toEqual({
      kind: 'tcp-server',
      localAddress: '127.0.0.1',
      localPort: 5000,
      ipv6Only: true,
      server: {
        welcome: { format: 'text', text: 'hello\\r\\n' },
        echo: true,
        maxClients: 3,
        reuseAddress: false,
      },
      options: { noDelay: false },
    });
  });

  test('server fields are explained in words', () => {
    const errors = errorsOf(
      fields('tcp-server', { localAddress: ' ', localPort: '65536', maxClients: 'many', welcome: 'zz', welcomeFormat: 'hex'}),
    );
    expect(errors.localAddress).toBe(MESSAGES.localAddress);
    expect(errors.localPort).toBe('Enter a port from 0 to 65535 (0 picks a free port).');
    expect(errors.maxClients).toBe('Enter a number from 0 (no limit) to 1000000.');
    expect(errors.welcome).toMatch(/^Invalid hex: .*"z" at position 1 is not a hex digit\.$/);
  });

  test('TLS server: files both or neither; requiring a client certificate also requests one', () => {
    expect(configOf(fields('tls-server'))).toEqual({ kind: 'tls-server', localAddress: '::', localPort: 0 });
    expect(errorsOf(fields('tls-server', { certFile: '/c.pem' }))).toEqual({ keyFile: MESSAGES.serverKeyMissing });
    expect(errorsOf(fields('tls-server', { keyFile: '/k.pem' }))).toEqual({ certFile: MESSAGES.serverCertMissing });
    expect(
      configOf(fields('tls-server', { localPort: '8443', certFile: '/c.pem', keyFile: '/k.pem', requireClientCert: true, caFile: '/ca.pem', alpn: 'h2' })),
    ).toEqual({
      kind: 'tls-server',
      localAddress: '::',
      localPort: 8443,
      certFile: '/c.pem',
      keyFile: '/k.pem',
      requestClientCert: true,
      requireClientCert: true,
      caFile: '/ca.pem',
      alpn: ['h2'],
    });
  });

  test('Unix server and client: a path is needed; SO_REUSEADDR does not apply', () => {
    expect(errorsOf(fields('unix-server', { path: '  ' }))).toEqual({ path: MESSAGES.path });
    expect(configOf(fields('unix-server', { path: '/tmp/x.sock', reuseAddress: false, echo: true }))).toEqual({
      kind: 'unix-server',
      path: '/tmp/x.sock',
      server: { echo: true },
    });
    expect(configOf(fields('unix-client', { path: '@wirebench' }))).toEqual({ kind: 'unix-client', path: '@wirebench', timeoutMs: 10000 });
    expect(errorsOf(fields('unix-client', { path: '' }))).toEqual({ path: MESSAGES.path });
  });
});

describe('UDP', () => {
  test('binds 0.0.0.0:0 with no destination by default', () => {
    expect(configOf(fields('udp'))).toEqual({ kind: 'udp', localAddress: '0.0.0.0', localPort: 0 });
  });

  test('destination, broadcast, reuse, TTLs, loopback off and interface', () => {
    const f = fields('udp', {
      localPort: '5000',
      host: '127.0.0.1',
      port: '5001',
      broadcast: true,
      reuseAddress: true,
      ttl: '2',
      multicastTtl: '0',
      multicastLoopback: false,
      multicastInterface: '127.0.0.1',
    });
    expect(configOf(f)).toEqual({
      kind: 'udp',
      localAddress: '0.0.0.0',
      localPort: 5000,
      remoteHost: '127.0.0.1',
      remotePort: 5001,
      broadcast: true,
      reuseAddress: true,
      ttl: 2,
      multicastTtl: 0,
      multicastLoopback: false,
      multicastInterface: '127.0.0.1',
    });
  });

  test('a destination needs both host and port', () => {
    expect(errorsOf(fields('udp', { host: '127.0.0.1' }))).toEqual({ port: MESSAGES.remoteHostWithoutPort });
    expect(errorsOf(fields('udp', { port: '9' }))).toEqual({ host: MESSAGES.remotePortWithoutHost });
    expect(errorsOf(fields('udp', { host: 'h', port: '0' }))).toEqual({ port: 'Enter a port from 1 to 65535.' });
    expect(errorsOf(fields('udp', { multicastTtl: '256' }))).toEqual({ multicastTtl: MESSAGES.multicastTtl });
  });
});

describe('kind changes and restored tabs', () => {
  test('values left at a default follow the kind; typed values stay', () => {
    const server = switchKind(fields('tcp-client', { host: 'example.test', port: '7' }), 'tcp-server');
    expect(server).toMatchObject({ kind: 'tcp-server', host: 'example.test', port: '7', localAddress: '::', localPort: '0', reuseAddress: true });
    const udp = switchKind(server, 'udp');
    expect(udp).toMatchObject({ localAddress: '0.0.0.0', localPort: '0', reuseAddress: false });
    const typed = switchKind(fields('tcp-server', { localAddress: '127.0.0.1', localPort: '5000' }), 'udp');
    expect(typed).toMatchObject({ localAddress: '127.0.0.1', localPort: '5000' });
    expect(switchKind(udp, 'tcp-client')).toMatchObject({ localAddress: '', localPort: '' });
  });

  test.each<SessionConfigInput>([
    { kind: 'tcp-client', host: '127.0.0.1', port: 7, localPort: 4000, options: { keepAlive: true, ttl: 9 } },
    { kind: 'tls-client', host: 'h', port: 443, verify: false, alpn: ['h2', 'http/1.1'], servername: 'sni.test' },
    { kind: 'tcp-server', localAddress: '0.0.0.0', localPort: 5000, server: { welcome: { format: 'hex', text: '41' }, maxClients: 2 } },
    { kind: 'tls-server', localPort: 8443, requestClientCert: true, certFile: '/c', keyFile: '/k' },
    { kind: 'unix-server', path: '/tmp/s', server: { echo: true } },
    { kind: 'unix-client', path: '/tmp/s', timeoutMs: 300 },
    { kind: 'udp', localPort: 5000, remoteHost: '::1', remotePort: 9, multicastLoopback: false, multicastTtl: 4 },
  ])('a $kind config main holds fills the form that builds it again', (input) => {
    const parsed = v.parse(SessionConfig, input);
    const again = configOf(fieldsFromConfig(parsed));
    expect(v.parse(SessionConfig, again)).toEqual(parsed);
  });
});
