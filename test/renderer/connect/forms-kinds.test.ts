// The connect form of every kind: the Kind chooser replaces the tab's session, and each form
// sends exactly the config that was typed.
import { cleanup, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, test } from 'vitest';
import { KINDS, SESSION_KINDS } from '../../../src-main/shared/contract.js';
import { FakeBridge } from '../fake-bridge.js';
import { descriptionOf, fill, openOptions, openTabOfKind } from '../forms-helpers.js';
import { connectedTab, openTab, renderApp, statusOf } from '../helpers.js';

describe('Kind', () => {
  test('offers every kind; changing it replaces the idle session in the same tab, keeping what was typed', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    const first = await openTab(user, bridge);
    await user.type(within(first).getByLabelText('Host'), 'example.test');
    await openTab(user, bridge);
    await user.click(screen.getAllByRole('tab')[0]!);

    const panel = screen.getByRole('tabpanel');
    const kind = within(panel).getByLabelText('Kind') as HTMLSelectElement;
    // Every kind, once, grouped by socket type.
    const offered = [...kind.options].map((o) => o.textContent);
    expect([...offered].sort()).toEqual(SESSION_KINDS.map((k) => KINDS[k].label).sort());
    expect([...kind.querySelectorAll('optgroup')].map((g) => g.label)).toEqual(['Stream', 'Datagram', 'Sequenced packet', 'Raw IP']);

    await user.selectOptions(kind, 'TLS client');
    await waitFor(() => expect(screen.getByRole('tabpanel').id).toBe('panel-s3'));
    expect(bridge.callsOf('session.create')).toEqual([{ kind: 'tcp-client' }, { kind: 'tcp-client' }, { kind: 'tls-client' }]);
    expect(bridge.callsOf('session.close')).toEqual([{ id: 's1' }]);
    // Same place among the tabs, still the one shown, the host still typed.
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((t) => t.id)).toEqual(['tab-s3', 'tab-s2']);
    expect(tabs[0]!.getAttribute('aria-selected')).toBe('true');
    const now = within(screen.getByRole('tabpanel'));
    expect((now.getByLabelText('Kind') as HTMLSelectElement).selectedOptions[0]?.textContent).toBe('TLS client');
    expect((now.getByLabelText('Host') as HTMLInputElement).value).toBe('example.test');
    await waitFor(() => expect(document.activeElement).toBe(now.getByLabelText('Kind')));
  });

  test('a failed create keeps the old session and kind, and says why', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    const panel = await openTab(user, bridge);
    bridge.sessionCreate = async () => ({ ok: false, error: { code: 'UNSUPPORTED_KIND', message: 'UDP sessions are not available yet.' } });
    const kind = within(panel).getByLabelText('Kind') as HTMLSelectElement;
    await user.selectOptions(kind, 'UDP');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('UDP sessions are not available yet. (UNSUPPORTED_KIND)');
    expect(kind.selectedOptions[0]?.textContent).toBe('TCP client');
    expect(bridge.callsOf('session.close')).toEqual([]);
    expect(screen.getByRole('tabpanel').id).toBe('panel-s1');
  });

  test('is disabled while connected, and enabled again once closed', async () => {
    const { user, panel } = await connectedTab();
    const kind = within(panel).getByLabelText('Kind') as HTMLSelectElement;
    expect(kind.disabled).toBe(true);
    await user.click(within(panel).getByRole('button', { name: 'Disconnect' }));
    await waitFor(() => expect(kind.disabled).toBe(false));
  });
});

