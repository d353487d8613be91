// The connect forms of the native kinds: what each sends, its errors next to its fields, and a
// restored tab's form filled back from its config.
import { screen, within } from '@testing-library/svelte';
import * as v from 'valibot';
import { describe, expect, test } from 'vitest';
import { SessionConfig, type SessionConfigInput } from '../../../src-main/shared/contract.js';
import { checkConnectFields, fieldsFromConfig, MESSAGES } from '../../../src-renderer/connect/connect-form.js';
import { FakeBridge, openSnapshot } from '../fake-bridge.js';
import { descriptionOf, fill, openOptions, openTabOfKind } from '../forms-helpers.js';
import { renderApp } from '../helpers.js';

describe('Ping form', () => {
  test('sends host, interval, count and timeout, plus what was changed in Options; the button reads Start', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    const panel = await openTabOfKind(user, bridge, 'ping');
    const p = within(panel);
    expect((p.getByLabelText('Interval (ms)') as HTMLInputElement).value).toBe('1000');
    expect((p.getByLabelText('Count') as HTMLInputElement).value).toBe('0');
    expect(descriptionOf(p.getByLabelText('Count'))).toBe('0 = until Stop');
    expect((p.getByLabelText('Reply timeout (ms)') as HTMLInputElement).value).toBe('2000');
    expect(p.queryByLabelText('Port')).toBeNull();
    expect(p.queryByLabelText('Message')).toBeNull();
    await fill(user, panel, 'Host', '127.0.0.1');
    await fill(user, panel, 'Interval (ms)', '200');
    await fill(user, panel, 'Count', '3');
    await openOptions(user, panel);
    await user.selectOptions(p.getByLabelText('Address family'), 'ipv4');
    await fill(user, panel, 'Identifier', '4660');
    await fill(user, panel, 'Payload size (bytes)', '100');
    await fill(user, panel, 'TTL', '9');
    await user.selectOptions(p.getByLabelText('Socket'), 'datagram');
    await user.click(p.getByRole('button', { name: 'Start' }));
    expect(bridge.callsOf('session.connect')).toEqual([
      {
        id: 's2',
        config: { kind: 'ping', host: '127.0.0.1', intervalMs: 200, count: 3, timeoutMs: 2000, family: 'ipv4', identifier: 4660, payloadSize: 100, ttl: 9, socket: 'datagram' },
      },
    ]);
    expect(await p.findByRole('button', { name: 'Stop' })).toBeTruthy();
  });

  test('a custom payload replaces the size, with the composer\'s messages for bad hex', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    const panel = await openTabOfKind(user, bridge, 'ping');
    const p = within(panel);
    await fill(user, panel, 'Host', '::1');
    await openOptions(user, panel);
    await fill(user, panel, 'Custom payload', 'DEADBEE');
    expect((p.getByLabelText('Payload size (bytes)') as HTMLInputElement).disabled).toBe(true);
    await user.selectOptions(p.getByLabelText('Payload format'), 'hex');
    await user.click(p.getByRole('button', { name: 'Start' }));
    expect(bridge.callsOf('session.connect')).toEqual([]);
    const payload = p.getByLabelText('Custom payload');
    expect(descriptionOf(payload)).toContain('Invalid hex: odd number of hex digits (7)');
    expect(document.activeElement).toBe(payload);
    await fill(user, panel, 'Custom payload', 'DE AD BE EF');
    await user.click(p.getByRole('button', { name: 'Start' }));
    expect(bridge.callsOf('session.connect')[0]?.config).toEqual({
      kind: 'ping',
      host: '::1',
      intervalMs: 1000,
      count: 0,
      timeoutMs: 2000,
      payload: { format: 'hex', text: 'DE AD BE EF' },
    });
  });

  test('explains each bad number next to its field and sends nothing', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    const panel = await openTabOfKind(user, bridge, 'ping');
    const p = within(panel);
    await fill(user, panel, 'Interval (ms)', '5');
    await fill(user, panel, 'Count', '-1');
    await fill(user, panel, 'Reply timeout (ms)', 'soon');
    await openOptions(user, panel);
    await fill(user, panel, 'Identifier', '70000');
    await fill(user, panel, 'Payload size (bytes)', '65001');
    await fill(user, panel, 'TTL', '0');
    await user.click(p.getByRole('button', { name: 'Start' }));
    expect(bridge.callsOf('session.connect')).toEqual([]);
    expect(descriptionOf(p.getByLabelText('Host'))).toBe(MESSAGES.host);
    expect(descriptionOf(p.getByLabelText('Interval (ms)'))).toBe(MESSAGES.intervalMs);
    expect(descriptionOf(p.getByLabelText('Count'))).toContain(MESSAGES.count);
    expect(descriptionOf(p.getByLabelText('Reply timeout (ms)'))).toBe(MESSAGES.pingTimeoutMs);
    expect(descriptionOf(p.getByLabelText('Identifier'))).toBe(MESSAGES.identifier);
    expect(descriptionOf(p.getByLabelText('Payload size (bytes)'))).toBe(MESSAGES.payloadSize);
    expect(descriptionOf(p.getByLabelText('TTL'))).toBe(MESSAGES.ttl);
    expect(document.activeElement).toBe(p.getByLabelText('Host'));
  });
});

