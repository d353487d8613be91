// One tab's message composer: the text, how to read it, and the result of the last send.
import { m } from '../i18n/i18n.svelte.js';
import type { InputFormat, LineEnding, LogEntry, SendPayload, SendTarget, TextEncoding } from '$shared/contract.js';
import type { Bridge } from '../bridge/bridge.js';
import { replyTarget } from './peer-address.js';
import { RepeatControls } from './repeat.svelte.js';
import { FileSendState } from './file-send.svelte.js';
import { SendStatus } from './send-status.svelte.js';
import { ChecksumForm } from '../receive/receive.svelte.js';

/** The tab's text encoding, shared by the Traffic view and the composer. */
export interface EncodingChoice {
  encoding: TextEncoding;
}

/** What the last send did, as main reported it. */
export interface SentResult {
  /** Bytes sent to each target. */
  bytes: number;
  /** The first 'out' entry. */
  seq: number;
  /** How many peers it went to. */
  targets: number;
  /** Whom it went to in words ("127.0.0.1:5123"), when named. */
  to: string | null;
  /** It went to chosen peers or to all of them, so `targets` says how many. */
  toClients: boolean;
}

export class ComposerState extends SendStatus<SentResult> {
  // Bound to the inputs, so plain reactive fields.
  text = $state('');
  format = $state<InputFormat>('text');
  lineEnding = $state<LineEnding>('none');
  /** "Expand variables": {{counter}}, {{time}}... are put in (by main) as it sends. */
  expand = $state(false);
  /** Sends made with variables from this composer: the preview's {{counter}} is the next one. */
  expandedSends = $state(0);
  /** "Append checksum": added after the message (and its line ending). */
  readonly checksum = new ChecksumForm();
  /** "Repeat": Send starts a repeated send on a schedule instead. */
  readonly repeat: RepeatControls;
  /** "Send file…": a file's bytes, a piece at a time. */
  readonly file: FileSendState;
  readonly #id: string;
  readonly #bridge: Bridge;
  /** The tab's encoding (the Traffic view's "Encoding" is the same choice). */
  readonly textEncoding: EncodingChoice;

  constructor(id: string, bridge: Bridge, textEncoding: EncodingChoice = { encoding: 'utf-8' }) {
    super();
    this.#id = id;
    this.#bridge = bridge;
    this.textEncoding = textEncoding;
    this.repeat = new RepeatControls(id, bridge);
    this.file = new FileSendState(id, bridge);
  }

  /** Why the message cannot be sent as set up (a mistyped checksum range), or null. */
  get problem(): string | null {
    const errors = this.checksum.errors;
    const first = errors.from ?? errors.excludeLast;
    return first ? `${m.append_checksum()}: ${first}` : null;
  }

  /** The message as it is now, with how to read it (check problem first). */
  get payload(): SendPayload {
    return { format: this.format, text: this.text, lineEnding: this.lineEnding, encoding: this.textEncoding.encoding, checksum: this.checksum.spec ?? null, expand: this.expand };
  }

  /**
   * Sends the text as it is now to `to` (absent: the session's own peer or default
   * destination), named `toLabel` in the result if given; keeps the text (users resend).
   */
  async send(to?: SendTarget, toLabel: string | null = null, payload: SendPayload = this.payload): Promise<void> {
    const problem = this.problem;
    if (problem) {
      this.notSent({ code: 'INVALID_PAYLOAD', message: problem });
      return;
    }
    await this.run(
      () => this.#bridge.sessionSend(to ? { id: this.#id, payload, to } : { id: this.#id, payload }),
      (value) => {
        if (payload.expand) this.expandedSends++;
        // A named target (a reply's sender) reads better than "1 client".
        const toClients = toLabel === null && (to?.type === 'peers' || to?.type === 'all');
        return { ...value, to: toLabel, toClients };
      },
    );
  }

  /** Sends the text as it is now back to whoever sent `entry` (UDP "Reply to sender"). */
  async reply(entry: LogEntry): Promise<void> {
    const to = replyTarget(entry);
    if (!to) {
      this.notSent({ code: 'NO_TARGET', message: m.entry_no_sender({ seq: entry.seq }) });
      return;
    }
    await this.send(to, entry.peer);
  }
}
