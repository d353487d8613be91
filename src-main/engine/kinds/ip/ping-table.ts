// Ping's rows, one per echo request, kept compactly (typed arrays, interned sender addresses) so
// a long run at a short interval costs a few dozen bytes a row; plus the running totals.
import type { PingRow, PingSummary } from '../../../shared/contract.js';
import { grownTo } from '../../log/grown-array.js';

const STATUS = ['pending', 'reply', 'timeout', 'error'] as const;
const PENDING = 0;
const REPLY = 1;
const TIMEOUT = 2;
const ERROR = 3;
const INITIAL_CAPACITY = 64;

export type PingOutcome =
  | { kind: 'reply'; from: string; ttl: number | null; rttMs: number; bytes: number }
  | { kind: 'timeout'; message?: string }
  | { kind: 'error'; from: string | null; message: string; bytes: number };

export class PingTable {
  #count = 0;
  #status = new Uint8Array(INITIAL_CAPACITY);
  #sentAt = new Float64Array(INITIAL_CAPACITY);
  #rtt = new Float64Array(INITIAL_CAPACITY);
  #ttl = new Int16Array(INITIAL_CAPACITY);
  #bytes = new Uint32Array(INITIAL_CAPACITY);
  /** Index into #addresses + 1; 0 when there is no sender. */
  #from = new Uint32Array(INITIAL_CAPACITY);
  readonly #addresses: string[] = [];
  readonly #addressIndex = new Map<string, number>();
  /** Only rows with something to say (errors, duplicates, late replies) have a message. */
  readonly #messages = new Map<number, string>();
  readonly #duplicates = new Map<number, number>();
  #received = 0;
  #timeouts = 0;
  #errors = 0;
  #rttMin = Infinity;
  #rttMax = -Infinity;
  #rttSum = 0;

  get sent(): number {
    return this.#count;
  }

  get pending(): number {
    return this.#count - this.#received - this.#timeouts - this.#errors;
  }

  /** A new pending row; returns its index. `sentAt` is ms since the epoch. */
  add(sentAt: number): number {
    if (this.#count === this.#status.length) this.#grow();
    const index = this.#count++;
    this.#status[index] = PENDING;
    this.#sentAt[index] = sentAt;
    this.#ttl[index] = -1;
    return index;
  }

  isPending(index: number): boolean {
    return index < this.#count && this.#status[index] === PENDING;
  }

  /**
   * Settles a pending row. A reply to a row already answered is a duplicate and one to a row
   * already timed out is late: both are noted on the row but change no totals (the request was
   * already counted), as ping(8) does. Returns false when the row was already settled.
   */
  settle(index: number, outcome: PingOutcome): boolean {
    if (index >= this.#count) return false;
    const status = this.#status[index]!;
    if (status !== PENDING) {
      if (outcome.kind === 'reply') this.#noteExtraReply(index, status, outcome.rttMs);
      return false;
    }
    switch (outcome.kind) {
      case 'reply':
        this.#status[index] = REPLY;
        this.#received++;
        this.#rtt[index] = outcome.rttMs;
        this.#rttSum += outcome.rttMs;
        this.#rttMin = Math.min(this.#rttMin, outcome.rttMs);
        this.#rttMax = Math.max(this.#rttMax, outcome.rttMs);
        this.#ttl[index] = outcome.ttl ?? -1;
        this.#bytes[index] = outcome.bytes;
        this.#from[index] = this.#intern(outcome.from);
        break;
      case 'timeout':
        this.#status[index] = TIMEOUT;
        this.#timeouts++;
        if (outcome.message) this.#messages.set(index, outcome.message);
        break;
      case 'error':
        this.#status[index] = ERROR;
        this.#errors++;
        this.#bytes[index] = outcome.bytes;
        this.#from[index] = outcome.from === null ? 0 : this.#intern(outcome.from);
        this.#messages.set(index, outcome.message);
        break;
    }
    return true;
  }

  #noteExtraReply(index: number, status: number, rttMs: number): void {
    if (status === REPLY) {
      const duplicates = (this.#duplicates.get(index) ?? 0) + 1;
      this.#duplicates.set(index, duplicates);
      this.#messages.set(index, duplicates === 1 ? 'Duplicate reply (1 more).' : `Duplicate replies (${duplicates} more).`);
    } else if (status === TIMEOUT) {
      this.#messages.set(index, `A reply came after the timeout (${rttMs.toFixed(3)} ms); counted as lost.`);
    }
  }

  read(from: number, count: number): PingRow[] {
    const end = Math.min(this.#count, from + count);
    const rows: PingRow[] = [];
    for (let i = from; i < end; i++) {
      const status = this.#status[i]!;
      const fromIndex = this.#from[i]!;
      rows.push({
        index: i,
        icmpSeq: i & 0xffff,
        status: STATUS[status]!,
        from: fromIndex === 0 ? null : this.#addresses[fromIndex - 1]!,
        ttl: this.#ttl[i]! < 0 ? null : this.#ttl[i]!,
        rttMs: status === REPLY ? this.#rtt[i]! : null,
        bytes: this.#bytes[i]!,
        sentAt: this.#sentAt[i]!,
        message: this.#messages.get(i) ?? null,
      });
    }
    return rows;
  }

  totals(): Pick<PingSummary, 'sent' | 'received' | 'timeouts' | 'errors' | 'lossPercent' | 'minMs' | 'avgMs' | 'maxMs'> {
    const finished = this.#received + this.#timeouts + this.#errors;
    const any = this.#received > 0;
    return {
      sent: this.#count,
      received: this.#received,
      timeouts: this.#timeouts,
      errors: this.#errors,
      lossPercent: finished === 0 ? null : ((finished - this.#received) / finished) * 100,
      minMs: any ? this.#rttMin : null,
      avgMs: any ? this.#rttSum / this.#received : null,
      maxMs: any ? this.#rttMax : null,
    };
  }

  #intern(address: string): number {
    let index = this.#addressIndex.get(address);
    if (index === undefined) {
      this.#addresses.push(address);
      index = this.#addresses.length;
      this.#addressIndex.set(address, index);
    }
    return index;
  }

  #grow(): void {
    const capacity = this.#status.length * 2;
    this.#status = grownTo(this.#status, capacity);
    this.#sentAt = grownTo(this.#sentAt, capacity);
    this.#rtt = grownTo(this.#rtt, capacity);
    this.#ttl = grownTo(this.#ttl, capacity);
    this.#bytes = grownTo(this.#bytes, capacity);
    this.#from = grownTo(this.#from, capacity);
  }
}