describe('forms per kind send exactly what was typed', () => {
  test('TCP client with a local bind and socket options', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    const panel = await openTab(user, bridge);
    const p = within(panel);
    await fill(user, panel, 'Host', '127.0.0.1');
    await fill(user, panel, 'Port', '7');
    await openOptions(user, panel);
    await fill(user, panel, 'Local address', '127.0.0.1');
    await fill(user, panel, 'Local port', '40001');
    expect((p.getByLabelText('TCP_NODELAY') as HTMLInputElement).checked).toBe(true);
    await user.click(p.getByLabelText('TCP_NODELAY'));
    expect((p.getByLabelText('Keepalive delay (ms)') as HTMLInputElement).disabled).toBe(true);
    await user.click(p.getByLabelText('Keepalive'));
    await fill(user, panel, 'Keepalive delay (ms)', '1000');
    await fill(user, panel, 'Idle timeout (ms)', '5000');
    await fill(user, panel, 'IP TTL', '32');
    await user.click(p.getByRole('button', { name: 'Connect' }));
    expect(bridge.callsOf('session.connect')).toEqual([
      {
        id: 's1',
        config: {
          kind: 'tcp-client',
          host: '127.0.0.1',
          port: 7,
          timeoutMs: 10000,
          localAddress: '127.0.0.1',
          localPort: 40001,
          options: { noDelay: false, keepAlive: true, keepAliveDelayMs: 1000, idleTimeoutMs: 5000, ttl: 32 },
        },
      },
    ]);
  });

  test('TCP server with server options', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    const panel = await openTabOfKind(user, bridge, 'tcp-server');
    const p = within(panel);
    expect((p.getByLabelText('Local address') as HTMLInputElement).value).toBe('::');
    expect((p.getByLabelText('Local port') as HTMLInputElement).value).toBe('0');
    expect(p.queryByLabelText('Host')).toBeNull();
    await fill(user, panel, 'Local port', '5000');
    await user.click(p.getByLabelText('IPv6 only'));
    await openOptions(user, panel);
    await fill(user, panel, 'Welcome message', 'hi\\n');
    // Answers are reply rules now (Rules panel), not a server option.
    expect(p.queryByLabelText('Auto-reply')).toBeNull();
    await user.click(p.getByLabelText('Echo'));
    await fill(user, panel, 'Max clients', '10');
    expect((p.getByLabelText('SO_REUSEADDR') as HTMLInputElement).checked).toBe(true);
    await user.click(p.getByLabelText('SO_REUSEADDR'));
    expect(p.queryByLabelText('Connect timeout (ms)')).toBeNull();
    expect(p.queryByLabelText('Local port', { selector: 'fieldset input' })).toBeNull();
    await user.click(p.getByRole('button', { name: 'Listen' }));
    expect(bridge.callsOf('session.connect')).toEqual([
      {
        id: 's2',
        config: {
          kind: 'tcp-server',
          localAddress: '::',
          localPort: 5000,
          ipv6Only: true,
          server: { welcome: { format: 'text', text: 'hi\\n' }, echo: true, maxClients: 10, reuseAddress: false },
        },
      },
    ]);
  });

  test('UDP with a default destination and options', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    const panel = await openTabOfKind(user, bridge, 'udp');
    const p = within(panel);
    expect((p.getByLabelText('Local address') as HTMLInputElement).value).toBe('0.0.0.0');
    await fill(user, panel, 'Local port', '5000');
    await fill(user, panel, 'Host', '127.0.0.1');
    await fill(user, panel, 'Port', '5001');
    await openOptions(user, panel);
    await user.click(p.getByLabelText('Broadcast'));
    await user.click(p.getByLabelText('SO_REUSEADDR'));
    await fill(user, panel, 'IP TTL', '3');
    await fill(user, panel, 'Multicast TTL', '1');
    expect((p.getByLabelText('Multicast loopback') as HTMLInputElement).checked).toBe(true);
    await user.click(p.getByLabelText('Multicast loopback'));
    await fill(user, panel, 'Multicast interface', '127.0.0.1');
    await user.click(p.getByRole('button', { name: 'Bind' }));
    expect(bridge.callsOf('session.connect')).toEqual([
      {
        id: 's2',
        config: {
          kind: 'udp',
          localAddress: '0.0.0.0',
          localPort: 5000,
          remoteHost: '127.0.0.1',
          remotePort: 5001,
          broadcast: true,
          reuseAddress: true,
          ttl: 3,
          multicastTtl: 1,
          multicastLoopback: false,
          multicastInterface: '127.0.0.1',
        },
      },
    ]);
  });

  test('Unix client and Unix server on a path', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    const client = await openTabOfKind(user, bridge, 'unix-client');
    expect(within(client).queryByText('Options', { selector: 'summary' })).toBeNull();
    await fill(user, client, 'Path', '@wirebench-test');
    await user.click(within(client).getByRole('button', { name: 'Connect' }));

    const server = await openTabOfKind(user, bridge, 'unix-server');
    const p = within(server);
    await fill(user, server, 'Path', '/tmp/wb.sock');
    await openOptions(user, server);
    expect(p.queryByLabelText('SO_REUSEADDR')).toBeNull();
    expect(p.queryByLabelText('TCP_NODELAY')).toBeNull();
    await user.click(p.getByLabelText('Echo'));
    await user.click(p.getByRole('button', { name: 'Listen' }));
    expect(bridge.callsOf('session.connect')).toEqual([
      { id: 's2', config: { kind: 'unix-client', path: '@wirebench-test', timeoutMs: 10000 } },
      { id: 's4', config: { kind: 'unix-server', path: '/tmp/wb.sock', server: { echo: true } } },
    ]);
  });

  test('TLS client with SNI, ALPN, verification off and files', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    const panel = await openTabOfKind(user, bridge, 'tls-client');
    const p = within(panel);
    await fill(user, panel, 'Host', '127.0.0.1');
    await fill(user, panel, 'Port', '8443');
    await openOptions(user, panel);
    await fill(user, panel, 'Server name (SNI)', 'example.test');
    await fill(user, panel, 'ALPN', 'h2, http/1.1');
    expect((p.getByLabelText('Verify certificate') as HTMLInputElement).checked).toBe(true);
    await user.click(p.getByLabelText('Verify certificate'));
    expect(p.getByRole('note').textContent).toContain('Certificate verification will be OFF');
    await fill(user, panel, 'CA file', '/etc/ca.pem');
    await fill(user, panel, 'Client certificate file', '/tmp/client.pem');
    await fill(user, panel, 'Client key file', '/tmp/client.key');
    await fill(user, panel, 'Write TLS keys to', '/tmp/keys.log');
    await user.click(p.getByRole('button', { name: 'Connect' }));
    expect(bridge.callsOf('session.connect')).toEqual([
      {
        id: 's2',
        config: {
          kind: 'tls-client',
          host: '127.0.0.1',
          port: 8443,
          timeoutMs: 10000,
          servername: 'example.test',
          alpn: ['h2', 'http/1.1'],
          verify: false,
          caFile: '/etc/ca.pem',
          certFile: '/tmp/client.pem',
          keyFile: '/tmp/client.key',
          keyLogFile: '/tmp/keys.log',
        },
      },
    ]);
  });

  test('TLS server: a generated certificate unless files are named; client certificates', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    const panel = await openTabOfKind(user, bridge, 'tls-server');
    const p = within(panel);
    await openOptions(user, panel);
    expect(p.getByText(/Leave both certificate and key file empty to use a generated self-signed certificate/)).toBeTruthy();
    await fill(user, panel, 'Local address', '127.0.0.1');
    await fill(user, panel, 'Certificate file', '/tmp/server.pem');
    await user.click(p.getByRole('button', { name: 'Listen' }));
    const keyFile = p.getByLabelText('Key file');
    expect(descriptionOf(keyFile)).toBe('Enter the key file too, or clear both to use a generated self-signed certificate.');
    await waitFor(() => expect(document.activeElement).toBe(keyFile));
    expect(bridge.callsOf('session.connect')).toEqual([]);

    await fill(user, panel, 'Key file', '/tmp/server.key');
    await user.click(p.getByLabelText('Require client certificate'));
    await fill(user, panel, 'CA file', '/tmp/ca.pem');
    await fill(user, panel, 'ALPN', 'h2');
    await user.click(p.getByRole('button', { name: 'Listen' }));
    expect(bridge.callsOf('session.connect')).toEqual([
      {
        id: 's2',
        config: {
          kind: 'tls-server',
          localAddress: '127.0.0.1',
          localPort: 0,
          certFile: '/tmp/server.pem',
          keyFile: '/tmp/server.key',
          requestClientCert: true,
          requireClientCert: true,
          caFile: '/tmp/ca.pem',
          alpn: ['h2'],
        },
      },
    ]);
  });
});

