// Benchmark 2, UDP ingest: 64-byte datagrams from a sender process at increasing target rates
// to a UDP session (which logs each datagram as an entry), against a plain Node dgram socket
// that only counts. Loss is read two ways: datagrams sent minus datagrams received, and the
// kernel's Udp RcvbufErrors in /proc/net/snmp (system-wide: other traffic on the machine can
// add to it, never hide loss).
import { createSocket, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { Engine } from '../../src-main/engine/engine.js';
import { UDP_RECEIVE_BUFFER_BYTES } from '../../src-main/engine/kinds/datagram/udp-session.js';
import { startUdpSender } from './peers.js';
import type { Row } from './stats.js';

const DATAGRAM = 64;
/** How long after the last datagram was sent its arrival is waited for. */
const SETTLE_MS = 500;

interface Receiver {
  port: number;
  received(): number;
  close(): Promise<void>;
}

interface Step {
  target: number | 'max';
  sent: number;
  sendRate: number;
  received: number;
  rcvbufErrors: number;
}

function udpCounters(): { inDatagrams: number; rcvbufErrors: number } {
  const lines = readFileSync('/proc/net/snmp', 'utf8').split('\n').filter((l) => l.startsWith('Udp:'));
  const [names, values] = lines.map((l) => l.trim().split(/\s+/).slice(1));
  const get = (name: string): number => Number(values?.[names?.indexOf(name) ?? -1] ?? NaN);
  return { inDatagrams: get('InDatagrams'), rcvbufErrors: get('RcvbufErrors') };
}

async function plainReceiver(): Promise<Receiver> {
  // The same receive buffer the session asks for, so the two differ only in what they do per datagram.
  const socket: Socket = createSocket({ type: 'udp4', recvBufferSize: UDP_RECEIVE_BUFFER_BYTES });
  let count = 0;
  socket.on('message', () => (count += 1));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    port: socket.address().port,
    received: () => count,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

async function sessionReceiver(): Promise<Receiver> {
  const engine = new Engine();
  const { id } = engine.create('udp');
  let count = 0;
  engine.subscribe((event) => {
    if (event.name === 'log.grew' && event.payload.id === id) count = event.payload.stats.messagesIn;
  });
  const snapshot = await engine.connect(id, { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 });
  const port = snapshot.local?.port;
  if (port === undefined) throw new Error('the UDP session has no local port');
  return {
    port,
    received: () => count,
    close: async () => {
      await engine.dispose();
      globalThis.gc?.();
    },
  };
}

/** Waits until `expected` arrived, or nothing more arrived for SETTLE_MS. */
async function settle(receiver: Receiver, expected: number): Promise<number> {
  let last = -1;
  while (receiver.received() < expected && receiver.received() !== last) {
    last = receiver.received();
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  }
  return receiver.received();
}

async function step(make: () => Promise<Receiver>, target: number | 'max', seconds: number): Promise<Step> {
  const receiver = await make();
  try {
    const before = udpCounters();
    const { sent, elapsedMs } = await startUdpSender(receiver.port, target === 'max' ? 0 : target, seconds, DATAGRAM);
    const received = await settle(receiver, sent);
    const after = udpCounters();
    return { target, sent, sendRate: sent / (elapsedMs / 1000), received, rcvbufErrors: after.rcvbufErrors - before.rcvbufErrors };
  } finally {
    await receiver.close();
  }
}

const lossFree = (s: Step): boolean => s.received === s.sent && s.rcvbufErrors === 0;
const perSecond = (n: number): string => `${Math.round(n).toLocaleString('en-US')}/s`;

function describe(s: Step): string {
  const lost = s.sent - s.received;
  return `${s.received.toLocaleString('en-US')} of ${s.sent.toLocaleString('en-US')} at ${perSecond(s.sendRate)}; lost ${lost.toLocaleString('en-US')} (${((100 * lost) / s.sent).toFixed(2)}%), RcvbufErrors +${s.rcvbufErrors}`;
}

export async function udpIngest(targets: number[], seconds: number): Promise<Row[]> {
  const rows: Row[] = [];
  let bestPlain = 0;
  let bestSession = 0;
  for (const target of [...targets, 'max' as const]) {
    const plain = await step(plainReceiver, target, seconds);
    const session = await step(sessionReceiver, target, seconds);
    if (lossFree(plain)) bestPlain = Math.max(bestPlain, plain.sendRate);
    if (lossFree(session)) bestSession = Math.max(bestSession, session.sendRate);
    const label = target === 'max' ? 'as fast as the sender goes' : `target ${perSecond(target)}`;
    rows.push({
      benchmark: `UDP 64 B, ${label}, ${seconds} s`,
      baseline: describe(plain),
      wirebench: describe(session),
      ratio: `${(session.received / Math.max(plain.received, 1)).toFixed(2)}x received`,
      target: 'zero loss',
      verdict: lossFree(session) ? 'met' : 'missed',
    });
  }
  rows.push({
    benchmark: 'UDP 64 B: highest rate logged with zero loss',
    baseline: perSecond(bestPlain),
    wirebench: perSecond(bestSession),
    ratio: `${(bestSession / Math.max(bestPlain, 1)).toFixed(2)}x`,
    target: '>= 200,000/s',
    // Judged on the rate as printed: a sender asked for 200,000/s measures 199,999.x/s.
    verdict: Math.round(bestSession) >= 200_000 ? 'met' : 'missed',
  });
  return rows;
}
