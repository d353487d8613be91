// The Traffic list's right-click menu for an entry: Copy as each format, Find similar (its first
// bytes as a hex search), and Show only its client.
import { COPY_FORMATS, COPY_LABELS, type CopyFormat } from '$shared/codec/copy-as.js';
import type { LogEntry } from '$shared/contract.js';
import type { MenuItem } from '../ui/ContextMenu.svelte';
import type { FindState } from './find.svelte.js';
import type { TrafficViewState } from './traffic-view.svelte.js';

/** The selected entries onto the clipboard in `format`; what happened, in words. */
export async function copyAs(traffic: TrafficViewState, format: CopyFormat): Promise<string> {
  const result = await traffic.copyText(format);
  if (!result.ok) return `${result.error.message} (${result.error.code})`;
  try {
    await navigator.clipboard.writeText(result.value.text);
    return `Copied ${result.value.entries === 1 ? '1 entry' : `${result.value.entries} entries`} as ${COPY_LABELS[format]}.`;
  } catch (err) {
    return `The clipboard refused the text: ${err instanceof Error ? err.message : String(err)} (UNAVAILABLE)`;
  }
}

/** The hex of an entry's first shown bytes (at most 16): what Find similar looks for. */
export function similarPattern(entry: LogEntry): string {
  const shown = Math.min(16, entry.size - (entry.trail ?? 0), entry.bytes.length);
  return [...entry.bytes.subarray(0, shown)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

export function entryMenu(entry: LogEntry, traffic: TrafficViewState, find: FindState, hooks: { notice(text: string): void; findNext(): void }): MenuItem[] {
  const items: MenuItem[] = COPY_FORMATS.map((format) => ({ label: `Copy as ${COPY_LABELS[format]}`, run: () => void copyAs(traffic, format).then(hooks.notice) }));
  items.push({
    label: 'Find similar',
    run: () => {
      find.mode = 'hex';
      find.pattern = similarPattern(entry);
      find.open = true;
      hooks.findNext();
    },
    disabled: entry.size - (entry.trail ?? 0) <= 0,
  });
  if (entry.peerId && entry.peer) {
    const peer = { id: entry.peerId, label: entry.peer };
    items.push({ label: `Show only ${entry.peer}`, run: () => traffic.setFilter(peer), disabled: traffic.filter?.id === entry.peerId });
  }
  return items;
}
