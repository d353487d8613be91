// Reports an element's content height as it changes. jsdom has no layout and no
// ResizeObserver, so callers keep a fallback height for when nothing is reported.
import type { Attachment } from 'svelte/attachments';

export function observeHeight(report: (height: number) => void): Attachment<HTMLElement> {
  return (element) => {
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver((entries) => {
      for (const entry of entries) report(entry.contentRect.height);
    });
    observer.observe(element);
    return () => observer.disconnect();
  };
}
