// Loads the native addon (wirebench_native.node) and presents it as the NativeModule of
// native-api.ts. Loading never throws: a missing or broken binary becomes a NativeLoad with a
// reason the UI can show next to the kinds that need it.
import { existsSync } from 'node:fs';
import { endianness } from 'node:os';
import path from 'node:path';
import type {
  NativeAddress,
  NativeError,
  NativeLoad,
  NativeMessage,
  NativeModule,
  NativeSocket,
} from './native-api.js';

export const NATIVE_FILE_NAME = 'wirebench_native.node';

/** An opaque socket object of the addon. */
type RawSocket = object;

/** What the addon exports (see "Exported functions" in wb_syscalls.c and wirebench_native.c). */
interface RawBinding {
  constants: Record<string, number>;
  socket(domain: number, type: number, protocol: number): RawSocket;
  fd(socket: RawSocket): number;
  bind(socket: RawSocket, address: NativeAddress): void;
  connect(socket: RawSocket, address: NativeAddress): void;
  listen(socket: RawSocket, backlog: number): void;
  accept(socket: RawSocket): [RawSocket, NativeAddress | null] | null;
  send(socket: RawSocket, data: Uint8Array, to?: NativeAddress): number;
  sockname(socket: RawSocket): NativeAddress | null;
  peername(socket: RawSocket): NativeAddress | null;
  setsockopt(target: RawSocket | number, level: number, name: number, value: Uint8Array): void;
  getsockopt(target: RawSocket | number, level: number, name: number, size: number): Buffer;
  watch(socket: RawSocket, dispatch: (event: number, payload: unknown) => void): void;
  readStart(socket: RawSocket, listener: boolean): void;
  readStop(socket: RawSocket): void;
  writable(socket: RawSocket): void;
  close(socket: RawSocket): void;
}

const RAW_FUNCTIONS = [
  'socket', 'fd', 'bind', 'connect', 'listen', 'accept', 'send', 'sockname', 'peername',
  'setsockopt', 'getsockopt', 'watch', 'readStart', 'readStop', 'writable', 'close',
] as const;

// Event numbers from wirebench.h.
const EV_MESSAGES = 1;
const EV_ACCEPTABLE = 2;
const EV_END = 3;
const EV_ERROR = 4;
const EV_WRITABLE = 5;

type ReadHandlers = Parameters<NativeSocket['readStart']>[0];

/** Read events that arrived while reading was stopped mid-batch: kept for the next readStart. */
type Held = { kind: 'message'; message: NativeMessage } | { kind: 'end' } | { kind: 'error'; error: NativeError };

export function isNativeError(err: unknown): err is NativeError {
  return (
    err instanceof Error &&
    typeof (err as Partial<NativeError>).code === 'string' &&
    typeof (err as Partial<NativeError>).syscall === 'string'
  );
}

/** The OS code name of an error ('EPERM', 'ENOENT', ...), or null when it carries none. */
export function errnoCode(err: unknown): string | null {
  if (typeof err !== 'object' || err === null) return null;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : null;
}

/** An int socket option value (in this machine's byte order), for setOption. */
export function intOption(value: number): Buffer {
  const b = Buffer.alloc(4);
  if (endianness() === 'LE') b.writeInt32LE(value);
  else b.writeInt32BE(value);
  return b;
}

/** Reads an int socket option value that getOption returned (1, 2 or 4 bytes). */
export function readIntOption(value: Uint8Array): number {
  const b = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (b.length >= 4) return endianness() === 'LE' ? b.readInt32LE(0) : b.readInt32BE(0);
  if (b.length === 2) return endianness() === 'LE' ? b.readInt16LE(0) : b.readInt16BE(0);
  if (b.length === 1) return b.readUInt8(0);
  throw new RangeError(`a ${b.length}-byte option value is not an int`);
}

/**
 * The OS fd of a Node net/tls/dgram socket, for NativeModule.getOption/setOption; null when it
 * has none (not open yet, closed, or Windows, where libuv keeps no fd).
 */
