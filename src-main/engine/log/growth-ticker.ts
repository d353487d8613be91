// Coalesces "the log grew" notices so a flood of chunks costs the renderer a few events a second.
// No clock is read: the timer itself is the cooldown, which keeps it exact under fake timers.

export class GrowthTicker {
  readonly #intervalMs: number;
  readonly #emit: () => void;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #pending = false;
  #disposed = false;

  /** `emit` reads the current totals itself, so the notice sent last always carries the latest. */
  constructor(intervalMs: number, emit: () => void) {
    this.#intervalMs = intervalMs;
    this.#emit = emit;
  }

  /** Something grew: announce it now if quiet, else once the current interval ends. */
  notify(): void {
    if (this.#disposed) return;
    if (this.#timer !== null) {
      this.#pending = true;
      return;
    }
    this.#fire();
  }

  /** No more notices, not even a pending one (the session is gone). */
  dispose(): void {
    this.#disposed = true;
    this.#pending = false;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #fire(): void {
    this.#pending = false;
    this.#timer = setTimeout(this.#onTick, this.#intervalMs);
    this.#emit();
  }

  readonly #onTick = (): void => {
    this.#timer = null;
    if (this.#pending) this.#fire();
  };
}
