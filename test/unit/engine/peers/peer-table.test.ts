import { describe, expect, it } from 'vitest';
import { PeerTable } from '../../../../src-main/engine/peers/peer-table.js';
import { CodedError } from '../../../../src-main/engine/errors.js';

const remote = (port: number) => ({ address: '127.0.0.1', port, family: 'IPv4' as const });

describe('PeerTable', () => {
  it('lists peers in order of appearance with ids that are never reused', () => {
    const table = new PeerTable(() => 1000);
    const a = table.add('127.0.0.1:1', remote(1));
    const b = table.add('127.0.0.1:2', remote(2));
    expect([a, b]).toEqual(['p1', 'p2']);
    table.close(a, 'peer');
    expect(table.clear()).toBe(1);
    expect(table.add('127.0.0.1:3', remote(3))).toBe('p3');
    expect(table.read(0, 10).peers.map((p) => p.id)).toEqual(['p2', 'p3']);
  });

  it('keeps closed peers with their totals and counts until cleared', () => {
    let now = 1000;
    const table = new PeerTable(() => now);
    const a = table.add('a', remote(1));
    table.add('b', remote(2));
    now = 2000;
    table.recordIn(a, 5);
    table.recordOut(a, 3);
    table.recordOut(a, 4);
    table.close(a, 'local', { code: 'ECONNRESET', message: 'reset' });
    table.reject();
    const [first] = table.read(0, 1).peers;
    expect(first).toMatchObject({
      id: 'p1',
      status: 'closed',
      closedBy: 'local',
      connectedAt: 1000,
      lastSeenAt: 2000,
      error: { code: 'ECONNRESET' },
      stats: { bytesIn: 5, messagesIn: 1, bytesOut: 7, messagesOut: 2 },
    });
    expect(table.counts()).toEqual({ total: 2, open: 1, rejected: 1 });
    table.clear();
    expect(table.counts()).toEqual({ total: 1, open: 1, rejected: 1 });
  });

  it('bumps the version on every change', () => {
    const table = new PeerTable();
    const versions = [table.version];
    const id = table.add('a', null);
    versions.push(table.version);
    table.recordIn(id, 1);
    versions.push(table.version);
    table.touch('k', null);
    versions.push(table.version);
    table.close(id, 'peer');
    versions.push(table.version);
    table.clear();
    versions.push(table.version);
    expect(new Set(versions).size).toBe(versions.length);
    const last = table.version;
    table.close(id, 'peer');
    expect(table.version).toBe(last);
  });

  it('touch finds the open peer by key, or adds one', () => {
    let now = 1;
    const table = new PeerTable(() => now);
    const a = table.touch('127.0.0.1:5000', remote(5000));
    now = 7;
    expect(table.touch('127.0.0.1:5000', remote(5000))).toBe(a);
    expect(table.get(a)).toMatchObject({ connectedAt: 1, lastSeenAt: 7, label: '127.0.0.1:5000' });
    expect(table.byKey('127.0.0.1:5000')).toBe(a);
    expect(table.clear({ all: true })).toBe(1);
    expect(table.byKey('127.0.0.1:5000')).toBeUndefined();
    expect(table.touch('127.0.0.1:5000', remote(5000))).toBe('p2');
    expect(table.counts()).toEqual({ total: 1, open: 1, rejected: 0 });
  });

  it('selects named or all open peers, refusing unknown or closed ones', () => {
    const table = new PeerTable();
    const a = table.add('a', null);
    const b = table.add('b', null);
    const c = table.add('c', null);
    table.close(b, 'peer');
    expect(table.select({ type: 'all' }, { openOnly: true })).toEqual([a, c]);
    expect(table.select({ type: 'peers', peerIds: [c, a, c] }, { openOnly: true })).toEqual([c, a]);
    expect(table.select({ type: 'peers', peerIds: [b] }, { openOnly: false })).toEqual([b]);
    const closed = catchCoded(() => table.select({ type: 'peers', peerIds: [b] }, { openOnly: true }));
    expect(closed.code).toBe('NO_SUCH_PEER');
    expect(closed.message).toContain('closed');
    expect(catchCoded(() => table.select({ type: 'peers', peerIds: ['p99'] }, { openOnly: false })).code).toBe('NO_SUCH_PEER');
  });

  it('reads windows of a large table', () => {
    const table = new PeerTable();
    for (let i = 0; i < 12_000; i++) table.add(`c${i}`, null);
    const { peers, counts } = table.read(11_990, 100);
    expect(peers.map((p) => p.label)).toEqual(Array.from({ length: 10 }, (_, i) => `c${11_990 + i}`));
    expect(counts).toEqual({ total: 12_000, open: 12_000, rejected: 0 });
    expect(table.read(20_000, 5).peers).toEqual([]);
  });
});

function catchCoded(fn: () => unknown): CodedError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CodedError) return err;
    throw err;
  }
  throw new Error('expected a CodedError');
}
