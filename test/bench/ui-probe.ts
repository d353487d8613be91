// What the UI benchmark runs inside the page (installed before the app's own scripts with
// page.addInitScript, so it must not refer to anything outside itself). Everything is measured
// with the page's clock: frame times as requestAnimationFrame deltas, input latency from an
// event's timeStamp to just after the next paint, and how long an action (a click, Enter) takes
// to show its effect on screen.

export interface KeyLatency {
  /** The keydown's timeStamp. */
  at: number;
  /** From the keydown's timeStamp to just after the frame that followed it was painted. */
  rafMs: number;
}

export interface EventTimingEntry {
  name: string;
  startTime: number;
  duration: number;
}

/** Where the app spent long frames (Long Animation Frames API), summed by script. */
export interface LongFrames {
  count: number;
  totalMs: number;
  scripts: { source: string; ms: number }[];
}

export interface Painted {
  /** From the starting event's timeStamp to just after the frame showing the effect. */
  ms: number;
  /** The texts shown on the way, each with its time from the starting event. */
  steps: { text: string; ms: number }[];
}

/** What is waited for after a click or a key press. */
export type Effect =
  | { kind: 'status'; /** The active tab's status text, when it is final. */ until: string; prefix: boolean }
  | { kind: 'row'; /** Position in the list (aria-rowindex - 2). */ index: number };

export interface Probe {
  eventTiming: boolean;
  startFrames(): void;
  stopFrames(): { frames: number[]; longFrames: LongFrames };
  startKeys(): void;
  stopKeys(): Promise<{ keys: KeyLatency[]; events: EventTimingEntry[] }>;
  /** Waits for `effect` after the next `start` event; read it with `painted()`. */
  arm(start: 'click' | 'keydown', effect: Effect, timeoutMs: number): void;
  painted(): Promise<Painted>;
}

declare global {
  interface Window {
    wirebenchProbe?: Probe;
  }
}

