// The small schemas that configs and commands are built from (ids, ports, hosts, paths, limits).
import * as v from 'valibot';

export const SessionId = v.pipe(v.string(), v.regex(/^s[0-9]{1,9}$/, 'must be a session id like "s1"'));
export const Seq = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
export const Port = v.pipe(v.number(), v.integer(), v.minValue(1, 'must be 1 to 65535'), v.maxValue(65535, 'must be 1 to 65535'));
export const Host = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(253, 'is longer than 253 characters'));

export const INPUT_FORMATS = ['text', 'hex', 'base64'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];
export const LINE_ENDINGS = ['none', 'lf', 'crlf', 'cr'] as const;
export type LineEnding = (typeof LINE_ENDINGS)[number];
/** The text encodings of the Text view, the entry detail and the composer (iconv-lite names). */
export const TEXT_ENCODINGS = [
  'utf-8', 'ascii', 'latin1', 'utf-16le', 'utf-16be', 'gb18030', 'big5', 'shift_jis', 'euc-jp', 'euc-kr',
  'windows-1250', 'windows-1251', 'windows-1252', 'koi8-r', 'iso-8859-2', 'iso-8859-5', 'iso-8859-15', 'cp437', 'ibm037',
] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];

/** Largest message the composer may send at once (after decoding). */
export const MAX_SEND_BYTES = 16 * 1024 * 1024;

/** Most peers one command may name. */
export const MAX_PEER_IDS = 10_000;

export const Int = (min: number, max: number, words?: string) =>
  v.pipe(v.number(), v.integer(), v.minValue(min, words), v.maxValue(max, words));
/** A local address to bind: IPv4, IPv6 (`::` listens on both), or a name. */
export const LocalAddress = v.pipe(v.string(), v.trim(), v.maxLength(253, 'is longer than 253 characters'));
export const LocalPort = Int(0, 65535, 'must be 0 to 65535 (0 picks a free port)');
export const TimeoutMs = Int(100, 600_000, 'must be 100 to 600000 ms');
/** A Unix socket path; on Linux `@name` is the abstract namespace; on Windows `\\.\pipe\name`. */
export const UnixPath = v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(4096, 'is too long'));
export const FilePath = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(4096, 'is too long'));
/** An absolute path (POSIX `/...`, Windows `C:\...` or `\\server\share\...`) of a file to write. */
export const AbsoluteFilePath = v.pipe(
  FilePath,
  v.check((p) => !p.includes('\0'), 'must not contain a NUL character'),
  v.regex(/^(\/|[A-Za-z]:[\\/]|\\\\)/, 'must be an absolute path, like /home/me/log.jsonl'),
);
export const PeerId = v.pipe(v.string(), v.regex(/^p[0-9]{1,9}$/, 'must be a peer id like "p1"'));

/**
 * valibot's object schemas take an array as an object; one whose fields are all optional
 * would then accept `[]`. Options objects go through this first.
 */
export function notArray<S extends v.GenericSchema<Record<string, unknown>>>(schema: S) {
  return v.pipe(v.custom<v.InferInput<S>>((x) => !Array.isArray(x), 'must be an object, not an array'), schema);
}