describe('Raw IP form', () => {
  test('sends the protocol, host and Include IP header; the protocol is named; IPv6 has no header option', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    const panel = await openTabOfKind(user, bridge, 'raw-ip');
    const p = within(panel);
    const protocol = p.getByLabelText('Protocol') as HTMLInputElement;
    expect(protocol.value).toBe('253');
    expect(descriptionOf(protocol)).toBe('Experiment');
    await fill(user, panel, 'Protocol', '17');
    expect(descriptionOf(protocol)).toBe('UDP');
    // Common numbers are offered as suggestions.
    const suggestions = [...document.getElementById(protocol.getAttribute('list')!)!.querySelectorAll('option')].map((o) => o.textContent);
    expect(suggestions).toEqual(expect.arrayContaining(['1 ICMP', '6 TCP', '17 UDP', '253 Experiment']));

    await user.selectOptions(p.getByLabelText('Family'), 'ipv6');
    expect((p.getByLabelText('Include IP header') as HTMLInputElement).disabled).toBe(true);
    await user.selectOptions(p.getByLabelText('Family'), 'ipv4');
    await user.click(p.getByLabelText('Include IP header'));
    await fill(user, panel, 'Host', '127.0.0.1');
    await openOptions(user, panel);
    await fill(user, panel, 'Local address', '127.0.0.1');
    await user.click(p.getByRole('button', { name: 'Open socket' }));
    expect(bridge.callsOf('session.connect')).toEqual([
      { id: 's2', config: { kind: 'raw-ip', protocol: 17, host: '127.0.0.1', localAddress: '127.0.0.1', includeHeader: true } },
    ]);
    expect(await p.findByRole('button', { name: 'Close socket' })).toBeTruthy();
  });

  test('a bad protocol number is explained', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    const panel = await openTabOfKind(user, bridge, 'raw-ip');
    await fill(user, panel, 'Protocol', '256');
    await user.click(within(panel).getByRole('button', { name: 'Open socket' }));
    expect(bridge.callsOf('session.connect')).toEqual([]);
    expect(descriptionOf(within(panel).getByLabelText('Protocol'))).toContain(MESSAGES.protocol);
  });
});

