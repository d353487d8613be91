// Web mode's link to main, as the page sees it: open, or lost and being reopened. The WebSocket
// bridge sets it; the app shows a banner while it is lost and re-reads main's sessions when the
// link is back (events sent meanwhile were missed). The desktop app's IPC is never lost.

export type LinkState = 'open' | 'reconnecting';

class Connection {
  state = $state<LinkState>('open');
  /** Reopened this many times. */
  reopened = $state(0);
  readonly #listeners = new Set<() => void>();

  /** Runs `listener` after each reopen; returns the disposer. */
  onReopen(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  lost(): void {
    this.state = 'reconnecting';
  }

  reopenedNow(): void {
    this.state = 'open';
    this.reopened += 1;
    for (const listener of [...this.#listeners]) listener();
  }
}

export const connection = new Connection();
