// How the native kinds read on their button, their tab and their status line. Pure.
import { describe, expect, test } from 'vitest';
import * as v from 'valibot';
import { SessionConfig, type SessionConfigInput } from '../../../src-main/shared/contract.js';
import { actionLabels, statusText, targetLabel } from '../../../src-renderer/session/format.js';
import { formatLoss, formatMs, formatRttRange, rowOutcome } from '../../../src-renderer/ping/ping-format.js';
import { emptyPingSummary, idleSnapshot } from '../fake-bridge.js';

function open(input: SessionConfigInput, overrides = {}) {
  const config = v.parse(SessionConfig, input);
  return idleSnapshot('s1', { kind: config.kind, status: 'open', config, ...overrides });
}

describe('native kinds in words', () => {
  test('buttons', () => {
    expect(actionLabels('ping')).toEqual({ start: 'Start', stop: 'Stop' });
    expect(actionLabels('raw-ip')).toEqual({ start: 'Open socket', stop: 'Close socket' });
    expect(actionLabels('unix-dgram-server')).toEqual({ start: 'Bind', stop: 'Close socket' });
    expect(actionLabels('unix-seqpacket-server')).toEqual({ start: 'Listen', stop: 'Stop listening' });
    expect(actionLabels('unix-dgram-client')).toEqual({ start: 'Connect', stop: 'Disconnect' });
  });

  test('tab names', () => {
    expect(targetLabel({ kind: 'ping', host: '::1' })).toBe('Ping ::1');
    expect(targetLabel({ kind: 'raw-ip', protocol: 253, host: '127.0.0.1' })).toBe('Raw IP 127.0.0.1 protocol 253');
    expect(targetLabel({ kind: 'raw-ip', protocol: 1 })).toBe('Raw IP protocol 1');
    expect(targetLabel({ kind: 'unix-seqpacket-server', path: '@wb' })).toBe('Unix seqpacket server @wb');
    expect(targetLabel({ kind: 'unix-dgram-client', path: '/tmp/a' })).toBe('Unix datagram /tmp/a');
  });

  test('status lines', () => {
    const ping = { kind: 'ping', host: 'localhost' } as const;
    expect(statusText(open(ping, { ping: emptyPingSummary({ socket: 'raw', target: '127.0.0.1', running: true }) }))).toBe('Pinging 127.0.0.1 (raw socket)');
    expect(statusText(open(ping, { ping: emptyPingSummary({ socket: 'datagram', target: '::1', running: false }) }))).toBe(
      'Finished pinging ::1 (datagram ICMP socket)',
    );
    expect(statusText(open(ping, { status: 'closed', closedBy: 'local' }))).toBe('Stopped');
    expect(statusText(open({ kind: 'raw-ip', protocol: 253 }))).toBe('Raw socket open — protocol 253');
    expect(statusText(open({ kind: 'raw-ip', protocol: 253 }, { status: 'closed', closedBy: 'local' }))).toBe('Socket closed');
    const seq = { kind: 'unix-seqpacket-server', path: '/tmp/s' } as const;
    expect(statusText(open(seq, { peers: { total: 2, open: 1, rejected: 0 } }))).toBe('Listening on /tmp/s — 1 client open');
    expect(statusText(open({ kind: 'unix-dgram-server', path: '@d' }, { status: 'connecting' }))).toBe('Binding to @d…');
    expect(statusText(open({ kind: 'unix-seqpacket-client', path: '/tmp/s' }))).toBe('Connected to /tmp/s');
  });

  test('ping numbers', () => {
    expect([0.0451, 1.234, 12.34, 123.4].map(formatMs)).toEqual(['0.045', '1.23', '12.3', '123']);
    expect([null, 0, 100, 100 / 3].map(formatLoss)).toEqual(['—', '0%', '100%', '33.3%']);
    expect(formatRttRange(emptyPingSummary())).toBe('—');
    const row = { index: 0, icmpSeq: 0, from: null, ttl: null, rttMs: null, bytes: 0, sentAt: 0, message: null };
    expect(rowOutcome({ ...row, status: 'timeout' })).toBe('timeout');
    expect(rowOutcome({ ...row, status: 'error', message: 'Time to live exceeded' })).toBe('Time to live exceeded');
    expect(rowOutcome({ ...row, status: 'reply', rttMs: 2.5 })).toBe('2.50 ms');
  });
});
