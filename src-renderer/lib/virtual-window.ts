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
  const virtualRange = Math.max(0, virtualHeight(g) - g.viewportHeight);
  const top = clamp(scrollTop, 0, scrollRange);
  if (scrollRange === 0 || scrollRange === virtualRange) return top;
  return (top / scrollRange) * virtualRange;
}

/** Maps a virtual position back to the scroll position that shows it. */
export function scrollTopForVirtual(g: ListGeometry, virtual: number): number {
  const scrollRange = maxScrollTop(g);
  const virtualRange = Math.max(0, virtualHeight(g) - g.viewportHeight);
  const v = clamp(virtual, 0, virtualRange);
  if (virtualRange === 0 || scrollRange === virtualRange) return v;
  return (v / virtualRange) * scrollRange;
}

/** The rows to render for a scroll position, with `overscan` extra rows above and below. */
export function visibleWindow(g: ListGeometry, scrollTop: number, overscan = 4): RowWindow {
  const height = contentHeight(g);
  if (g.count <= 0 || g.rowHeight <= 0) return { from: 0, count: 0, offsetTop: 0, contentHeight: 0 };
  const top = virtualTop(g, scrollTop);
  const firstVisible = Math.floor(top / g.rowHeight);
  const visibleRows = Math.ceil(Math.max(g.viewportHeight, 0) / g.rowHeight) + 1;
  const from = clamp(firstVisible - overscan, 0, g.count - 1);
  const to = clamp(firstVisible + visibleRows + overscan, from, g.count);
  // Place row `from` where it would be relative to the viewport, then back into spacer px.
  const scrolled = clamp(scrollTop, 0, maxScrollTop(g));
  const offsetTop = scrolled + (from * g.rowHeight - top);
  return { from, count: to - from, offsetTop, contentHeight: height };
}

/** The scrollTop that shows the last row at the bottom (the "follow" position). */
export function tailScrollTop(g: ListGeometry): number {
  return maxScrollTop(g);
}

/**
 * The scrollTop that brings `row` fully into view while moving as little as possible, or
 * `scrollTop` unchanged when it already is.
 */
export function scrollTopToReveal(g: ListGeometry, scrollTop: number, row: number): number {
  const top = virtualTop(g, scrollTop);
  const rowTop = row * g.rowHeight;
  const rowBottom = rowTop + g.rowHeight;
  if (rowTop < top) return scrollTopForVirtual(g, rowTop);
  if (rowBottom > top + g.viewportHeight) return scrollTopForVirtual(g, rowBottom - g.viewportHeight);
  return scrollTop;
}

/** Rows that fit in the viewport (at least 1): the step for Page Up / Page Down. */
export function rowsPerPage(g: ListGeometry): number {
  return Math.max(1, Math.floor(g.viewportHeight / g.rowHeight));
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(Math.max(n, lo), hi);
}
