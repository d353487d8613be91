import { describe, expect, it } from 'vitest';
import { PingTable } from '../../../../../src-main/engine/kinds/ip/ping-table.js';
import { rawPermissionError, rawPrivilegeHelp } from '../../../../../src-main/engine/sockets/raw-privilege.js';

describe('PingTable', () => {
  it('keeps rows and totals: replies, timeouts, errors, loss over finished rows only', () => {
    const table = new PingTable();
    for (let i = 0; i < 4; i++) table.add(1000 + i);
    expect(table.totals()).toMatchObject({ sent: 4, received: 0, lossPercent: null, minMs: null, avgMs: null, maxMs: null });
    table.settle(0, { kind: 'reply', from: '10.0.0.1', ttl: 64, rttMs: 2, bytes: 64 });
    table.settle(1, { kind: 'reply', from: '10.0.0.1', ttl: 63, rttMs: 4, bytes: 64 });
    table.settle(2, { kind: 'timeout' });
    expect(table.pending).toBe(1);
    expect(table.totals()).toEqual({ sent: 4, received: 2, timeouts: 1, errors: 0, lossPercent: (1 / 3) * 100, minMs: 2, avgMs: 3, maxMs: 4 });
    table.settle(3, { kind: 'error', from: '10.0.0.254', message: 'Destination host unreachable (ICMP type 3, code 1)', bytes: 36 });
    expect(table.totals()).toMatchObject({ errors: 1, lossPercent: 50 });
    expect(table.read(1, 10)).toEqual([
      { index: 1, icmpSeq: 1, status: 'reply', from: '10.0.0.1', ttl: 63, rttMs: 4, bytes: 64, sentAt: 1001, message: null },
      { index: 2, icmpSeq: 2, status: 'timeout', from: null, ttl: null, rttMs: null, bytes: 0, sentAt: 1002, message: null },
      { index: 3, icmpSeq: 3, status: 'error', from: '10.0.0.254', ttl: null, rttMs: null, bytes: 36, sentAt: 1003, message: 'Destination host unreachable (ICMP type 3, code 1)' },
    ]);
  });

  it('notes duplicate and late replies on the row without counting them again', () => {
    const table = new PingTable();
    table.add(0);
    table.add(1);
    expect(table.settle(0, { kind: 'reply', from: 'a', ttl: 1, rttMs: 1, bytes: 8 })).toBe(true);
    expect(table.settle(0, { kind: 'reply', from: 'a', ttl: 1, rttMs: 9, bytes: 8 })).toBe(false);
    expect(table.settle(0, { kind: 'reply', from: 'a', ttl: 1, rttMs: 9, bytes: 8 })).toBe(false);
    table.settle(1, { kind: 'timeout' });
    table.settle(1, { kind: 'reply', from: 'a', ttl: 1, rttMs: 2500, bytes: 8 });
    const [first, second] = table.read(0, 2);
    expect(first).toMatchObject({ status: 'reply', rttMs: 1, message: 'Duplicate replies (2 more).' });
    expect(second).toMatchObject({ status: 'timeout', message: 'A reply came after the timeout (2500.000 ms); counted as lost.' });
    expect(table.totals()).toMatchObject({ sent: 2, received: 1, timeouts: 1, maxMs: 1 });
  });

  it('grows past its first capacity and wraps sequence numbers at 65536', () => {
    const table = new PingTable();
    for (let i = 0; i < 65_538; i++) table.add(i);
    expect(table.read(65_535, 3).map((r) => r.icmpSeq)).toEqual([65_535, 0, 1]);
    expect(table.isPending(65_537)).toBe(true);
    expect(table.isPending(65_538)).toBe(false);
  });
});

describe('raw-socket privilege words', () => {
  it('says how to grant it on each OS', () => {
    expect(rawPrivilegeHelp({ ping: true, platform: 'linux', execPath: '/opt/Wirebench/wirebench' })).toBe(
      'To grant it: run Wirebench as root, or give its binary the capability with `sudo setcap cap_net_raw+ep /opt/Wirebench/wirebench`, or allow unprivileged ping (datagram ICMP sockets) for every group with `sudo sysctl -w net.ipv4.ping_group_range="0 2147483647"`.',
    );
    expect(rawPrivilegeHelp({ ping: false, platform: 'linux', execPath: '/x' })).toBe('To grant it: run Wirebench as root, or give its binary the capability with `sudo setcap cap_net_raw+ep /x`.');
    expect(rawPrivilegeHelp({ ping: false, platform: 'win32' })).toBe('To grant it: run Wirebench as Administrator.');
    expect(rawPrivilegeHelp({ ping: true, platform: 'darwin' })).toMatch(/datagram ICMP socket without privilege.*sudo/);
  });

  it('is an EPERM_RAW CodedError naming what needed it', () => {
    const err = rawPermissionError('A Raw IP socket for protocol 6', { ping: false });
    expect(err.code).toBe('EPERM_RAW');
    expect(err.message).toMatch(/^A Raw IP socket for protocol 6 needs a raw socket, which needs privilege this process does not have/);
  });
});
