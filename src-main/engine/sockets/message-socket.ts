// A native message socket (Unix datagram or seqpacket) as the sessions use it: messages sent in
// order, waiting for room when the socket is full (EAGAIN) instead of dropping or spinning, and
// reading that can be paused and resumed.
import { m } from '../../shared/i18n/paraglide/messages.js';
import type { NativeAddress, NativeError, NativeMessage, NativeModule, NativeSocket } from '../../native/native-api.js';
import { errnoCode } from '../../native/native.js';
import { CodedError } from '../errors.js';
import { nativeConstant, requireNative } from './require-native.js';

/** When a datagram's receiver is full, poll says writable at once; retry after this instead. */
const FULL_PEER_RETRY_MS = 5;

const UNSUPPORTED = new Set(['EPROTONOSUPPORT', 'ESOCKTNOSUPPORT', 'EAFNOSUPPORT', 'EPROTOTYPE', 'EOPNOTSUPP', 'EINVAL']);
const OS_NAMES: Record<string, string> = { darwin: 'macOS', win32: 'Windows' };

/** Opens an AF_UNIX socket of a type; what this OS lacks is UNSUPPORTED_ON_OS in words. */
export function openUnixSocket(type: 'SOCK_DGRAM' | 'SOCK_SEQPACKET'): { native: NativeModule; socket: NativeSocket } {
  const words = type === 'SOCK_DGRAM' ? 'datagram' : 'seqpacket';
  const what = `Unix ${words} sockets`;
  const native = requireNative(what);
  const domain = nativeConstant(native, 'AF_UNIX', what);
  const socketType = nativeConstant(native, type, what);
  try {
    return { native, socket: native.open(domain, socketType, 0) };
  } catch (err) {
    const code = errnoCode(err);
    if (code && UNSUPPORTED.has(code)) {
      const os = OS_NAMES[process.platform] ?? process.platform;
      throw new CodedError('UNSUPPORTED_ON_OS', m.e_has_no_unix_sockets({ os, words, value: code }));
    }
    throw err;
  }
}

interface PendingSend {
  data: Uint8Array;
  to: NativeAddress | undefined;
  resolve: (sent: number) => void;
  reject: (err: unknown) => void;
}

export interface MessageHandlers {
  onMessage?: (message: NativeMessage) => void;
  onAcceptable?: () => void;
  onEnd?: () => void;
  onError: (err: NativeError) => void;
}

export class MessageSocket {
  readonly #queue: PendingSend[] = [];
  #waiting = false;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #handlers: MessageHandlers | null = null;
  #reading = false;
  #closed = false;

  constructor(readonly socket: NativeSocket) {}

  get fd(): number {
    return this.socket.fd;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** One message, in order after any still waiting; resolves with the bytes sent. */
  send(data: Uint8Array, to?: NativeAddress): Promise<number> {
    if (this.#closed) return Promise.reject(new CodedError('NOT_CONNECTED', m.e_the_socket_is_closed_nothing_was()));
    if (this.#queue.length === 0) {
      try {
        return Promise.resolve(this.socket.send(data, to));
      } catch (err) {
        if (errnoCode(err) !== 'EAGAIN') return Promise.reject(err);
      }
    }
    return new Promise((resolve, reject) => {
      this.#queue.push({ data, to, resolve, reject });
      this.#waitForRoom(false);
    });
  }

  /** Starts (or, after pause(), resumes) reading. */
  read(handlers: MessageHandlers, paused: boolean): void {
    this.#handlers = handlers;
    if (!paused) this.resume();
  }

  pause(): void {
    if (!this.#reading || this.#closed) return;
    this.#reading = false;
    this.socket.readStop();
  }

  resume(): void {
    if (this.#reading || this.#closed || !this.#handlers) return;
    this.#reading = true;
    this.socket.readStart(this.#handlers);
  }

  /** Closes the socket; messages still waiting to be sent fail with NOT_CONNECTED. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#reading = false;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.socket.close();
    const waiting = this.#queue.splice(0);
    for (const pending of waiting) pending.reject(new CodedError('NOT_CONNECTED', m.e_the_socket_closed_before_this_message()));
  }

  #waitForRoom(afterWakeup: boolean): void {
    if (this.#waiting || this.#closed) return;
    this.#waiting = true;
    const wake = (): void => {
      this.#waiting = false;
      this.#retryTimer = null;
      this.#flush();
    };
    if (afterWakeup) this.#retryTimer = setTimeout(wake, FULL_PEER_RETRY_MS);
    else this.socket.onWritable(wake);
  }

  #flush(): void {
    let tookAny = false;
    while (this.#queue.length > 0 && !this.#closed) {
      const pending = this.#queue[0]!;
      try {
        const sent = this.socket.send(pending.data, pending.to);
        this.#queue.shift();
        tookAny = true;
        pending.resolve(sent);
      } catch (err) {
        if (errnoCode(err) === 'EAGAIN') {
          // Full again after taking some: poll will say when. Full at once after a wakeup: the
          // fullness is a datagram receiver's queue, which poll cannot see; retry on a timer.
          this.#waitForRoom(!tookAny);
          return;
        }
        this.#queue.shift();
        pending.reject(err);
      }
    }
  }
}