describe('Unix datagram and seqpacket forms', () => {
  test('datagram client: server path and an optional local path', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    const panel = await openTabOfKind(user, bridge, 'unix-dgram-client');
    const p = within(panel);
    expect(p.queryByText('Options', { selector: 'summary' })).toBeNull();
    expect(p.queryByLabelText('Connect timeout (ms)')).toBeNull();
    await user.click(p.getByRole('button', { name: 'Connect' }));
    expect(descriptionOf(p.getByLabelText('Path'))).toContain(MESSAGES.path);
    await fill(user, panel, 'Path', '/tmp/wb-dgram.sock');
    await user.click(p.getByRole('button', { name: 'Connect' }));
    await fill(user, panel, 'Local path', '@wb-client');
    await user.click(p.getByRole('button', { name: 'Disconnect' }));
    await user.click(await p.findByRole('button', { name: 'Connect' }));
    expect(bridge.callsOf('session.connect').map((c) => c.config)).toEqual([
      { kind: 'unix-dgram-client', path: '/tmp/wb-dgram.sock' },
      { kind: 'unix-dgram-client', path: '/tmp/wb-dgram.sock', localPath: '@wb-client' },
    ]);
  });

  test('datagram server: path and Remove stale socket file; button reads Bind', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    const panel = await openTabOfKind(user, bridge, 'unix-dgram-server');
    const p = within(panel);
    await fill(user, panel, 'Path', '@wb-server');
    await user.click(p.getByLabelText('Remove stale socket file'));
    await user.click(p.getByRole('button', { name: 'Bind' }));
    expect(bridge.callsOf('session.connect')[0]?.config).toEqual({ kind: 'unix-dgram-server', path: '@wb-server', removeStale: true });
  });

  test('seqpacket client and server (with server options like the Unix server)', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    const client = await openTabOfKind(user, bridge, 'unix-seqpacket-client');
    await fill(user, client, 'Path', '/tmp/wb-seq.sock');
    await user.click(within(client).getByRole('button', { name: 'Connect' }));
    const server = await openTabOfKind(user, bridge, 'unix-seqpacket-server');
    const p = within(server);
    await fill(user, server, 'Path', '/tmp/wb-seq.sock');
    await openOptions(user, server);
    await user.click(p.getByLabelText('Echo'));
    await fill(user, server, 'Max clients', '2');
    expect(p.queryByLabelText('SO_REUSEADDR')).toBeNull();
    await user.click(p.getByRole('button', { name: 'Listen' }));
    expect(bridge.callsOf('session.connect').map((c) => c.config)).toEqual([
      { kind: 'unix-seqpacket-client', path: '/tmp/wb-seq.sock' },
      { kind: 'unix-seqpacket-server', path: '/tmp/wb-seq.sock', server: { echo: true, maxClients: 2 } },
    ]);
    expect(p.getByLabelText('Close clients when stopping')).toBeTruthy();
  });
});

describe('a restored tab shows the config it was started with', () => {
  const CONFIGS: SessionConfigInput[] = [
    { kind: 'ping', host: 'example.test', family: 'ipv6', intervalMs: 250, count: 10, timeoutMs: 900, identifier: 7, payloadSize: 0, ttl: 3, socket: 'raw' },
    { kind: 'ping', host: '127.0.0.1', intervalMs: 1000, count: 0, timeoutMs: 2000, payload: { format: 'base64', text: 'aGk=' } },
    { kind: 'raw-ip', protocol: 1, family: 'ipv6', host: '::1', localAddress: '::1' },
    { kind: 'raw-ip', protocol: 253, includeHeader: true },
    { kind: 'unix-dgram-client', path: '/tmp/a.sock', localPath: '/tmp/b.sock' },
    { kind: 'unix-dgram-server', path: '@srv', removeStale: true },
    { kind: 'unix-seqpacket-client', path: '/tmp/s.sock' },
    { kind: 'unix-seqpacket-server', path: '/tmp/s.sock', removeStale: true, server: { welcome: { format: 'text', text: 'hi' }, maxClients: 5 } },
  ];

  test.each(CONFIGS.map((c) => [c.kind, c] as const))('%s: the form gives back the same config', (_kind, input) => {
    const config = v.parse(SessionConfig, input);
    const check = checkConnectFields(fieldsFromConfig(config));
    expect(check.ok).toBe(true);
    if (check.ok) expect(v.parse(SessionConfig, check.config)).toEqual(config);
  });

  test('a Ping tab restored from main shows its host, count and Stop while running', async () => {
    const bridge = new FakeBridge();
    bridge.addSession(openSnapshot('s1', { kind: 'ping', host: '127.0.0.1', count: 3, intervalMs: 100, timeoutMs: 500 }));
    await renderApp(bridge);
    const p = within(await screen.findByRole('tabpanel'));
    expect((p.getByLabelText('Host') as HTMLInputElement).value).toBe('127.0.0.1');
    expect((p.getByLabelText('Count') as HTMLInputElement).value).toBe('3');
    expect((p.getByLabelText('Interval (ms)') as HTMLInputElement).value).toBe('100');
    expect(p.getByRole('button', { name: 'Stop' })).toBeTruthy();
  });
});