export function nodeSocketFd(socket: object): number | null {
  const fields = socket as Record<string | symbol, unknown>;
  // dgram keeps its handle in a symbol-keyed state (its _handle getter is deprecated, DEP0112).
  const state = Object.getOwnPropertySymbols(socket).find((key) => key.description === 'state symbol');
  const stateValue = state === undefined ? undefined : fields[state];
  const handle = typeof stateValue === 'object' && stateValue !== null ? (stateValue as { handle?: unknown }).handle : fields['_handle'];
  const fd = typeof handle === 'object' && handle !== null ? (handle as { fd?: unknown }).fd : undefined;
  return typeof fd === 'number' && fd >= 0 ? fd : null;
}

class Socket implements NativeSocket {
  readonly fd: number;
  private closed = false;
  private watching = false;
  private reading = false;
  private handlers: ReadHandlers | null = null;
  private held: Held[] = [];
  private writableWaiters: (() => void)[] = [];

  constructor(
    private readonly raw: RawBinding,
    private readonly handle: RawSocket,
  ) {
    this.fd = raw.fd(handle);
  }

  bind(address: NativeAddress): void {
    this.raw.bind(this.handle, address);
  }

  connect(address: NativeAddress): void {
    this.raw.connect(this.handle, address);
  }

  listen(backlog: number): void {
    this.raw.listen(this.handle, backlog);
  }

  accept(): { socket: NativeSocket; from: NativeAddress | null } | null {
    const pair = this.raw.accept(this.handle);
    if (pair === null) return null;
    return { socket: new Socket(this.raw, pair[0]), from: pair[1] };
  }

  send(data: Uint8Array, to?: NativeAddress): number {
    return to === undefined ? this.raw.send(this.handle, data) : this.raw.send(this.handle, data, to);
  }

  localAddress(): NativeAddress | null {
    return this.raw.sockname(this.handle);
  }

  remoteAddress(): NativeAddress | null {
    return this.raw.peername(this.handle);
  }

  setOption(level: number, name: number, value: Uint8Array): void {
    this.raw.setsockopt(this.handle, level, name, value);
  }

  getOption(level: number, name: number, size: number): Buffer {
    return this.raw.getsockopt(this.handle, level, name, size);
  }

  readStart(handlers: ReadHandlers): void {
    this.ensureWatched();
    this.handlers = handlers;
    this.reading = true;
    this.raw.readStart(this.handle, handlers.onAcceptable !== undefined);
    // Not from inside readStart itself: the caller expects events later, as from the loop.
    if (this.held.length > 0) queueMicrotask(() => this.deliverHeld());
  }

  readStop(): void {
    this.reading = false;
    if (!this.closed) this.raw.readStop(this.handle);
  }

  onWritable(callback: () => void): void {
    this.ensureWatched();
    this.writableWaiters.push(callback);
    this.raw.writable(this.handle);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.reading = false;
    this.handlers = null;
    this.held = [];
    this.writableWaiters = [];
    this.raw.close(this.handle);
  }

  private ensureWatched(): void {
    if (this.watching) return;
    this.raw.watch(this.handle, (event, payload) => this.dispatch(event, payload));
    this.watching = true;
  }

  private dispatch(event: number, payload: unknown): void {
    if (this.closed) return;
    switch (event) {
      case EV_MESSAGES:
        for (const message of payload as NativeMessage[]) this.held.push({ kind: 'message', message });
        this.deliverHeld();
        return;
      case EV_END:
        this.held.push({ kind: 'end' });
        this.deliverHeld();
        return;
      case EV_ERROR:
        this.held.push({ kind: 'error', error: payload as NativeError });
        this.deliverHeld();
        return;
      case EV_ACCEPTABLE:
        if (this.reading) this.handlers?.onAcceptable?.();
        return;
      case EV_WRITABLE: {
        const waiters = this.writableWaiters;
        this.writableWaiters = [];
        for (const waiter of waiters) {
          if (this.closed) return;
          waiter();
        }
        return;
      }
    }
  }

  /** Hands over held events in order while reading; a handler may stop reading or close midway. */
  private deliverHeld(): void {
    while (this.reading && !this.closed && this.handlers !== null) {
      const next = this.held.shift();
      if (next === undefined) return;
      const handlers = this.handlers;
      if (next.kind === 'message') handlers.onMessage?.(next.message);
      else if (next.kind === 'end') handlers.onEnd?.();
      else handlers.onError(next.error);
    }
  }
}

