// "Save log": a session's entries written to a file the user named, streamed page by page
// through the log's read API so a 4 GiB log saves in bounded memory, into a temporary file
// beside the target that is moved into place only once complete.
import { m } from '../../shared/i18n/paraglide/messages.js';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { MAX_READ_BYTES, MAX_READ_ENTRIES, type CommandOutputs, type LogEntry, type LogSaveFormat, type TextEncoding } from '../../shared/contract.js';
import { captureEncoder, type BlockEncoder, type CaptureContext } from './capture-export.js';
import { csvEncoder } from './csv-export.js';
import { CodedError } from '../errors.js';
import { isoTime } from '../clock.js';
import { checkTarget, fileError, publish, resolveTarget, tempPathFor } from './save-target.js';

export interface LogSaveOptions {
  path: string;
  /** Default 'jsonl'. */
  format?: LogSaveFormat;
  /** Default false: an existing file is left alone (EEXIST). */
  overwrite?: boolean;
  /** CSV: the text column's encoding. Default UTF-8. */
  encoding?: TextEncoding;
  /** pcapng: what the session knows of its ends (asked for when the save starts). */
  capture?: () => Promise<CaptureContext>;
}

/** What a save reads: TrafficLog's read API. */
export interface ReadableLog {
  readonly count: number;
  read(from: number, count: number, maxBytes?: number): Promise<{ entries: LogEntry[]; total: number }>;
  readBytes(seq: number, offset: number, length: number): Promise<{ bytes: Uint8Array; size: number }>;
}

export type LogSaveResult = CommandOutputs['log.save'];

/** Entries are read whole, several at a time, up to this many bytes per read. */
const PAGE_BYTES = 4 * 1024 * 1024;
/** A larger entry is read in pieces of this size: a multiple of 3, so each encodes to whole base64. */
const PIECE_BYTES = 3 * Math.floor(MAX_READ_BYTES / 3);
/** The write stream takes this much before write() asks the save to wait for it. */
const STREAM_BUFFER_BYTES = 1024 * 1024;

/** ms since the epoch, rounded to the microsecond the log measures. */
const roundUs = (ts: number): number => Math.round(ts * 1000) / 1000;

/** A JSON Lines record up to its base64 text, which follows, then `"}` and a newline. */
function jsonHead(e: LogEntry): string {
  return `{"seq":${e.seq},"ts":${roundUs(e.ts)},"time":"${isoTime(e.ts)}","dir":"${e.dir}","peer":${JSON.stringify(e.peer)},"size":${e.size},"base64":"`;
}
const JSON_TAIL = '"}\n';

const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** The temporary file, written through a stream whose buffer the save waits on when full. */
class FileOutput {
  bytes = 0;
  readonly #stream: WriteStream;
  #failure: unknown = null;

