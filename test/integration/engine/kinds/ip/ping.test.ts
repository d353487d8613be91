// Ping sessions on real raw ICMP sockets (the tests run as root): echo to 127.0.0.1 and ::1 with
// replies matched by identifier and sequence, concurrent sessions kept apart, Stop, and, inside
// private network namespaces, timeouts and ICMP errors matched through the quoted header.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LogEntry, PingRow, SessionConfigInput, SessionSnapshot } from '../../../../../src-main/shared/contract.js';
import { parseIcmp, type IcmpFamily } from '../../../../../src-main/shared/codec/icmp.js';
import { EngineHarness, codedRejection } from '../../../../helpers/engine-harness.js';
import { canCreateNetns } from '../../../../helpers/netns.js';
import { bundlePingProbe, createRouterNetns, runPingProbe, type ProbeFiles, type RouterNetns } from '../../../../helpers/ping-netns.js';
import { expectEvery } from '../../../../helpers/expect-every.js';

let h: EngineHarness;

beforeEach(() => {
  h = new EngineHarness();
});

afterEach(async () => {
  await h.dispose();
});

type PingInput = Omit<Extract<SessionConfigInput, { kind: 'ping' }>, 'kind'>;

const finished = (s: SessionSnapshot): boolean => s.status === 'closed' && s.ping?.running === false;

/** Starts a Ping session and waits until its counted run has ended by itself. */
async function pingUntilDone(config: PingInput): Promise<{ id: string; snapshot: SessionSnapshot; rows: PingRow[]; entries: LogEntry[] }> {
  const { id } = h.engine.create('ping');
  const started = await h.engine.connect(id, { kind: 'ping', ...config });
  expect(started.ping?.running ?? started.status === 'closed').toBe(true);
  const snapshot = await h.until(id, finished);
  const { rows, total } = await h.engine.session(id).readPing(0, 1000);
  expect(total).toBe(rows.length);
  return { id, snapshot, rows, entries: await h.entries(id) };
}

function echoOf(family: IcmpFamily, entry: LogEntry): { kind: string; identifier: number; sequence: number; payload: Uint8Array } {
  const parsed = parseIcmp(family, entry.bytes);
  if (!parsed.ok || (parsed.value.kind !== 'echo-request' && parsed.value.kind !== 'echo-reply')) throw new Error(`not an echo: ${JSON.stringify(parsed)}`);
  return parsed.value;
}

