// OpenSSL as a real TLS peer: certificates made with `openssl req`, `openssl s_server` for our
// client and `openssl s_client` for our server. Their output is collected, and tests wait for the
// line they expect rather than for a guessed delay.
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, type Teardown } from './net.js';

const run = promisify(execFile);

export interface CertFiles {
  cert: string;
  key: string;
}

/**
 * A self-signed EC P-256 certificate (or, with `ca`, one signed by that CA) written to
 * `<dir>/<name>.pem` and `<dir>/<name>-key.pem`. `days` may be negative for an expired one.
 */
export async function makeCert(
  dir: string,
  name: string,
  options: { subject?: string; altNames?: string; ca?: CertFiles; days?: number; isCa?: boolean } = {},
): Promise<CertFiles> {
  const cert = join(dir, `${name}.pem`);
  const key = join(dir, `${name}-key.pem`);
  const subject = options.subject ?? `/CN=${name}`;
  const altNames = options.altNames ?? 'DNS:localhost,IP:127.0.0.1,IP:::1';
  const extensions = [`subjectAltName=${altNames}`, options.isCa ? 'basicConstraints=critical,CA:TRUE' : 'basicConstraints=CA:FALSE'];
  const keyArgs = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key];
  if (!options.ca) {
    await run('openssl', ['req', '-x509', ...keyArgs, '-out', cert, '-days', String(options.days ?? 30), '-subj', subject, ...extensions.flatMap((e) => ['-addext', e])]);
    return { cert, key };
  }
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  await run('openssl', ['req', '-new', ...keyArgs, '-out', csr, '-subj', subject]);
  const { writeFile } = await import('node:fs/promises');
  await writeFile(ext, extensions.join('\n') + '\n');
  await run('openssl', ['x509', '-req', '-in', csr, '-CA', options.ca.cert, '-CAkey', options.ca.key, '-CAcreateserial', '-out', cert, '-days', String(options.days ?? 30), '-extfile', ext]);
  return { cert, key };
}

/** The SHA-256 fingerprint of a PEM certificate file as OpenSSL prints it ("AB:CD:..."). */
export async function fingerprintOf(certFile: string): Promise<string> {
  const { stdout } = await run('openssl', ['x509', '-in', certFile, '-noout', '-fingerprint', '-sha256']);
  return stdout.trim().replace(/^.*Fingerprint=/i, '');
}

export interface OpensslPeer {
  child: ChildProcessWithoutNullStreams;
  /** stdout and stderr so far, interleaved as they came. */
  output(): string;
  /** Resolves with the output once it matches; rejects if the process exits first. */
  waitForOutput(pattern: RegExp | string): Promise<string>;
  /** Resolves when the process has exited (with its code). */
  exited: Promise<number | null>;
}

function watch(child: ChildProcessWithoutNullStreams, teardown: Teardown): OpensslPeer {
  let output = '';
  const waiters: (() => void)[] = [];
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      exitCode = code;
      resolve(code);
      for (const waiter of waiters.splice(0)) waiter();
    });
  });
  const onText = (text: string): void => {
    output += text;
    for (const waiter of waiters.splice(0)) waiter();
  };
  child.stdout.setEncoding('latin1').on('data', onText);
  child.stderr.setEncoding('latin1').on('data', onText);
  teardown.add(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  const matches = (pattern: RegExp | string): boolean =>
    typeof pattern === 'string' ? output.includes(pattern) : pattern.test(output);
  return {
    child,
    output: () => output,
    exited,
    waitForOutput: (pattern) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (matches(pattern)) resolve(output);
          else if (exitCode !== undefined) reject(new Error(`openssl exited (${exitCode}) before printing ${String(pattern)}:\n${output}`));
          else waiters.push(check);
        };
        check();
      }),
  };
}

/**
 * `openssl s_server` on 127.0.0.1:<free port> with `args` (certificate, -alpn, -Verify...). Its
 * stdin stays open (s_server stops at EOF on stdin); what is written there goes to the client.
 */
export async function startSServer(teardown: Teardown, args: string[]): Promise<OpensslPeer & { port: number }> {
  const port = await freePort();
  const child = spawn('openssl', ['s_server', '-accept', `127.0.0.1:${port}`, ...args]);
  const peer = watch(child, teardown);
  await peer.waitForOutput(/^ACCEPT$/m);
  return { ...peer, port };
}

/** `openssl s_client -connect host:port` with `args`; its stdin is the child's, to write to. */
export function startSClient(teardown: Teardown, connect: string, args: string[]): OpensslPeer {
  const child = spawn('openssl', ['s_client', '-connect', connect, ...args]);
  return watch(child, teardown);
}