  private constructor(stream: WriteStream) {
    this.#stream = stream;
    stream.on('error', (err) => (this.#failure ??= err));
  }

  static async open(path: string): Promise<FileOutput> {
    // flush: the bytes are on disk before the file is moved into place.
    const stream = createWriteStream(path, { flags: 'wx', flush: true, highWaterMark: STREAM_BUFFER_BYTES });
    const output = new FileOutput(stream);
    try {
      await once(stream, 'ready');
    } catch (err) {
      await output.abort();
      throw err;
    }
    return output;
  }

  async write(chunk: string | Uint8Array, signal: AbortSignal): Promise<void> {
    if (this.#failure) throw this.#failure;
    signal.throwIfAborted();
    this.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    if (!this.#stream.write(chunk)) await once(this.#stream, 'drain', { signal });
  }

  async finish(): Promise<void> {
    if (this.#failure) throw this.#failure;
    const closed = once(this.#stream, 'close');
    this.#stream.end();
    await closed;
    if (this.#failure) throw this.#failure;
  }

  async abort(): Promise<void> {
    if (this.#stream.closed) return;
    const closed = once(this.#stream, 'close').catch(() => undefined);
    this.#stream.destroy();
    await closed;
  }
}

/** Entries [from, from + count) without their bytes: what to read next, and how much. */
async function sizesOf(log: ReadableLog, from: number, count: number): Promise<LogEntry[]> {
  const { entries } = await log.read(from, count, 0);
  if (entries.length !== count) throw new CodedError('INTERNAL', m.e_internal_error_the_log_returned_of({ length: entries.length, count }));
  return entries;
}

/** One entry too big to read at once, in pieces: its bytes, or (JSON Lines) its record. */
async function writeLarge(log: ReadableLog, entry: LogEntry, format: LogSaveFormat, out: FileOutput, signal: AbortSignal): Promise<void> {
  if (format === 'jsonl') await out.write(jsonHead(entry), signal);
  for (let offset = 0; offset < entry.size; offset += PIECE_BYTES) {
    const { bytes } = await log.readBytes(entry.seq, offset, Math.min(PIECE_BYTES, entry.size - offset));
    await out.write(format === 'jsonl' ? asBuffer(bytes).toString('base64') : bytes, signal);
  }
  if (format === 'jsonl') await out.write(JSON_TAIL, signal);
}

/** Entries [from, to), read in one go, written in one go. */
async function writeRun(log: ReadableLog, from: number, to: number, format: LogSaveFormat, out: FileOutput, signal: AbortSignal): Promise<void> {
  const { entries } = await log.read(from, to - from);
  if (format === 'jsonl') {
    let text = '';
    for (const e of entries) text += jsonHead(e) + asBuffer(e.bytes).toString('base64') + JSON_TAIL;
    await out.write(text, signal);
    return;
  }
  const dir = format === 'raw-in' ? 'in' : 'out';
  const parts = entries.filter((e) => e.dir === dir).map((e) => e.bytes);
  await out.write(Buffer.concat(parts), signal);
}

/**
 * Writes entries [0, total) in `format`; returns how many the file holds (raw formats: the
 * entries of that direction). Runs of entries of up to PAGE_BYTES are read at once; a raw
 * format skips the other direction's entries where they start or end a run.
 */
async function writeEntries(log: ReadableLog, total: number, format: LogSaveFormat, out: FileOutput, signal: AbortSignal): Promise<number> {
  const wants = (e: LogEntry): boolean => format === 'jsonl' || e.dir === (format === 'raw-in' ? 'in' : 'out');
  let written = 0;
  for (let page = 0; page < total; page += MAX_READ_ENTRIES) {
    signal.throwIfAborted();
    const metas = await sizesOf(log, page, Math.min(MAX_READ_ENTRIES, total - page));
    let i = 0;
    while (i < metas.length) {
      const first = metas[i]!;
      if (!wants(first)) {
        i++;
        continue;
      }
      written++;
      if (first.size > PAGE_BYTES) {
        await writeLarge(log, first, format, out, signal);
        i++;
        continue;
      }
      let end = i + 1;
      let lastWanted = i;
      let bytes = first.size;
      while (end < metas.length && bytes + metas[end]!.size <= PAGE_BYTES) {
        bytes += metas[end]!.size;
        if (wants(metas[end]!)) {
          lastWanted = end;
          written++;
        }
        end++;
      }
      // Positions, not seqs: after a Clear log the two differ.
      await writeRun(log, page + i, page + lastWanted + 1, format, out, signal);
      i = lastWanted + 1;
    }
  }
  return written;
}

/** An entry (its whole bytes), and the full entry for one read in pieces. */
async function wholeEntry(log: ReadableLog, meta: LogEntry): Promise<LogEntry> {
  const bytes = new Uint8Array(meta.size);
  for (let offset = 0; offset < meta.size; offset += PIECE_BYTES) {
    const piece = await log.readBytes(meta.seq, offset, Math.min(PIECE_BYTES, meta.size - offset));
    bytes.set(piece.bytes, offset);
  }
  return { ...meta, bytes };
}

/** Entries [0, total) through an encoder (pcapng, CSV), a page of entries at a time: bounded memory however long the log. */
async function writeEncoded(log: ReadableLog, total: number, encoder: BlockEncoder, out: FileOutput, signal: AbortSignal): Promise<number> {
  const flush = async (parts: (string | Uint8Array)[]): Promise<void> => {
    if (parts.length === 0) return;
    await out.write(parts.every((p) => typeof p === 'string') ? parts.join('') : Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))), signal);
  };
  await flush(encoder.head());
  for (let page = 0; page < total; page += MAX_READ_ENTRIES) {
    signal.throwIfAborted();
    const metas = await sizesOf(log, page, Math.min(MAX_READ_ENTRIES, total - page));
    let i = 0;
    while (i < metas.length) {
      if (metas[i]!.size > PAGE_BYTES) {
        await flush(encoder.entry(await wholeEntry(log, metas[i]!)));
        i++;
        continue;
      }
      let end = i + 1;
      let bytes = metas[i]!.size;
      while (end < metas.length && metas[end]!.size <= PAGE_BYTES && bytes + metas[end]!.size <= PAGE_BYTES) bytes += metas[end++]!.size;
      const { entries } = await log.read(page + i, end - i);
      // Written every 256 KiB or so: what is encoded does not live long enough to be kept around.
      let parts: (string | Uint8Array)[] = [];
      let size = 0;
      for (const e of entries) {
        for (const p of encoder.entry(e)) {
          parts.push(p);
          size += p.length;
        }
        if (size >= 256 * 1024) {
          await flush(parts);
          parts = [];
          size = 0;
        }
      }
      await flush(parts);
      i = end;
    }
  }
  await flush(encoder.tail());
  return total;
}

export interface SaveRequest extends Required<Omit<LogSaveOptions, 'capture' | 'encoding'>> {
  signal: AbortSignal;
  encoding?: TextEncoding;
  capture?: LogSaveOptions['capture'];
}

/**
 * Saves the entries the log holds now (later ones are logged but not saved). On any failure
 * the temporary file is removed and the target is untouched.
 */
export async function saveLog(log: ReadableLog, request: SaveRequest): Promise<LogSaveResult> {
  const { format, overwrite, signal } = request;
  const target = resolveTarget(request.path);
  const total = log.count;
  await checkTarget(target, overwrite);
  const temp = tempPathFor(target);
  let out: FileOutput | null = null;
  try {
    out = await FileOutput.open(temp);
    let entries: number;
    if (format === 'pcapng') {
      if (!request.capture) throw new CodedError('UNSUPPORTED_KIND', m.e_this_log_cannot_be_saved_as());
      entries = await writeEncoded(log, total, captureEncoder(await request.capture()), out, signal);
    } else if (format === 'csv') entries = await writeEncoded(log, total, csvEncoder(request.encoding ?? 'utf-8'), out, signal);
    else entries = await writeEntries(log, total, format, out, signal);
    await out.finish();
    signal.throwIfAborted();
    await publish(temp, target, overwrite);
    return { path: target, entries, bytes: out.bytes };
  } catch (err) {
    await out?.abort();
    await unlink(temp).catch(() => undefined);
    if (signal.aborted) {
      throw signal.reason instanceof CodedError ? signal.reason : new CodedError('NO_SUCH_SESSION', m.e_the_session_was_closed_while_its());
    }
    throw fileError(err, target);
  }
}

/** The saves in progress: one target is written by one save at a time; closing a session cancels its saves. */
export class LogSaves {
  readonly #targets = new Set<string>();
  readonly #bySession = new Map<string, Map<AbortController, Promise<unknown>>>();

  async save(sessionId: string, log: ReadableLog, options: LogSaveOptions): Promise<LogSaveResult> {
    const target = resolveTarget(options.path);
    if (this.#targets.has(target)) {
      throw new CodedError('EBUSY', m.e_another_save_to_is_still_being({ target }));
    }
    const controller = new AbortController();
    let saves = this.#bySession.get(sessionId);
    if (!saves) this.#bySession.set(sessionId, (saves = new Map()));
    this.#targets.add(target);
    const saving = saveLog(log, {
      path: target,
      format: options.format ?? 'jsonl',
      overwrite: options.overwrite ?? false,
      encoding: options.encoding ?? 'utf-8',
      capture: options.capture,
      signal: controller.signal,
    });
    saves.set(controller, saving);
    try {
      return await saving;
    } finally {
      this.#targets.delete(target);
      saves.delete(controller);
      if (saves.size === 0 && this.#bySession.get(sessionId) === saves) this.#bySession.delete(sessionId);
    }
  }

  /** Cancels a session's saves (they reject with `reason`, else: closed); resolves once their temporary files are gone. */
  async cancel(sessionId: string, reason?: CodedError): Promise<void> {
    const saves = this.#bySession.get(sessionId);
    if (!saves) return;
    for (const controller of saves.keys()) controller.abort(reason);
    await Promise.allSettled(saves.values());
  }
}
