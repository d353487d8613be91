// The Traffic list's right-click menu for an entry: Copy as each format, Find similar (its first
// bytes as a hex search), and Show only its client.
import { m } from '../i18n/i18n.svelte.js';
import { COPY_FORMATS, type CopyFormat } from '$shared/codec/copy-as.js';
import { copyLabel } from '../i18n/copy-labels.js';
import { formatCount, formatError } from '../session/format.js';
import type { LogEntry } from '$shared/contract.js';
import type { MenuItem } from '../ui/ContextMenu.svelte';
import type { FindState } from './find.svelte.js';
import type { TrafficViewState } from './traffic-view.svelte.js';

/** The selected entries onto the clipboard in `format`; what happened, in words. */
export async function copyAs(traffic: TrafficViewState, format: CopyFormat): Promise<string> {
  const result = await traffic.copyText(format);
  if (!result.ok) return formatError(result.error);
  try {
    await navigator.clipboard.writeText(result.value.text);
    return m.copied_as({ entries: formatCount(result.value.entries, 'entry'), format: copyLabel(format) });
  } catch (err) {
    return `${m.clipboard_refused({ reason: err instanceof Error ? err.message : String(err) })} (UNAVAILABLE)`;
  }
}

/** The hex of an entry's first shown bytes (at most 16): what Find similar looks for. */
export function similarPattern(entry: LogEntry): string {
  const shown = Math.min(16, entry.size - (entry.trail ?? 0), entry.bytes.length);
  return [...entry.bytes.subarray(0, shown)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

export function entryMenu(entry: LogEntry, traffic: TrafficViewState, find: FindState, hooks: { notice(text: string): void; findNext(): void }): MenuItem[] {
  const items: MenuItem[] = COPY_FORMATS.map((format) => ({ label: m.copy_as_format({ format: copyLabel(format) }), run: () => void copyAs(traffic, format).then(hooks.notice) }));
  items.push({
    label: m.find_similar(),
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
    items.push({ label: m.show_only_peer({ peer: entry.peer }), run: () => traffic.setFilter(peer), disabled: traffic.filter?.id === entry.peerId });
  }
  return items;
}
