// Windowing math for fixed-height virtual lists. Pure, so it is unit-tested without a DOM.
//
// Browsers cap an element's height (Chromium near 33.5 million px), so a log of a few million
// 22 px rows cannot be one tall spacer. Past MAX_CONTENT_PX the scrollbar is scaled: the
// scroll position maps proportionally onto the virtual position, and rows are placed relative
// to the viewport, so scrolling still reaches the first and the last row.

/** Tallest spacer we create; well under every browser's limit. */
export const MAX_CONTENT_PX = 8_000_000;

export interface ListGeometry {
  /** Rows in the list. */
  count: number;
  /** Height of one row in px. */
  rowHeight: number;
  /** Height of the visible area in px. */
  viewportHeight: number;
}

export interface RowWindow {
  /** First row to render. */
  from: number;
  /** Rows to render, from `from`; never more than `count - from`. */
  count: number;
  /** Where row `from` goes, in px from the top of the spacer. */
  offsetTop: number;
  /** Height to give the spacer. */
  contentHeight: number;
}

/** Full height the rows would need, unscaled. */
function virtualHeight(g: ListGeometry): number {
  return g.count * g.rowHeight;
}

/** Height of the spacer: the real height, or MAX_CONTENT_PX when that is too tall. */
export function contentHeight(g: ListGeometry): number {
  return Math.min(virtualHeight(g), MAX_CONTENT_PX);
}

/** Largest scrollTop the browser will allow. */
export function maxScrollTop(g: ListGeometry): number {
  return Math.max(0, contentHeight(g) - g.viewportHeight);
}

/** Maps a scroll position to the virtual position (px from the top of row 0). */
export function virtualTop(g: ListGeometry, scrollTop: number): number {
  const scrollRange = maxScrollTop(g);
  const virtualRange = maxVirtualTop(g);
  const top = clamp(scrollTop, 0, scrollRange);
  if (scrollRange === 0 || scrollRange === virtualRange) return top;
  return (top / scrollRange) * virtualRange;
}

/** Maps a virtual position back to the scroll position that shows it. */
export function scrollTopForVirtual(g: ListGeometry, virtual: number): number {
  const scrollRange = maxScrollTop(g);
  const virtualRange = maxVirtualTop(g);
  const v = clamp(virtual, 0, virtualRange);
  if (virtualRange === 0 || scrollRange === virtualRange) return v;
  return (v / virtualRange) * scrollRange;
}

/** The largest virtual position: the last row at the bottom of the viewport (the tail). */
export function maxVirtualTop(g: ListGeometry): number {
  return Math.max(0, virtualHeight(g) - g.viewportHeight);
}

/**
 * The rows to render when the viewport shows the list from `top` (a virtual position, px from
 * the top of row 0), with `overscan` extra rows above and below. A view is kept as a virtual
 * position rather than a scrollTop so that, with a scaled scrollbar, rows do not drift as
 * the log grows under a reader.
 */
export function visibleWindow(g: ListGeometry, top: number, overscan = 4): RowWindow {
  if (g.count <= 0 || g.rowHeight <= 0) return { from: 0, count: 0, offsetTop: 0, contentHeight: 0 };
  const virtual = clamp(top, 0, maxVirtualTop(g));
  const firstVisible = Math.floor(virtual / g.rowHeight);
  const visibleRows = Math.ceil(Math.max(g.viewportHeight, 0) / g.rowHeight) + 1;
  const from = clamp(firstVisible - overscan, 0, g.count - 1);
  const to = clamp(firstVisible + visibleRows + overscan, from, g.count);
  // Row `from` sits where it would relative to the viewport, whose top is at the scrollTop.
  const offsetTop = scrollTopForVirtual(g, virtual) + (from * g.rowHeight - virtual);
  return { from, count: to - from, offsetTop, contentHeight: contentHeight(g) };
}

/** The virtual position that brings `row` fully into view while moving as little as possible. */
export function revealRow(g: ListGeometry, top: number, row: number): number {
  const rowTop = row * g.rowHeight;
  const rowBottom = rowTop + g.rowHeight;
  if (rowTop < top) return rowTop;
  if (rowBottom > top + g.viewportHeight) return Math.min(rowBottom - g.viewportHeight, maxVirtualTop(g));
  return top;
}

/** Rows that fit in the viewport (at least 1): the step for Page Up / Page Down. */
export function rowsPerPage(g: ListGeometry): number {
  return Math.max(1, Math.floor(g.viewportHeight / g.rowHeight));
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(Math.max(n, lo), hi);
}

/**
 * The row a navigation key moves to in a list of `count` rows (clamped), or null for any other
 * key. `current` is the row the keyboard is on; without a cursor yet, ArrowDown lands on it.
 */
export function keyStep(key: string, current: number, hasCursor: boolean, page: number, count: number): number | null {
  let next: number;
  switch (key) {
    case 'ArrowDown':
      next = hasCursor ? current + 1 : current;
      break;
    case 'ArrowUp':
      next = current - 1;
      break;
    case 'PageDown':
      next = current + page;
      break;
    case 'PageUp':
      next = current - page;
      break;
    case 'Home':
      next = 0;
      break;
    case 'End':
      next = count - 1;
      break;
    default:
      return null;
  }
  return Math.min(Math.max(next, 0), count - 1);
}

/**
 * Tells the scroll events a list caused itself (by setting scrollTop to follow its virtual
 * position) from the user's, so only the user's move the view.
 */
export class ScrollSync {
  #own: number | null = null;

  /** Puts the scrollbar at `wanted` unless it is already there. */
  place(viewport: HTMLElement, wanted: number): void {
    if (Math.abs(viewport.scrollTop - wanted) >= 1) {
      this.#own = wanted;
      viewport.scrollTop = wanted;
    }
  }

  /** For a scroll event: true when it came from the user, false when from place(). */
  byUser(scrolled: number): boolean {
    const own = this.#own;
    this.#own = null;
    return own === null || Math.abs(scrolled - own) >= 1;
  }
}