export function installProbe(): void {
  /** Resolves just after the next frame has been painted: a task queued from rAF runs after it. */
  const afterPaint = (): Promise<number> =>
    new Promise((resolve) => {
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(null);
      });
    });

  let recordingFrames = false;
  let frames: number[] = [];
  let lastFrame: number | null = null;
  const loop = (t: number): void => {
    if (recordingFrames && lastFrame !== null) frames.push(t - lastFrame);
    lastFrame = t;
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);

  const supported = typeof PerformanceObserver !== 'undefined' ? PerformanceObserver.supportedEntryTypes : [];
  let events: EventTimingEntry[] = [];
  let recordingKeys = false;
  if (supported.includes('event')) {
    // 16 ms is the lowest threshold Event Timing allows: shorter events are not reported.
    new PerformanceObserver((list) => {
      if (!recordingKeys) return;
      for (const e of list.getEntries()) events.push({ name: e.name, startTime: e.startTime, duration: e.duration });
    }).observe({ type: 'event', durationThreshold: 16, buffered: true } as PerformanceObserverInit);
  }
  let longFrames: { duration: number; scripts: { source: string; ms: number }[] }[] = [];
  if (supported.includes('long-animation-frame')) {
    new PerformanceObserver((list) => {
      if (!recordingFrames) return;
      for (const e of list.getEntries()) {
        const scripts = ((e as unknown as { scripts?: { sourceURL?: string; sourceFunctionName?: string; invoker?: string; duration: number }[] }).scripts ?? []).map((s) => ({
          source: `${s.invoker ?? '?'} ${s.sourceFunctionName ?? ''} ${(s.sourceURL ?? '').split('/').at(-1) ?? ''}`.trim(),
          ms: s.duration,
        }));
        longFrames.push({ duration: e.duration, scripts });
      }
    }).observe({ type: 'long-animation-frame', buffered: false });
  }

  let keys: KeyLatency[] = [];
  const pendingKeys = new Set<Promise<void>>();
  window.addEventListener(
    'keydown',
    (event) => {
      if (!recordingKeys) return;
      const at = event.timeStamp;
      const done = afterPaint().then((t) => {
        keys.push({ at, rafMs: t - at });
      });
      pendingKeys.add(done);
      void done.then(() => pendingKeys.delete(done));
    },
    true,
  );

  let armed: Promise<Painted> | null = null;

  function statusText(): string {
    return document.querySelector('[role="tabpanel"] [role="status"][aria-label="Connection status"]')?.textContent?.trim() ?? '';
  }

  /** The row at `index` is in the DOM with its entry loaded (not "Loading…"). */
  function rowShown(index: number): string | null {
    const row = document.querySelector(`[role="tabpanel"] [role="grid"][aria-label="Log entries"] [role="row"][aria-rowindex="${index + 2}"]`);
    const text = row?.textContent ?? '';
    const seq = row?.querySelector('[role="gridcell"]')?.textContent?.trim();
    return row && seq === String(index) && !text.includes('Loading…') ? text.trim() : null;
  }

  /** The first and last row in the DOM, as "seq: text", for a message. */
  function rowsInView(): string {
    const rows = [...document.querySelectorAll('[role="tabpanel"] [role="grid"][aria-label="Log entries"] [role="row"][aria-rowindex]')].filter((r) => r.getAttribute('aria-rowindex') !== '1');
    const describe = (r: Element | undefined): string => (r ? `${r.getAttribute('aria-rowindex')}: ${(r.textContent ?? '').trim().slice(0, 40)}` : 'none');
    return `${rows.length} rows, first ${describe(rows[0])}, last ${describe(rows.at(-1))}`;
  }

  const probe: Probe = {
    eventTiming: supported.includes('event'),
    startFrames() {
      frames = [];
      longFrames = [];
      lastFrame = null;
      recordingFrames = true;
    },
    stopFrames() {
      recordingFrames = false;
      const bySource = new Map<string, number>();
      for (const f of longFrames) for (const s of f.scripts) bySource.set(s.source, (bySource.get(s.source) ?? 0) + s.ms);
      const scripts = [...bySource].map(([source, ms]) => ({ source, ms })).sort((a, b) => b.ms - a.ms).slice(0, 5);
      return { frames, longFrames: { count: longFrames.length, totalMs: longFrames.reduce((s, f) => s + f.duration, 0), scripts } };
    },
    startKeys() {
      keys = [];
      events = [];
      recordingKeys = true;
    },
    async stopKeys() {
      await Promise.all([...pendingKeys]);
      // Event Timing reports an event after its next paint: give it a frame to arrive.
      await afterPaint();
      await afterPaint();
      recordingKeys = false;
      return { keys, events };
    },
    arm(start, effect, timeoutMs) {
      armed = new Promise<Painted>((resolve, reject) => {
        let startedAt: number | null = null;
        const steps: Painted['steps'] = [];
        let seen = effect.kind === 'status' ? statusText() : '';
        const onStart = (event: Event): void => {
          if (start === 'keydown' && (event as KeyboardEvent).key !== 'Enter') return;
          startedAt = event.timeStamp;
          window.removeEventListener(start, onStart, true);
        };
        window.addEventListener(start, onStart, true);
        let finished = false;
        const timer = setTimeout(() => {
          finished = true;
          window.removeEventListener(start, onStart, true);
          const what = effect.kind === 'status' ? `the status "${effect.until}"` : `row ${effect.index} loaded`;
          const state = startedAt === null ? `no ${start} event arrived` : effect.kind === 'status' ? `the status says "${statusText()}"` : `rows in view: ${rowsInView()}`;
          reject(new Error(`${what} was not painted within ${timeoutMs} ms of the ${start}; ${state}`));
        }, timeoutMs);
        const check = (): void => {
          if (finished) return;
          if (startedAt !== null) {
            const from = startedAt;
            let text: string | null;
            let done: boolean;
            if (effect.kind === 'status') {
              text = statusText();
              done = effect.prefix ? text.startsWith(effect.until) : text === effect.until;
              if (text === seen) text = null;
              else seen = text;
            } else {
              text = rowShown(effect.index);
              done = text !== null;
            }
            // Checked in a rAF callback: what is in the DOM now is in this frame's paint.
            if (text !== null || done) {
              const shown = text;
              const painted = afterPaint();
              void painted.then((t) => {
                if (shown !== null) steps.push({ text: shown, ms: t - from });
              });
              if (done) {
                finished = true;
                clearTimeout(timer);
                void painted.then((t) => resolve({ ms: t - from, steps }));
                return;
              }
            }
          }
          requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      });
      // Read with painted(); until then a rejection is not unhandled.
      armed.catch(() => undefined);
    },
    painted() {
      if (!armed) return Promise.reject(new Error('nothing was armed'));
      return armed;
    },
  };
  window.wirebenchProbe = probe;
}
