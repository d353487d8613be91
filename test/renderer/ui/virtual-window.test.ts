import { describe, expect, test } from 'vitest';
import {
  contentHeight,
  keyStep,
  MAX_CONTENT_PX,
  maxScrollTop,
  maxVirtualTop,
  revealRow,
  rowsPerPage,
  scrollTopForVirtual,
  ScrollSync,
  virtualTop,
  visibleWindow,
  type ListGeometry,
} from '../../../src-renderer/ui/virtual-window.js';

const small: ListGeometry = { count: 100, rowHeight: 20, viewportHeight: 200 };
const huge: ListGeometry = { count: 10_000_000, rowHeight: 22, viewportHeight: 440 };

describe('visibleWindow', () => {
  test('an empty list renders nothing', () => {
    expect(visibleWindow({ count: 0, rowHeight: 20, viewportHeight: 200 }, 0)).toEqual({ from: 0, count: 0, offsetTop: 0, contentHeight: 0 });
  });

  test('at the top: the visible rows, one partly visible, and the overscan below', () => {
    // 200 px / 20 px = 10 rows, +1 for a row cut at the bottom, +4 overscan.
    expect(visibleWindow(small, 0, 4)).toEqual({ from: 0, count: 15, offsetTop: 0, contentHeight: 2000 });
  });

  test('in the middle: overscan on both sides, placed at the first row it renders', () => {
    const w = visibleWindow(small, 505, 4); // row 25 is at the top, 5 px scrolled past
    expect(w.from).toBe(21);
    expect(w.count).toBe(4 + 11 + 4);
    expect(w.offsetTop).toBe(21 * 20);
  });

  test('at the tail: never past the last row', () => {
    const w = visibleWindow(small, maxVirtualTop(small), 4);
    expect(w.from + w.count).toBe(100);
    expect(w.from).toBe(100 - 10 - 4);
  });

  test('a list shorter than the viewport renders every row', () => {
    expect(visibleWindow({ count: 3, rowHeight: 20, viewportHeight: 200 }, 0, 4)).toMatchObject({ from: 0, count: 3 });
  });

  test('positions out of range are clamped', () => {
    expect(visibleWindow(small, -50, 0).from).toBe(0);
    const w = visibleWindow(small, 1e9, 0);
    expect(w.from + w.count).toBe(100);
  });

  test('the window stays the same size however long the list is', () => {
    for (const top of [0, 1e6, 1e8, maxVirtualTop(huge) / 2, maxVirtualTop(huge)]) {
      const w = visibleWindow(huge, top, 6);
      expect(w.count).toBeLessThanOrEqual(20 + 1 + 12);
      expect(w.count).toBeGreaterThanOrEqual(20);
    }
  });
});

describe('scaled scrolling for lists taller than a browser allows', () => {
  test('the spacer is capped, and a small list is not scaled', () => {
    expect(contentHeight(huge)).toBe(MAX_CONTENT_PX);
    expect(contentHeight(small)).toBe(2000);
    expect(virtualTop(small, 123)).toBe(123);
    expect(scrollTopForVirtual(small, 123)).toBe(123);
  });

  test('the scrollbar ends reach the first and the last row', () => {
    expect(virtualTop(huge, 0)).toBe(0);
    expect(virtualTop(huge, maxScrollTop(huge))).toBe(maxVirtualTop(huge));
    const tail = visibleWindow(huge, virtualTop(huge, maxScrollTop(huge)), 0);
    expect(tail.from + tail.count).toBe(huge.count);
    // The last row ends exactly at the bottom of the spacer.
    expect(tail.offsetTop + tail.count * huge.rowHeight).toBeCloseTo(MAX_CONTENT_PX, 6);
  });

  test('scroll and virtual positions map back and forth', () => {
    const scroll = maxScrollTop(huge) * 0.37;
    expect(scrollTopForVirtual(huge, virtualTop(huge, scroll))).toBeCloseTo(scroll, 6);
    expect(virtualTop(huge, maxScrollTop(huge) / 2)).toBeCloseTo(maxVirtualTop(huge) / 2, 3);
  });

  test('rows are placed where the viewport is, inside the spacer', () => {
    const top = maxVirtualTop(huge) * 0.5;
    const w = visibleWindow(huge, top, 0);
    const scrollTop = scrollTopForVirtual(huge, top);
    // The first visible row starts at or just above the viewport's top.
    expect(w.offsetTop).toBeLessThanOrEqual(scrollTop);
    expect(w.offsetTop).toBeGreaterThan(scrollTop - huge.rowHeight);
    expect(w.offsetTop + w.count * huge.rowHeight).toBeGreaterThanOrEqual(scrollTop + huge.viewportHeight);
  });
});

describe('revealRow and rowsPerPage', () => {
  test('a row in view does not move the view', () => {
    expect(revealRow(small, 100, 6)).toBe(100);
  });

  test('a row above moves the view up to it; a row below brings it to the bottom', () => {
    expect(revealRow(small, 100, 2)).toBe(40);
    expect(revealRow(small, 100, 20)).toBe(21 * 20 - 200);
    expect(revealRow(small, 0, 99)).toBe(maxVirtualTop(small));
  });

  test('page size is the rows that fit, at least one', () => {
    expect(rowsPerPage(small)).toBe(10);
    expect(rowsPerPage({ count: 5, rowHeight: 20, viewportHeight: 5 })).toBe(1);
  });
});

describe('keyStep', () => {
  test('moves by one, by a page, or to either end, clamped to the list', () => {
    expect(keyStep('ArrowDown', 5, true, 10, 100)).toBe(6);
    expect(keyStep('ArrowDown', 5, false, 10, 100)).toBe(5);
    expect(keyStep('ArrowUp', 0, true, 10, 100)).toBe(0);
    expect(keyStep('PageDown', 95, true, 10, 100)).toBe(99);
    expect(keyStep('PageUp', 3, true, 10, 100)).toBe(0);
    expect(keyStep('Home', 50, true, 10, 100)).toBe(0);
    expect(keyStep('End', 50, true, 10, 100)).toBe(99);
    expect(keyStep('a', 50, true, 10, 100)).toBeNull();
  });
});

describe('ScrollSync', () => {
  test('tells the scroll event it caused from the user\'s', () => {
    const viewport = { scrollTop: 0 } as HTMLElement;
    const sync = new ScrollSync();
    sync.place(viewport, 220);
    expect(viewport.scrollTop).toBe(220);
    expect(sync.byUser(220)).toBe(false);
    expect(sync.byUser(220)).toBe(true);
    sync.place(viewport, 220.5);
    expect(sync.byUser(500)).toBe(true);
  });
});