class Module implements NativeModule {
  readonly constants: Readonly<Record<string, number>>;

  constructor(private readonly raw: RawBinding) {
    this.constants = Object.freeze({ ...raw.constants });
  }

  open(domain: number, type: number, protocol: number): NativeSocket {
    return new Socket(this.raw, this.raw.socket(domain, type, protocol));
  }

  setOption(fd: number, level: number, name: number, value: Uint8Array): void {
    this.raw.setsockopt(fd, level, name, value);
  }

  getOption(fd: number, level: number, name: number, size: number): Buffer {
    return this.raw.getsockopt(fd, level, name, size);
  }
}

function isRawBinding(value: unknown): value is RawBinding {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['constants'] === 'object' && v['constants'] !== null && RAW_FUNCTIONS.every((f) => typeof v[f] === 'function');
}

/** What a user needs to build the addon on this OS. */
function buildHint(): string {
  if (process.platform === 'darwin') return 'run npm install with the Xcode command line tools installed';
  if (process.platform === 'win32') return 'run npm install with Visual Studio Build Tools (C++ workload) and Python installed';
  return 'run npm install with python3, make and a C compiler available';
}

/** Where the binary may be, best first. `here` is this module's directory. */
export function nativeCandidates(here: string): string[] {
  return [
    // Bundled: dist/main/*.cjs -> dist/native/ (in a packaged app, inside app.asar.unpacked).
    path.join(here, '..', 'native', NATIVE_FILE_NAME),
    // Source tree (vitest runs native.ts from src-main/native/): node-gyp's output.
    path.join(here, 'build', 'Release', NATIVE_FILE_NAME),
    // Bundled but not yet copied (npm run web straight after npm install).
    path.join(here, '..', '..', 'src-main', 'native', 'build', 'Release', NATIVE_FILE_NAME),
    // A packaged app: the prebuilt binary for its platform and architecture (prebuilds workflow).
    path.join(here, '..', '..', 'prebuilds', `${process.platform}-${process.arch}`, NATIVE_FILE_NAME),
  ];
}

/** A .node file cannot be loaded from inside an asar archive; electron-builder unpacks it beside. */
function unpacked(file: string): string {
  const marker = `app.asar${path.sep}`;
  const at = file.indexOf(marker);
  if (at < 0) return file;
  const outside = `${file.slice(0, at)}app.asar.unpacked${path.sep}${file.slice(at + marker.length)}`;
  return existsSync(outside) ? outside : file;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Loads one file; never throws. */
export function loadNativeFrom(file: string): NativeLoad {
  const target = unpacked(file);
  try {
    const holder: { exports: unknown } = { exports: {} };
    process.dlopen(holder, target);
    if (!isRawBinding(holder.exports)) {
      return { ok: false, reason: `The native addon at ${target} is not the one this version of Wirebench expects: rebuild it (${buildHint()}).` };
    }
    return { ok: true, native: new Module(holder.exports), path: target };
  } catch (err) {
    return { ok: false, reason: `The native addon at ${target} could not be loaded (${buildHint()} to rebuild it): ${describe(err)}` };
  }
}

function findAndLoad(): NativeLoad {
  const override = process.env['WIREBENCH_NATIVE_PATH'];
  if (override) {
    if (!existsSync(override)) return { ok: false, reason: `WIREBENCH_NATIVE_PATH names ${override}, which does not exist.` };
    return loadNativeFrom(override);
  }
  const candidates = nativeCandidates(__dirname);
  const found = candidates.map(unpacked).find((file) => existsSync(file));
  if (found !== undefined) return loadNativeFrom(found);
  return {
    ok: false,
    reason: `The native addon was not built (${buildHint()}): no ${NATIVE_FILE_NAME} in ${candidates.map((c) => path.dirname(c)).join(' or ')}.`,
  };
}

let cached: NativeLoad | undefined;

/** The addon, loaded once; never throws. */
export function loadNative(): NativeLoad {
  if (cached === undefined) {
    try {
      cached = findAndLoad();
    } catch (err) {
      // Only a runtime without __dirname (plain ESM) gets here.
      cached = { ok: false, reason: `The native addon could not be looked for: ${describe(err)}` };
    }
  }
  return cached;
}