describe('validation in words', () => {
  test('an error inside the closed Options opens it and takes focus; nothing is sent', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    const panel = await openTabOfKind(user, bridge, 'udp');
    const p = within(panel);
    const details = p.getByText('Options', { selector: 'summary' }).closest('details')!;
    await openOptions(user, panel);
    await fill(user, panel, 'Multicast TTL', '300');
    await user.click(p.getByText('Options', { selector: 'summary' }));
    expect(details.open).toBe(false);
    await fill(user, panel, 'Host', '127.0.0.1');
    await user.click(p.getByRole('button', { name: 'Bind' }));

    const port = p.getByLabelText('Port');
    const ttl = p.getByLabelText('Multicast TTL');
    expect(descriptionOf(port)).toBe('Enter the destination port too, or clear Host.');
    expect(descriptionOf(ttl)).toBe('Enter a multicast TTL from 0 to 255, or leave it empty for the system default.');
    // Focus goes to the first field in form order, Port; the closed disclosure opened for the TTL.
    await waitFor(() => expect(document.activeElement).toBe(port));
    expect(bridge.callsOf('session.connect')).toEqual([]);

    await fill(user, panel, 'Port', '9');
    await user.click(p.getByRole('button', { name: 'Bind' }));
    await waitFor(() => expect(document.activeElement).toBe(ttl));
    expect(details.open).toBe(true);
    expect(bridge.callsOf('session.connect')).toEqual([]);
    expect(statusOf(panel)).toBe('Idle');
  });

  test('server and path fields', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    const panel = await openTabOfKind(user, bridge, 'tcp-server');
    const p = within(panel);
    await fill(user, panel, 'Local address', '');
    await fill(user, panel, 'Local port', '65536');
    await openOptions(user, panel);
    await fill(user, panel, 'Max clients', '-1');
    await fill(user, panel, 'Welcome message', '0xZZ');
    await user.selectOptions(p.getByLabelText('Welcome format'), 'Hex');
    await user.click(p.getByRole('button', { name: 'Listen' }));
    expect(descriptionOf(p.getByLabelText('Local address'))).toBe('Enter a local address, e.g. :: (IPv6 and IPv4), 0.0.0.0 or 127.0.0.1.');
    expect(descriptionOf(p.getByLabelText('Local port'))).toContain('Enter a port from 0 to 65535 (0 picks a free port).');
    expect(descriptionOf(p.getByLabelText('Max clients'))).toContain('Enter a number from 0 (no limit) to 1000000.');
    expect(descriptionOf(p.getByLabelText('Welcome message'))).toMatch(/^Invalid hex: /);
    expect(bridge.callsOf('session.connect')).toEqual([]);

    const unix = await openTabOfKind(user, bridge, 'unix-server');
    await user.click(within(unix).getByRole('button', { name: 'Listen' }));
    expect(descriptionOf(within(unix).getByLabelText('Path'))).toContain('Enter a socket path (on Linux, @name is an abstract socket).');
    expect(bridge.callsOf('session.connect')).toEqual([]);
  });
});

