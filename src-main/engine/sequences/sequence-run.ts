// A sequence run on a session's connection: its steps in order (Repeat loops the next K steps),
// each pending, running, passed or failed, with the log entries it sent or matched. An Expect
// looks at the frames received since the step before it (none is missed however fast the peer
// answers) and fails, saying what last came in, when none matches in time.
import type { SequenceProgress, SequenceStep, StepState, TextEncoding } from '../../shared/contract.js';
import { compileRule } from '../../shared/codec/rules.js';
import { decodeTextFast } from '../../shared/codec/text-encoding.js';
import { payloadMaker, sessionVariables } from '../payload-bytes.js';
import type { Session } from '../session.js';
import { MARK_STEP } from '../log/traffic-log.js';

/** At most one progress event per this many ms while a run goes on. */
const PROGRESS_MS = 50;

/** Frames kept for the Expect steps still to come. */
const MAX_QUEUED = 10_000;

interface Frame {
  bytes: Uint8Array;
  seq: number;
}

class StepFailed extends Error {}

export class SequenceRun {
  readonly #states: StepState[];
  readonly #entries: Record<number, number[]> = {};
  readonly #captured: Record<string, string> = Object.create(null) as Record<string, string>;
  #queue: Frame[] = [];
  #arrived: (() => void) | null = null;
  #lastReceived: string | null = null;
  #stopped = false;
  #done = false;
  #result: { passed: boolean; text: string } | null = null;
  readonly #unwatch: () => void;
  #reportTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly runId: string,
    private readonly session: Session,
    private readonly steps: SequenceStep[],
    private readonly encoding: TextEncoding,
    private readonly emit: (progress: SequenceProgress) => void,
  ) {
    this.#states = steps.map(() => 'pending');
    this.#unwatch = session.reception.rules.watch((bytes) => {
      const log = session.log;
      this.#queue.push({ bytes: bytes.slice(), seq: log.lastSeq });
      if (this.#queue.length > MAX_QUEUED) this.#queue.shift();
      this.#arrived?.();
    });
  }

  /** Runs to the end (or the first failure, or Stop). */
  async run(): Promise<void> {
    const start = performance.now();
    try {
      await this.#range(0, this.steps.length);
      this.#result = { passed: true, text: `Passed in ${Math.round(performance.now() - start)} ms` };
    } catch (err) {
      this.#result = { passed: false, text: err instanceof Error ? err.message : String(err) };
    } finally {
      this.#unwatch();
      this.#done = true;
      this.#report();
    }
  }

  stop(): void {
    this.#stopped = true;
    this.#arrived?.();
  }

  /** Progress goes out at most every PROGRESS_MS (a Repeat of a million steps is not two million events); the end at once. */
  #report(): void {
    if (this.#done) {
      if (this.#reportTimer) clearTimeout(this.#reportTimer);
      this.#reportTimer = null;
      this.#emitNow();
      return;
    }
    this.#reportTimer ??= setTimeout(() => {
      this.#reportTimer = null;
      if (!this.#done) this.#emitNow();
    }, PROGRESS_MS);
  }

  #emitNow(): void {
    this.emit({
      id: this.session.id,
      runId: this.runId,
      steps: [...this.#states],
      done: this.#done,
      passed: this.#result?.passed ?? null,
      result: this.#result?.text ?? null,
      entries: { ...this.#entries },
    });
  }

  /** Steps [from, to), a Repeat running the steps after it. */
  async #range(from: number, to: number): Promise<void> {
    for (let i = from; i < to; i++) {
      const step = this.steps[i]!;
      if (step.type === 'repeat') {
        const end = Math.min(to, i + 1 + step.steps);
        this.#set(i, 'running');
        for (let n = 0; n < step.times; n++) await this.#range(i + 1, end);
        this.#set(i, 'passed');
        i = end - 1;
        continue;
      }
      await this.#step(i, step);
    }
  }

  async #step(i: number, step: SequenceStep): Promise<void> {
    if (this.#stopped) throw new StepFailed(`Stopped at step ${i + 1}.`);
    this.#set(i, 'running');
    try {
      switch (step.type) {
        case 'send': {
          const make = await payloadMaker(
            { format: step.format, text: step.text, lineEnding: step.lineEnding, encoding: this.encoding, checksum: null, expand: step.expand },
            () => sessionVariables(this.session, () => ({ ...this.session.reception.rules.captured, ...this.#captured })),
          );
          const bytes = make();
          // Logged (synchronously, in send) as sent by this step.
          const log = this.session.log;
          const outer = log.setMarking(MARK_STEP + i + 1);
          let sending: Promise<{ seq: number }>;
          try {
            sending = this.session.send(bytes);
          } finally {
            log.setMarking(outer);
          }
          const sent = await sending;
          (this.#entries[i + 1] ??= []).push(sent.seq);
          break;
        }
        case 'expect':
          await this.#expect(i, step);
          break;
        case 'wait':
          await this.#sleep(step.ms);
          break;
        case 'disconnect':
          await this.session.disconnect();
          break;
        case 'reconnect': {
          const config = this.session.snapshot().config;
          if (!config) throw new StepFailed('there is nothing to reconnect to: the tab never connected');
          if (this.session.status === 'open') await this.session.disconnect();
          // Frames from before the reconnect are not what the next Expect waits for.
          this.#queue = [];
          await this.session.connect(config);
          break;
        }
      }
      this.#set(i, 'passed');
    } catch (err) {
      this.#set(i, 'failed');
      const why = err instanceof Error ? err.message : String(err);
      throw new StepFailed(why.startsWith('Stopped') ? why : `Failed at step ${i + 1} (${describe(step)}): ${why}`);
    }
  }

  async #expect(i: number, step: Extract<SequenceStep, { type: 'expect' }>): Promise<void> {
    const compiled = compileRule({ enabled: true, when: step.when, pattern: step.pattern, then: 'ignore', reply: '', format: 'text', lineEnding: 'none', delayMs: 0, expand: false }, this.encoding);
    if (!compiled.ok) throw new StepFailed(compiled.error.message);
    const deadline = performance.now() + step.timeoutMs;
    for (;;) {
      while (this.#queue.length > 0) {
        const frame = this.#queue.shift()!;
        this.#lastReceived = decodeTextFast(frame.bytes.subarray(0, 200), this.encoding);
        const captures = compiled.value.match(frame.bytes);
        if (!captures) continue;
        (this.#entries[i + 1] ??= []).push(frame.seq);
        this.session.log.mark(frame.seq, MARK_STEP + i + 1);
        if (step.captureAs) this.#captured[step.captureAs] = captures[1] ?? captures[0] ?? '';
        const named = captures.groups;
        if (named) for (const name in named) this.#captured[name] = named[name] ?? '';
        return;
      }
      if (this.#stopped) throw new StepFailed(`Stopped at step ${i + 1}.`);
      const left = deadline - performance.now();
      if (left <= 0) {
        const last = this.#lastReceived === null ? 'nothing was received' : `last received: ${JSON.stringify(this.#lastReceived)}`;
        throw new StepFailed(`no match within ${step.timeoutMs} ms; ${last}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        function done(): void {
          clearTimeout(timer);
          resolve();
        }
        this.#arrived = done;
      });
      this.#arrived = null;
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#arrived = () => {
        if (this.#stopped) done();
      };
    });
  }

  #set(i: number, state: StepState): void {
    this.#states[i] = state;
    this.#report();
  }
}

/** A step in words, for a failure: "Expect /+PONG/", "Send". */
function describe(step: SequenceStep): string {
  switch (step.type) {
    case 'expect':
      return `Expect ${step.when === 'regex' ? `/${step.pattern}/` : JSON.stringify(step.pattern)}`;
    case 'send':
      return 'Send';
    case 'wait':
      return `Wait ${step.ms} ms`;
    case 'repeat':
      return 'Repeat';
    case 'disconnect':
      return 'Disconnect';
    case 'reconnect':
      return 'Reconnect';
  }
}