describe.each([
  ['127.0.0.1', 'IPv4' as const],
  ['::1', 'IPv6' as const],
])('ping %s', (host, family) => {
  it('matches three replies by identifier and sequence, with TTL and RTT, then ends by itself at 0% loss', async () => {
    const identifier = family === 'IPv4' ? 0x4a11 : 0x6a11;
    const { snapshot, rows, entries } = await pingUntilDone({ host, count: 3, intervalMs: 50, identifier, payloadSize: 100 });

    expect(snapshot.closedBy).toBe('local');
    expect(snapshot.remote).toEqual({ address: host, port: 0, family });
    expect(snapshot.notice).toBeNull();
    expect(snapshot.ping).toMatchObject({ socket: 'raw', target: host, identifier, running: false, sent: 3, received: 3, timeouts: 0, errors: 0, lossPercent: 0 });
    const { minMs, avgMs, maxMs } = snapshot.ping!;
    expect(minMs).toBeGreaterThan(0);
    expect(minMs! <= avgMs! && avgMs! <= maxMs!).toBe(true);

    expect(rows.map((r) => [r.index, r.icmpSeq, r.status, r.from, r.bytes])).toEqual([
      [0, 0, 'reply', host, 108],
      [1, 1, 'reply', host, 108],
      [2, 2, 'reply', host, 108],
    ]);
    for (const row of rows) {
      expect(row.ttl).toBe(64);
      expect(row.rttMs).toBeGreaterThan(0);
      expect(row.rttMs).toBeLessThan(1000);
      expect(row.message).toBeNull();
    }
    expect(rows[1]!.sentAt - rows[0]!.sentAt).toBeGreaterThanOrEqual(45);

    // Every request out and every reply in, as ICMP bytes, each with the peer's address.
    const outs = entries.filter((e) => e.dir === 'out');
    const ins = entries.filter((e) => e.dir === 'in');
    expect(outs.map((e) => [echoOf(family, e).kind, echoOf(family, e).identifier, echoOf(family, e).sequence, e.peer])).toEqual(
      [0, 1, 2].map((seq) => ['echo-request', identifier, seq, host]),
    );
    expect(ins.map((e) => [echoOf(family, e).kind, echoOf(family, e).identifier, echoOf(family, e).sequence, e.peer])).toEqual(
      [0, 1, 2].map((seq) => ['echo-reply', identifier, seq, host]),
    );
    // The RTT is in milliseconds: the time from the row's send to its reply's log entry, to within 2 ms.
    rows.forEach((row, i) => expect({ row: i, off: Math.abs(row.rttMs! - (ins[i]!.ts - row.sentAt)) < 2 }).toEqual({ row: i, off: true }));
    expect(Array.from(echoOf(family, ins[0]!).payload)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(snapshot.stats).toMatchObject({ messagesOut: 3, messagesIn: 3, bytesOut: 324, bytesIn: 324 });
  });
});

it('keeps two concurrent sessions apart by identifier', async () => {
  const [a, b] = await Promise.all([
    pingUntilDone({ host: '127.0.0.1', count: 5, intervalMs: 20, identifier: 0x1111, payloadSize: 8 }),
    pingUntilDone({ host: '127.0.0.1', count: 5, intervalMs: 20, identifier: 0x2222, payloadSize: 8 }),
  ]);
  for (const [run, identifier] of [[a, 0x1111], [b, 0x2222]] as const) {
    expect(run.snapshot.ping).toMatchObject({ sent: 5, received: 5, lossPercent: 0 });
    expectEvery(run.rows, (r) => r.status === 'reply' && r.message === null);
    expectEvery(run.entries, (e) => echoOf('IPv4', e).identifier === identifier);
    expect(run.entries.filter((e) => e.dir === 'in')).toHaveLength(5);
  }
});

it('picks a different identifier for each session when none is given', async () => {
  const [a, b] = await Promise.all([
    pingUntilDone({ host: '127.0.0.1', count: 2, intervalMs: 20 }),
    pingUntilDone({ host: '127.0.0.1', count: 2, intervalMs: 20 }),
  ]);
  expect(a.snapshot.ping!.identifier).not.toBe(b.snapshot.ping!.identifier);
  expect([a.snapshot.ping!.received, b.snapshot.ping!.received]).toEqual([2, 2]);
});

it('sends a custom payload and gets it echoed', async () => {
  const { rows, entries } = await pingUntilDone({ host: '127.0.0.1', count: 1, intervalMs: 10, payload: { format: 'text', text: 'hello\\x00', lineEnding: 'none' } });
  expect(rows[0]).toMatchObject({ status: 'reply', bytes: 14 });
  const reply = entries.find((e) => e.dir === 'in')!;
  expect(Buffer.from(echoOf('IPv4', reply).payload).toString('latin1')).toBe('hello\0');
});

it('Stop ends a run without a count; Start again begins a new table', async () => {
  const { id } = h.engine.create('ping');
  await h.engine.connect(id, { kind: 'ping', host: '127.0.0.1', intervalMs: 10, identifier: 0x5151 });
  await h.until(id, (s) => (s.ping?.received ?? 0) >= 3);
  const stopped = await h.engine.session(id).disconnect();
  expect(stopped).toMatchObject({ status: 'closed', closedBy: 'local' });
  expect(stopped.ping).toMatchObject({ running: false, identifier: 0x5151 });
  const { summary } = await h.engine.session(id).readPing(0, 10);
  expect(summary.sent).toBeGreaterThanOrEqual(3);
  expect(summary.sent).toBe(summary.received + summary.timeouts + summary.errors);
  const logged = (await h.entries(id)).length;

  await h.engine.connect(id, { kind: 'ping', host: '127.0.0.1', intervalMs: 10, count: 1, identifier: 0x5152 });
  const again = await h.until(id, finished);
  expect(again.ping).toMatchObject({ sent: 1, received: 1, identifier: 0x5152 });
  expect((await h.entries(id)).length).toBe(logged + 2);
});

it('says what a Ping session cannot do, in words', async () => {
  const { id } = h.engine.create('ping');
  const send = await codedRejection(h.engine.session(id).send(new Uint8Array([1])));
  expect(send.code).toBe('UNSUPPORTED_KIND');
  const wrongFamily = await codedRejection(h.engine.connect(id, { kind: 'ping', host: '::1', family: 'ipv4' }));
  expect(wrongFamily.message).toBe('::1 is an IPv6 address, but the family chosen is IPv4.');
  const badPayload = await codedRejection(h.engine.connect(id, { kind: 'ping', host: '127.0.0.1', payload: { format: 'hex', text: 'abc', lineEnding: 'none' } }));
  expect(badPayload.code).toBe('INVALID_HEX');
  expect(badPayload.message).toMatch(/^Ping payload: /);
  expect(h.snapshotOf(id).status).toBe('failed');
});

describe('in private network namespaces', async () => {
  const netnsOk = (await canCreateNetns()) || process.env['CI'] === 'true';
  let net: RouterNetns | undefined;
  let files: ProbeFiles | undefined;

  beforeAll(async () => {
    if (!netnsOk) return;
    // One at a time, so whatever was made is removed in afterAll even if the next step fails.
    files = await bundlePingProbe();
    net = await createRouterNetns();
  });

  afterAll(async () => {
    await Promise.all([net?.remove(), files?.remove()]);
  });

  const probe = (config: SessionConfigInput) => runPingProbe(files!, ['ip', 'netns', 'exec', net!.a], config);

  it.skipIf(!netnsOk)('counts requests to an address that never answers as timeouts', async () => {
    const result = await probe({
      kind: 'ping',
      host: net!.silentV4,
      count: 2,
      intervalMs: 20,
      timeoutMs: 150,
      identifier: 0x7171,
    });
    expect(result.error).toBeNull();
    expect(result.snapshot.ping).toMatchObject({ sent: 2, received: 0, timeouts: 2, errors: 0, lossPercent: 100, minMs: null, running: false });
    expect(result.rows.map((r) => [r.status, r.from, r.rttMs])).toEqual([
      ['timeout', null, null],
      ['timeout', null, null],
    ]);
    expect(result.entries.map((e) => e.dir)).toEqual(['out', 'out']);
  });

  it.skipIf(!netnsOk)('matches a router\'s destination unreachable to the request it quotes', async () => {
    const result = await probe({
      kind: 'ping',
      host: net!.unreachableV4,
      count: 2,
      intervalMs: 20,
      timeoutMs: 2000,
      identifier: 0x7272,
    });
    expect(result.snapshot.ping).toMatchObject({ sent: 2, received: 0, errors: 2, timeouts: 0, lossPercent: 100 });
    for (const row of result.rows) {
      expect(row).toMatchObject({ status: 'error', from: net!.routerV4, message: 'Destination host unreachable (ICMP type 3, code 1)' });
    }
    expect(result.entries.filter((e) => e.dir === 'in')).toHaveLength(2);
  });

  it.skipIf(!netnsOk)('with TTL 1, gets time exceeded from the router (IPv4 and IPv6)', async () => {
    const [v4, v6] = await Promise.all([
      probe({ kind: 'ping', host: net!.beyondV4, count: 1, intervalMs: 10, ttl: 1, timeoutMs: 2000 }),
      probe({ kind: 'ping', host: net!.beyondV6, count: 1, intervalMs: 10, ttl: 1, timeoutMs: 2000 }),
    ]);
    expect(v4.rows).toMatchObject([{ status: 'error', from: net!.routerV4, message: 'Time to live exceeded in transit (ICMP type 11, code 0)' }]);
    expect(v6.rows).toMatchObject([{ status: 'error', from: net!.routerV6, message: 'Hop limit exceeded in transit (ICMPv6 type 3, code 0)' }]);
  });
});
