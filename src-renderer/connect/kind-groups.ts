// Which kinds this machine cannot offer, grouped by why. The groups themselves come from the
// contract's kind table (KIND_GROUPS). Pure.
import { m } from '../i18n/i18n.svelte.js';
import { KIND_GROUPS, type Capabilities } from '$shared/contract.js';
import { kindName } from '../i18n/words.js';

export { KIND_GROUPS };

/** The kinds this machine cannot offer, grouped by why (one addon failure disables six kinds). */
export function unavailableKinds(caps: Capabilities | null): { reason: string; labels: string[] }[] {
  if (!caps) return [];
  const byReason = new Map<string, string[]>();
  for (const group of KIND_GROUPS) {
    for (const kind of group.kinds) {
      const a = caps.kinds[kind];
      if (a.available) continue;
      const reason = a.reason ?? m.not_available_on_this_system();
      byReason.set(reason, [...(byReason.get(reason) ?? []), kindName(kind)]);
    }
  }
  return [...byReason].map(([reason, labels]) => ({ reason, labels }));
}
