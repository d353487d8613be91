// The snapshot of a session that has done nothing yet, for fakes and fixtures in any test.
import type { SessionSnapshot } from '../../src-main/shared/contract.js';

export function idleSnapshot(id: string, overrides: Partial<SessionSnapshot> = {}): SessionSnapshot {
  return {
    id,
    kind: 'tcp-client',
    status: 'idle',
    config: null,
    resolved: [],
    local: null,
    remote: null,
    closedBy: null,
    error: null,
    stats: { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 },
    logCount: 0,
    logFirst: 0,
    openedAt: null,
    peers: null,
    tls: null,
    options: null,
    memberships: [],
    ping: null,
    repeat: null,
    notice: null,
    ...overrides,
  };
}
