// The composer's "Send file…": the chosen file goes to main a piece at a time (read from the
// file only when the last piece was sent), so a file of any size costs the renderer one piece
// (a 1 GiB send peaked at 22 MiB of JS heap in the file-heap benchmark).
import { m } from '../i18n/i18n.svelte.js';
import { MAX_DATAGRAM_BYTES, MAX_FILE_CHUNK_BYTES, type SendTarget, type WireError } from '$shared/contract.js';
import { bytesToBase64 } from '$shared/codec/base64.js';
import type { Bridge } from '../bridge/bridge.js';
import { settle } from '../bridge/settle.js';
import { formatBytes } from '../session/format.js';
import { parseWholeNumber } from '../ui/whole-number.js';

/** Bytes read from the file and handed to main at a time. */
export const FILE_PIECE_BYTES = MAX_FILE_CHUNK_BYTES;

/** A piece of the file as bytes (FileReader: every browser and the test DOM have it). */
function readPiece(blob: Blob): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsArrayBuffer(blob);
  });
}

export interface FileSendFieldErrors {
  datagramSize?: string;
  everyMs?: string;
}

export class FileSendState {
  /** The file chosen (the file chooser, or dropped on the composer). */
  file = $state.raw<File | null>(null);
  datagramSize = $state('1024');
  everyMs = $state('0');
  #sent = $state(0);
  #running = $state(false);
  #cancelled = false;
  #error = $state.raw<WireError | null>(null);
  #fieldErrors = $state.raw<FileSendFieldErrors>({});
  #outcome = $state<string | null>(null);
  readonly #id: string;
  readonly #bridge: Bridge;

  constructor(id: string, bridge: Bridge) {
    this.#id = id;
    this.#bridge = bridge;
  }

  get running(): boolean {
    return this.#running;
  }

  /** Bytes sent of the file being sent. */
  get sent(): number {
    return this.#sent;
  }

  get error(): WireError | null {
    return this.#error;
  }

  get fieldErrors(): FileSendFieldErrors {
    return this.#fieldErrors;
  }

  /** How the last send ended, in words. */
  get outcome(): string | null {
    return this.#outcome;
  }

  choose(file: File | null): void {
    if (this.#running) return;
    this.file = file;
    this.#outcome = null;
    this.#error = null;
  }

  cancel(): void {
    this.#cancelled = true;
  }

  /** Sends the chosen file to `to`; `datagram`: the session's kind splits it into datagrams. */
  async send(to: SendTarget | undefined, datagram: boolean): Promise<void> {
    const file = this.file;
    if (!file || this.#running) return;
    const schedule = datagram ? this.#schedule() : { datagramSize: 1024, everyMs: 0 };
    if (!schedule) return;
    this.#running = true;
    this.#cancelled = false;
    this.#sent = 0;
    this.#error = null;
    this.#outcome = null;
    try {
      const start = await settle(
        () => this.#bridge.fileStart({ id: this.#id, name: file.name, size: file.size, ...(to ? { to } : {}), ...schedule }),
        'Starting to send the file',
      );
      if (!start.ok) {
        this.#error = start.error;
        return;
      }
      const { transferId } = start.value;
      let offset = 0;
      do {
        if (this.#cancelled) {
          const cancelled = await settle(() => this.#bridge.fileCancel({ transferId }), 'Cancelling');
          this.#outcome = m.file_cancelled_after({ sent: formatBytes(cancelled.ok ? cancelled.value.sent : offset), size: formatBytes(file.size) });
          return;
        }
        const piece = await readPiece(file.slice(offset, offset + FILE_PIECE_BYTES));
        const sent = await settle(() => this.#bridge.fileChunk({ transferId, offset, base64: bytesToBase64(piece) }), 'Sending the file');
        if (!sent.ok) {
          this.#error = sent.error;
          return;
        }
        offset = sent.value.sent;
        this.#sent = offset;
      } while (offset < file.size);
      this.#outcome = m.file_sent_name({ name: file.name, size: formatBytes(file.size) });
    } finally {
      this.#running = false;
    }
  }

  #schedule(): { datagramSize: number; everyMs: number } | null {
    const datagramSize = parseWholeNumber(this.datagramSize, 1, MAX_DATAGRAM_BYTES);
    const everyMs = parseWholeNumber(this.everyMs.trim() === '' ? '0' : this.everyMs, 0, 86_400_000);
    const errors: FileSendFieldErrors = {};
    if (datagramSize === null) errors.datagramSize = m.file_datagram_size_range({ max: MAX_DATAGRAM_BYTES });
    if (everyMs === null) errors.everyMs = m.file_every_range();
    this.#fieldErrors = errors;
    return datagramSize === null || everyMs === null ? null : { datagramSize, everyMs };
  }
}