describe('Browse… beside path fields', () => {
  test('desktop: each opens the native dialog (open for files to read, save for files to write); cancel leaves the field; web mode has none', async () => {
    const web = new FakeBridge();
    const webUser = await renderApp(web);
    const webPanel = await openTabOfKind(webUser, web, 'tls-client');
    await openOptions(webUser, webPanel);
    expect(within(webPanel).queryAllByRole('button', { name: /^Browse for / })).toEqual([]);
    cleanup();

    const bridge = new FakeBridge();
    window.wirebench = bridge as unknown as NonNullable<typeof window.wirebench>;
    try {
      let answer: string | null = null;
      bridge.handlers['dialog.saveFile'] = async () => ({ ok: true, value: { path: answer } });
      bridge.handlers['dialog.openFile'] = async ({ title }) => ({ ok: true, value: { path: answer && `${answer}/${title}` } });
      const user = await renderApp(bridge);
      const panel = await openTabOfKind(user, bridge, 'tls-client');
      await openOptions(user, panel);
      const p = within(panel);
      const keys = p.getByLabelText('Write TLS keys to') as HTMLInputElement;
      await user.click(p.getByRole('button', { name: 'Browse for Write TLS keys to' }));
      await waitFor(() => expect(bridge.callsOf('dialog.saveFile')).toEqual([{ title: 'Write TLS keys to' }]));
      expect(keys.value).toBe('');
      answer = '/home/me';
      await user.click(p.getByRole('button', { name: 'Browse for Write TLS keys to' }));
      await waitFor(() => expect(keys.value).toBe('/home/me'));
      for (const label of ['CA file', 'Client certificate file', 'Client key file']) {
        await user.click(p.getByRole('button', { name: `Browse for ${label}` }));
        await waitFor(() => expect((p.getByLabelText(label) as HTMLInputElement).value).toBe(`/home/me/${label}`));
      }
      expect(bridge.callsOf('dialog.openFile').map((c) => c.title)).toEqual(['CA file', 'Client certificate file', 'Client key file']);
      // Save log… has one too (a file to write).
      const traffic = p.getByRole('region', { name: 'Traffic' });
      await user.click(within(traffic).getByRole('button', { name: 'Save log…' }));
      answer = '/tmp/run.pcapng';
      await user.click(within(traffic).getByRole('button', { name: 'Browse for Save log to' }));
      await waitFor(() => expect((within(traffic).getByLabelText('File') as HTMLInputElement).value).toBe('/tmp/run.pcapng'));
      // And the library's export.
      await user.click(screen.getByRole('button', { name: 'Library' }));
      answer = '/tmp/lib.json';
      await user.click(screen.getByRole('button', { name: 'Browse for Export library to' }));
      await waitFor(() => expect((screen.getByLabelText('Export library to (full path)') as HTMLInputElement).value).toBe('/tmp/lib.json'));
    } finally {
      delete window.wirebench;
    }
  });
});
