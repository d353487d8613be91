// The engine as the command line drives it: one session, its entries printed as they are logged,
// its state followed, and errors turned into the documented exit codes.
import { readFile } from 'node:fs/promises';
import type { LogEntry, SessionConfigInput, SessionSnapshot, WireError } from '../shared/contract.js';
import { encodePayload } from '../shared/codec/payload.js';
import { Engine } from '../engine/engine.js';
import { CodedError } from '../engine/errors.js';
import { EXIT, type Payload, type Transport } from './cli-args.js';
import type { Printer } from './cli-output.js';

/** A failure with the exit code it ends the command with. */
export class CliFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exit: number,
  ) {
    super(message);
  }
}

const USAGE_CODES = new Set(['INVALID_PAYLOAD', 'INVALID_HEX', 'INVALID_ESCAPE', 'INVALID_BASE64', 'INVALID_REGEX', 'UNENCODABLE_TEXT', 'TLS_FILE', 'UNSUPPORTED_KIND', 'ENOENT_FILE']);
const BIND_CODES = new Set(['EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL', 'EPERM', 'STALE_SOCKET']);

/** An engine error as a CliFailure: usage (2), TLS (4), bind while listening (5), else network (3). */
export function failureOf(err: unknown, binding: boolean): CliFailure {
  if (err instanceof CliFailure) return err;
  const wire: WireError = err instanceof CodedError ? { code: err.code, message: err.message } : { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
  const exit = USAGE_CODES.has(wire.code) ? EXIT.usage : wire.code === 'TLS_VERIFY_FAILED' ? EXIT.tls : binding && BIND_CODES.has(wire.code) ? EXIT.bind : EXIT.network;
  return new CliFailure(wire.code, wire.message, exit);
}

/** The bytes to send: text with escapes, hex, or a file's contents. */
export async function payloadBytes(payload: Payload): Promise<Uint8Array> {
  if ('file' in payload) {
    try {
      return await readFile(payload.file);
    } catch (err) {
      throw new CliFailure('ENOENT', `Cannot read --file ${payload.file}: ${err instanceof Error ? err.message : String(err)}`, EXIT.usage);
    }
  }
  const encoded = encodePayload({ format: payload.format, text: payload.text, lineEnding: 'none' });
  if (!encoded.ok) throw new CliFailure(encoded.error.code, `--${payload.format === 'hex' ? 'hex' : 'send'}: ${encoded.error.message}`, EXIT.usage);
  return encoded.value;
}

/** The session config that connects over `t`. */
export function clientConfig(t: Transport, timeoutMs = 10_000): SessionConfigInput {
  switch (t.type) {
    case 'unix':
      return { kind: 'unix-client', path: t.path, timeoutMs };
    case 'tls':
      return { kind: 'tls-client', host: t.host, port: t.port, timeoutMs, verify: !t.insecure };
    case 'udp':
      return { kind: 'udp', localAddress: t.host.includes(':') ? '::' : '0.0.0.0', localPort: 0, remoteHost: t.host, remotePort: t.port };
    default:
      return { kind: 'tcp-client', host: t.host, port: t.port, timeoutMs };
  }
}

/** One session of an engine, its entries printed (and handed to `onEntry`) in order as they are logged. */
export class CliSession {
  readonly engine = new Engine({ growthTickMs: 5 });
  #next = 0;
  #pumping = false;
  #again = false;
  #state: SessionSnapshot | null = null;
  readonly #waiters = new Set<() => void>();
  readonly #unsubscribe: () => void;
  onEntry: (e: LogEntry) => void = () => {};

  readonly id: string;

  constructor(
    kind: SessionConfigInput['kind'],
    private readonly printer: Printer,
  ) {
    this.#unsubscribe = this.engine.subscribe((event) => {
      if (event.name === 'log.grew' && event.payload.id === this.id) void this.#pump();
      if (event.name === 'session.state' && event.payload.id === this.id) {
        this.#state = event.payload;
        this.#wake();
      }
    });
    this.id = this.engine.create(kind).id;
  }

  get session() {
    return this.engine.session(this.id);
  }

  get state(): SessionSnapshot | null {
    return this.#state;
  }

  #wake(): void {
    for (const w of this.#waiters) w();
  }

  /** Prints entries not printed yet (one read at a time, in order). */
  async #pump(): Promise<void> {
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    this.#pumping = true;
    try {
      do {
        this.#again = false;
        const log = this.session.log;
        const from = Math.max(this.#next, log.firstSeq);
        const count = log.firstSeq + log.count - from;
        if (count <= 0) continue;
        const { entries } = await log.read(from - log.firstSeq, Math.min(count, 1000));
        for (const e of entries) {
          this.printer.entry(e);
          this.onEntry(e);
        }
        this.#next = from + entries.length;
        if (entries.length < count) this.#again = true;
      } while (this.#again);
    } finally {
      this.#pumping = false;
      this.#wake();
    }
  }

  /** Every entry logged so far has been printed. */
  async drained(): Promise<void> {
    await this.#pump();
  }

  /** Resolves when `check()` holds (checked on every entry and state change), or after `ms` (then false). */
  until(check: () => boolean, ms: number): Promise<boolean> {
    if (check()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean): void => {
        clearTimeout(timer);
        this.#waiters.delete(wake);
        resolve(ok);
      };
      const wake = (): void => {
        if (check()) done(true);
      };
      const timer = setTimeout(() => done(check()), ms);
      this.#waiters.add(wake);
    });
  }

  async dispose(): Promise<void> {
    await this.#pump().catch(() => undefined);
    this.#unsubscribe();
    await this.engine.dispose();
  }
}
