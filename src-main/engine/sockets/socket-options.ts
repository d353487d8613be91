// getsockopt/setsockopt by name or by level and number, through the native addon. Names map to
// this OS's numbers through the addon's constants, so a name the OS lacks says so instead of
// setting some other option that happens to share its number elsewhere.
import { m } from '../../shared/i18n/paraglide/messages.js';
import { constants as osConstants, endianness } from 'node:os';
import {
  SOCKET_OPTIONS,
  SOCKET_OPTION_NAMES,
  type SocketOptionInfo,
  type SocketOptionName,
  type SocketOptionReading,
  type SocketOptionRef,
  type SocketOptionValue,
} from '../../shared/contract.js';
import { parseHex, toHex } from '../../shared/codec/hex.js';
import type { NativeModule } from '../../native/native-api.js';
import { intOption, loadNative, nodeSocketFd } from '../../native/native.js';
import { CodedError } from '../errors.js';
import { requireNative } from './require-native.js';

const LITTLE_ENDIAN = endianness() === 'LE';
/** Windows' struct linger is two u_shorts; everywhere else two ints. */
const LINGER_SIZE = process.platform === 'win32' ? 4 : 8;
/** Interface names and congestion algorithm names are at most 16 bytes; room to spare. */
const TEXT_SIZE = 64;

/** The descriptor a socket option applies to on a Node socket (net.Socket, net.Server, tls.TLSSocket, dgram.Socket), or null when it has none open; on Windows, where Node keeps none, UNSUPPORTED_ON_OS. */
export function optionFdOf(socket: object | null | undefined, what: string): number | null {
  if (!socket) return null;
  const fd = nodeSocketFd(socket);
  // Windows' libuv handles report no descriptor at all.
  if (fd === null && process.platform === 'win32') {
    throw new CodedError(
      'UNSUPPORTED_ON_OS',
      m.e_socket_options_of_a_are_not({ what, platform: process.platform }),
    );
  }
  return fd;
}

/**
 * Sets an int option, named by this OS's constants, on a Node socket through the addon (what
 * Node has no call for). Returns null when set, else why not, in words.
 */
