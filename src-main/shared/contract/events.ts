// Events (main -> renderer). Log growth and stats are coalesced: at most one per session
// every ~50 ms, so a flood costs the renderer the same as a trickle.
import type { PeerCounts, PingSummary, RepeatState, SessionSnapshot, SessionStats } from './state.js';
import type { SearchProgress } from './search.js';
import type { SequenceProgress } from './sequences.js';

export interface EventPayloads {
  /** A session's state changed (status, addresses, error). */
  'session.state': SessionSnapshot;
  /** The log grew and/or counters moved. */
  'log.grew': {
    id: string;
    logCount: number;
    /** The seq of the log's first entry (see SessionSnapshot.logFirst). */
    logFirst: number;
    stats: SessionStats;
    peers: PeerCounts | null;
    peersVersion: number;
    /** Ping sessions: the running totals (rows: ping.read up to summary.sent). */
    ping: PingSummary | null;
    /** A repeated send's progress. */
    repeat: RepeatState | null;
    /** Reply rules: frames each has matched, and why the last reply could not be made; null without rules. */
    rules?: { hits: number[]; error: string | null } | null;
  };
  /** A session was closed (its tab should go). */
  'session.closed': { id: string };
  /** A log search moved on (at most every ~100 ms) or ended. */
  'search.progress': SearchProgress;
  /** A sequence run's steps changed state, or it ended (passed or failed). */
  'sequence.progress': SequenceProgress;
  /** The desktop menu chose an action (File > Close tab, Session > Connect...). */
  'app.action': { action: AppAction };
}

/** What the menus and their shortcuts do in the window (the same shortcuts work in web mode where the browser lets them through). */
export const APP_ACTIONS = [
  'new-tab',
  'close-tab',
  'next-tab',
  'previous-tab',
  'save-log',
  'find',
  'toggle-view',
  'library',
  'import-library',
  'export-library',
  'connect',
  'disconnect',
  'clear-log',
  'settings',
] as const;
export type AppAction = (typeof APP_ACTIONS)[number];
export type EventName = keyof EventPayloads;
// `satisfies` makes an event added to EventPayloads and missing here a compile error.
export const EVENT_NAMES = Object.keys({
  'session.state': true,
  'log.grew': true,
  'session.closed': true,
  'search.progress': true,
  'sequence.progress': true,
  'app.action': true,
} satisfies Record<EventName, true>) as EventName[];

/** How often, at most, log growth is announced per session. */
export const GROWTH_TICK_MS = 50;

/** One event as main emits it: its name and payload, typed together. */
export type EngineEvent = { [E in EventName]: { name: E; payload: EventPayloads[E] } }[EventName];
