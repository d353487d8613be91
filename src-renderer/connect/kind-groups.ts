// How the Kind chooser groups the session kinds, and which ones this machine cannot offer. Pure.
import { KINDS, type Capabilities, type SessionKind } from '$shared/contract.js';

export const KIND_GROUPS: readonly { label: string; kinds: readonly SessionKind[] }[] = [
  { label: 'Stream', kinds: ['tcp-client', 'tcp-server', 'tls-client', 'tls-server', 'unix-client', 'unix-server'] },
  { label: 'Datagram', kinds: ['udp', 'unix-dgram-client', 'unix-dgram-server'] },
  { label: 'Sequenced packet', kinds: ['unix-seqpacket-client', 'unix-seqpacket-server'] },
  { label: 'Raw IP', kinds: ['ping', 'raw-ip'] },
];

/** The kinds this machine cannot offer, grouped by why (one addon failure disables six kinds). */
export function unavailableKinds(caps: Capabilities | null): { reason: string; labels: string[] }[] {
  if (!caps) return [];
  const byReason = new Map<string, string[]>();
  for (const group of KIND_GROUPS) {
    for (const kind of group.kinds) {
      const a = caps.kinds[kind];
      if (a.available) continue;
      const reason = a.reason ?? 'Not available on this system.';
      byReason.set(reason, [...(byReason.get(reason) ?? []), KINDS[kind].label]);
    }
  }
  return [...byReason].map(([reason, labels]) => ({ reason, labels }));
}
