// Ping and Raw IP without privilege: the probe program runs as nobody (uid 65534, no
// capabilities) inside network namespaces this test creates. With net.ipv4.ping_group_range
// opened, Ping works through a datagram ICMP socket and says so, while raw sockets fail with
// EPERM_RAW; with the range left closed ("1 0"), Ping fails with EPERM_RAW and the grant words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canCreateNetns } from '../../../../helpers/netns.js';
import { bundlePingProbe, createLoopbackNetns, runPingProbe, type ProbeFiles, type ProbeResult } from '../../../../helpers/ping-netns.js';
import type { SessionConfigInput } from '../../../../../src-main/shared/contract.js';
import { parseIcmp } from '../../../../../src-main/shared/codec/icmp.js';

const NOBODY = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all'];
const runnable = (await canCreateNetns()) || process.env['CI'] === 'true';

describe.skipIf(!runnable)('as an unprivileged user', () => {
  let files: ProbeFiles | undefined;
  let open: { name: string; remove(): Promise<void> } | undefined;
  let closed: { name: string; remove(): Promise<void> } | undefined;

  beforeAll(async () => {
    // One at a time, so whatever was made is removed in afterAll even if the next step fails.
    files = await bundlePingProbe();
    open = await createLoopbackNetns('0 2147483647');
    closed = await createLoopbackNetns();
  });

  afterAll(async () => {
    await Promise.all([files?.remove(), open?.remove(), closed?.remove()]);
  });

  const probe = (ns: { name: string } | undefined, config: SessionConfigInput): Promise<ProbeResult> =>
    runPingProbe(files!, ['ip', 'netns', 'exec', ns!.name, ...NOBODY], config);

  it('the probe really runs as nobody without raw-socket privilege', async () => {
    const raw = await probe(open, { kind: 'raw-ip', protocol: 253, host: '127.0.0.1' });
    expect(raw.error?.code).toBe('EPERM_RAW');
    expect(raw.error?.message).toContain('A Raw IP socket for protocol 253 needs a raw socket, which needs privilege this process does not have');
    expect(raw.error?.message).toMatch(/`sudo setcap cap_net_raw\+ep \/\S+node`/);
    expect(raw.snapshot.status).toBe('failed');
  });

  it.each([
    ['127.0.0.1', 'IPv4' as const],
    ['::1', 'IPv6' as const],
  ])('pings %s through a datagram ICMP socket and says so', async (host, family) => {
    const result = await probe(open, { kind: 'ping', host, count: 2, intervalMs: 20, timeoutMs: 2000 });
    expect(result.error).toBeNull();
    expect(result.snapshot.notice).toMatch(/^Ping uses an unprivileged datagram ICMP socket \(no raw-socket privilege\); the kernel sets the identifier\./);
    const summary = result.snapshot.ping!;
    expect(summary).toMatchObject({ socket: 'datagram', target: host, sent: 2, received: 2, lossPercent: 0, running: false });
    expect(result.rows.map((r) => [r.icmpSeq, r.status, r.from, r.ttl])).toEqual([
      [0, 'reply', host, 64],
      [1, 'reply', host, 64],
    ]);
    // The identifier shown is the one on the wire: the kernel's, which the replies carry.
    const replies = result.entries.filter((e) => e.dir === 'in').map((e) => parseIcmp(family, e.bytes));
    expect(replies.map((r) => r.ok && r.value.kind === 'echo-reply' && r.value.identifier)).toEqual([summary.identifier, summary.identifier]);
    expect(result.snapshot.local?.port).toBe(summary.identifier);
  });

  it('binds the identifier asked for on a datagram socket', async () => {
    const result = await probe(open, { kind: 'ping', host: '127.0.0.1', count: 1, intervalMs: 10, identifier: 0x3131 });
    expect(result.snapshot.ping).toMatchObject({ socket: 'datagram', identifier: 0x3131, received: 1 });
  });

  it('fails with EPERM_RAW when a raw socket is asked for', async () => {
    const result = await probe(open, { kind: 'ping', host: '127.0.0.1', count: 1, socket: 'raw' });
    expect(result.error?.code).toBe('EPERM_RAW');
    expect(result.error?.message).toMatch(/^Ping with a raw socket needs a raw socket/);
  });

  it('with ping_group_range closed, Ping fails with EPERM_RAW and says how to grant it', async () => {
    const result = await probe(closed, { kind: 'ping', host: '127.0.0.1', count: 1 });
    expect(result.error?.code).toBe('EPERM_RAW');
    const message = result.error!.message;
    expect(message).toContain('(and a datagram ICMP socket was not allowed either)');
    expect(message).toMatch(/run Wirebench as root, or give its binary the capability with `sudo setcap cap_net_raw\+ep \/\S+`/);
    expect(message).toContain('`sudo sysctl -w net.ipv4.ping_group_range="0 2147483647"`');
    expect(result.snapshot.status).toBe('failed');
    expect(result.rows).toEqual([]);

    const datagram = await probe(closed, { kind: 'ping', host: '127.0.0.1', count: 1, socket: 'datagram' });
    expect(datagram.error?.code).toBe('EPERM_RAW');
    expect(datagram.error?.message).toMatch(/^Ping could not open a datagram ICMP socket: .*ping_group_range/);
  });
});