export function setNodeIntOption(socket: object, level: string, name: string, value: number): string | null {
  const load = loadNative();
  if (!load.ok) return `the native addon is not available: ${load.reason}`;
  const fd = nodeSocketFd(socket);
  if (fd === null) return 'Node does not expose the socket descriptor here';
  const levelNumber = load.native.constants[level];
  const nameNumber = load.native.constants[name];
  if (levelNumber === undefined || nameNumber === undefined) return `${process.platform} has no ${name}`;
  try {
    load.native.setOption(fd, levelNumber, nameNumber, intOption(value));
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/**
 * Sets the IP TTL (IPv6: the hop limit, and the TTL of v4-mapped traffic) of a Node TCP socket
 * or server, which Node cannot do. Returns null when set, else why not, in words.
 */
export function applyIpTtl(socket: object, family: string | undefined, ttl: number): string | null {
  if (family !== 'IPv6') return setNodeIntOption(socket, 'IPPROTO_IP', 'IP_TTL', ttl);
  const problem = setNodeIntOption(socket, 'IPPROTO_IPV6', 'IPV6_UNICAST_HOPS', ttl);
  // A dual-stack socket sends IPv4 too; an IPv6-only one has no IPv4 TTL, and the hop limit is what counts.
  if (problem === null) setNodeIntOption(socket, 'IPPROTO_IP', 'IP_TTL', ttl);
  return problem;
}

/** Where an option lives on this OS. */
interface Resolved {
  name: SocketOptionName | null;
  info: SocketOptionInfo | null;
  level: number;
  option: number;
  /** Bytes to ask getsockopt for. */
  size: number;
}

function resolve(native: NativeModule, ref: SocketOptionRef): Resolved {
  if (ref.type === 'number') {
    const name = knownName(native, ref.level, ref.option);
    return { name, info: name ? SOCKET_OPTIONS[name] : null, level: ref.level, option: ref.option, size: ref.size };
  }
  const info: SocketOptionInfo = SOCKET_OPTIONS[ref.name];
  const level = native.constants[info.level];
  const option = native.constants[ref.name];
  if (level === undefined || option === undefined) {
    throw new CodedError('UNSUPPORTED_ON_OS', m.e_does_not_exist_on({ name: ref.name, platform: process.platform }));
  }
  return { name: ref.name, info, level, option, size: sizeOf(info) };
}

function sizeOf(info: SocketOptionInfo): number {
  if (info.type === 'linger') return LINGER_SIZE;
  if (info.type === 'text') return TEXT_SIZE;
  return 4;
}

/** The name this OS gives a level and number, if it is one of ours. */
function knownName(native: NativeModule, level: number, option: number): SocketOptionName | null {
  for (const name of SOCKET_OPTION_NAMES) {
    if (native.constants[SOCKET_OPTIONS[name].level] === level && native.constants[name] === option) return name;
  }
  return null;
}

/** Every option name whose level and number exist on this OS. */
export function availableSocketOptions(native: NativeModule): SocketOptionName[] {
  return SOCKET_OPTION_NAMES.filter((name) => native.constants[name] !== undefined && native.constants[SOCKET_OPTIONS[name].level] !== undefined);
}

/** SO_RCVBUF and SO_SNDBUF as the OS reports them, for a session's snapshot (null if unreadable). */
export function socketBufferSizes(fd: number): Record<string, number> | null {
  try {
    const read = (name: 'SO_RCVBUF' | 'SO_SNDBUF'): number => {
      const value = getSocketOption(fd, { type: 'name', name }).value;
      return value.type === 'int' ? value.value : 0;
    };
    return { recvBufferSize: read('SO_RCVBUF'), sendBufferSize: read('SO_SNDBUF') };
  } catch {
    return null;
  }
}

export function getSocketOption(fd: number, ref: SocketOptionRef): SocketOptionReading {
  const native = requireNative('Socket options');
  const where = resolve(native, ref);
  return read(native, fd, where, ref.type === 'number');
}

export function setSocketOption(fd: number, ref: SocketOptionRef, value: SocketOptionValue): SocketOptionReading {
  const native = requireNative('Socket options');
  const where = resolve(native, ref);
  const label = labelOf(where);
  if (ref.type === 'name' && where.info?.readOnly) {
    throw new CodedError('INVALID_PAYLOAD', m.e_can_only_be_read_not_set({ label }));
  }
  const bytes = encode(value, ref.type === 'name' ? where.info : null, label);
  try {
    native.setOption(fd, where.level, where.option, bytes);
  } catch (err) {
    throw osError(err, 'set', where, value);
  }
  return read(native, fd, where, ref.type === 'number');
}

function read(native: NativeModule, fd: number, where: Resolved, raw: boolean): SocketOptionReading {
  let bytes: Buffer;
  try {
    bytes = native.getOption(fd, where.level, where.option, where.size);
  } catch (err) {
    throw osError(err, 'read', where, null);
  }
  const hex = toHex(bytes);
  if (raw || !where.info) {
    const asInt = bytes.length === 4 ? readInt(bytes) : null;
    return {
      name: where.name,
      level: where.level,
      option: where.option,
      value: { type: 'hex', value: hex },
      hex,
      display: `${bytes.length} ${bytes.length === 1 ? 'byte' : 'bytes'}: ${hex || '(none)'}${asInt === null ? '' : ` (int ${asInt})`}`,
    };
  }
  const value = decode(bytes, where.info);
  return { name: where.name, level: where.level, option: where.option, value, hex, display: display(value, where.name!, native) };
}

function readInt(bytes: Buffer): number {
  if (bytes.length >= 4) return LITTLE_ENDIAN ? bytes.readInt32LE(0) : bytes.readInt32BE(0);
  // Some options (IP_TOS, IP_MULTICAST_TTL on a few OSes) answer with one byte.
  return bytes.length === 1 ? bytes[0]! : bytes.length === 2 ? (LITTLE_ENDIAN ? bytes.readUInt16LE(0) : bytes.readUInt16BE(0)) : 0;
}

function decode(bytes: Buffer, info: SocketOptionInfo): SocketOptionValue {
  switch (info.type) {
    case 'int':
      return { type: 'int', value: readInt(bytes) };
    case 'bool':
      return { type: 'bool', value: readInt(bytes) !== 0 };
    case 'linger': {
      if (LINGER_SIZE === 4) {
        const onoff = LITTLE_ENDIAN ? bytes.readUInt16LE(0) : bytes.readUInt16BE(0);
        const seconds = LITTLE_ENDIAN ? bytes.readUInt16LE(2) : bytes.readUInt16BE(2);
        return { type: 'linger', on: onoff !== 0, seconds };
      }
      const onoff = readInt(bytes);
      const seconds = bytes.length >= 8 ? readInt(bytes.subarray(4, 8)) : 0;
      return { type: 'linger', on: onoff !== 0, seconds };
    }
    case 'text': {
      const end = bytes.indexOf(0);
      return { type: 'text', value: bytes.subarray(0, end < 0 ? bytes.length : end).toString('utf8') };
    }
  }
}

/** The bytes setsockopt takes for a value; with `info` (a named option), the value must fit its type. */
function encode(value: SocketOptionValue, info: SocketOptionInfo | null, label: string): Uint8Array {
  if (info && value.type !== 'hex') {
    const fits = value.type === info.type || (info.type === 'bool' && value.type === 'int');
    if (!fits) {
      throw new CodedError('INVALID_PAYLOAD', m.e_takes_not({ label, value: typeWords(info.type), value2: typeWords(value.type) }));
    }
  }
  switch (value.type) {
    case 'int':
      return intOption(value.value);
    case 'bool':
      return intOption(value.value ? 1 : 0);
    case 'linger': {
      if (LINGER_SIZE === 4) {
        const out = Buffer.alloc(4);
        const write = (n: number, at: number): number => (LITTLE_ENDIAN ? out.writeUInt16LE(n, at) : out.writeUInt16BE(n, at));
        write(value.on ? 1 : 0, 0);
        write(value.seconds, 2);
        return out;
      }
      return Buffer.concat([intOption(value.on ? 1 : 0), intOption(value.seconds)]);
    }
    case 'text':
      // Linux takes interface and algorithm names without a terminating NUL (it adds one).
      return Buffer.from(value.value, 'utf8');
    case 'hex': {
      const parsed = parseHex(value.value);
      if (!parsed.ok) throw new CodedError(parsed.error.code, parsed.error.message);
      return parsed.value;
    }
  }
}

function typeWords(type: SocketOptionValue['type']): string {
  const words: Record<SocketOptionValue['type'], string> = {
    int: 'a number',
    bool: 'on or off',
    linger: 'on or off with seconds (linger)',
    text: 'text',
    hex: 'raw bytes',
  };
  return words[type];
}

const BYTE_OPTIONS = new Set<SocketOptionName>([
  'SO_RCVBUF',
  'SO_SNDBUF',
  'SO_RCVBUFFORCE',
  'SO_SNDBUFFORCE',
  'SO_RCVLOWAT',
  'SO_SNDLOWAT',
  'TCP_MAXSEG',
]);

/** A value in words: "212992 bytes", "on", "on, 5 s", "cubic". */
function display(value: SocketOptionValue, name: SocketOptionName, native: NativeModule): string {
  switch (value.type) {
    case 'bool':
      return value.value ? 'on' : 'off';
    case 'linger':
      return value.on ? `on, ${value.seconds} s` : 'off';
    case 'text':
      return value.value === '' ? '(none)' : value.value;
    case 'hex':
      return value.value;
    case 'int':
      return intWords(value.value, name, native);
  }
}

function intWords(n: number, name: SocketOptionName, native: NativeModule): string {
  if (BYTE_OPTIONS.has(name)) return `${n} ${n === 1 ? 'byte' : 'bytes'}`;
  switch (name) {
    case 'TCP_KEEPIDLE':
    case 'TCP_KEEPINTVL':
      return `${n} s`;
    case 'TCP_USER_TIMEOUT':
      return n === 0 ? "0 ms (the system's default)" : `${n} ms`;
    case 'IP_TOS':
    case 'IPV6_TCLASS':
      return `0x${n.toString(16).padStart(2, '0')} (DSCP ${n >> 2}, ECN ${n & 3})`;
    case 'SO_TYPE':
      return `${n} (${socketTypeName(n, native)})`;
    case 'SO_ERROR':
      return n === 0 ? '0 (no error)' : `${n} (${errnoName(n)})`;
    case 'IP_MTU_DISCOVER': {
      const modes = ["don't", 'want', 'do', 'probe', 'interface', 'omit'];
      return process.platform === 'linux' && modes[n] ? `${n} (${modes[n]})` : String(n);
    }
    default:
      return String(n);
  }
}

function socketTypeName(n: number, native: NativeModule): string {
  const types: Record<string, string> = { SOCK_STREAM: 'stream', SOCK_DGRAM: 'datagram', SOCK_RAW: 'raw', SOCK_SEQPACKET: 'seqpacket' };
  for (const [constant, words] of Object.entries(types)) if (native.constants[constant] === n) return words;
  return 'unknown type';
}

function errnoName(n: number): string {
  for (const [name, value] of Object.entries(osConstants.errno)) if (value === n) return name;
  return 'unknown error';
}

function labelOf(where: Resolved): string {
  return where.name ?? `Option ${where.option} at level ${where.level}`;
}

/** An OS error from getsockopt/setsockopt in words; the OS code is kept. */
function osError(err: unknown, action: 'read' | 'set', where: Resolved, value: SocketOptionValue | null): CodedError {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : 'INTERNAL';
  const label = labelOf(where);
  const name = where.name;
  // Linux answers an option of another protocol's level with either code.
  const notHere = where.name
    ? `${label} does not apply to this kind of socket.`
    : `${label} does not exist for this kind of socket (no such level or option number).`;
  const words: Record<string, string> = {
    ENOPROTOOPT: notHere,
    EOPNOTSUPP: notHere,
    EINVAL:
      action === 'set'
        ? `The value is not valid for ${label}${value && value.type !== 'hex' ? '' : ' (check its size: most options take 4 bytes)'}.`
        : `${label} cannot be read with ${where.size} bytes on this socket.`,
    EPERM:
      name === 'SO_RCVBUFFORCE' || name === 'SO_SNDBUFFORCE' || name === 'SO_MARK' || name === 'SO_PRIORITY'
        ? `Setting ${label} needs CAP_NET_ADMIN (run as root, or grant the capability).`
        : `Not permitted to ${action} ${label}.`,
    EACCES: `Not permitted to ${action} ${label}.`,
    ENOENT:
      name === 'TCP_CONGESTION' && value?.type === 'text'
        ? `There is no congestion control algorithm named "${value.value}" on this machine (see /proc/sys/net/ipv4/tcp_available_congestion_control).`
        : `${label}: no such entry.`,
    ENODEV: name === 'SO_BINDTODEVICE' && value?.type === 'text' ? `There is no network interface named "${value.value}".` : `${label}: no such device.`,
    EBADF: `The socket is closed; ${label} cannot be ${action === 'set' ? 'set' : 'read'}.`,
    ENOTSOCK: `The descriptor is not a socket; ${label} cannot be ${action === 'set' ? 'set' : 'read'}.`,
    EISCONN: `${label} cannot be changed once the socket is connected.`,
  };
  const message = words[code] ?? `Could not ${action} ${label}: ${typeof e.message === 'string' ? e.message : String(err)}`;
  return new CodedError(code, message);
}
