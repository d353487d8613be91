// The session's details (options in force, TLS facts and certificates), the mark of a TLS
// client that does not verify, and UDP multicast membership.
import { screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, test } from 'vitest';
import type { CertificateInfo, SessionConfigInput, TlsInfo } from '../../../src-main/shared/contract.js';
import { FakeBridge, openSnapshot } from '../fake-bridge.js';
import { renderApp, statusOf } from '../helpers.js';

const LEAF: CertificateInfo = {
  subject: 'CN=localhost',
  issuer: 'CN=Wirebench Test CA',
  validFrom: 'Jan  1 00:00:00 2024 GMT',
  validTo: 'Jan  1 00:00:00 2034 GMT',
  fingerprint256: 'AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99',
  serialNumber: '01',
  altNames: 'DNS:localhost, IP Address:127.0.0.1',
};
const ROOT: CertificateInfo = {
  subject: 'CN=Wirebench Test CA',
  issuer: 'CN=Wirebench Test CA',
  validFrom: 'Jan  1 00:00:00 2020 GMT',
  validTo: 'Jan  1 00:00:00 2040 GMT',
  fingerprint256: '12:34:56:78:9A:BC:DE:F0:12:34:56:78:9A:BC:DE:F0:12:34:56:78:9A:BC:DE:F0:12:34:56:78:9A:BC:DE:F0',
  serialNumber: '02',
  altNames: null,
};

function tlsInfo(overrides: Partial<TlsInfo> = {}): TlsInfo {
  return {
    verify: true,
    protocol: 'TLSv1.3',
    cipher: 'TLS_AES_256_GCM_SHA384',
    alpn: 'h2',
    authorized: true,
    authorizationError: null,
    peerChain: [LEAF, ROOT],
    local: null,
    ...overrides,
  };
}

/** The definition list's terms and their values, in order. */
function pairs(dl: HTMLElement): [string, string][] {
  const out: [string, string][] = [];
  for (const dt of dl.querySelectorAll(':scope > dt')) out.push([dt.textContent!.trim(), dt.nextElementSibling!.textContent!.trim()]);
  return out;
}

const TLS_CLIENT: SessionConfigInput = { kind: 'tls-client', host: '127.0.0.1', port: 8443 };

describe('session details', () => {
  test('socket options in force, as a definition list', async () => {
    const bridge = new FakeBridge();
    bridge.addSession(
      openSnapshot('s1', { kind: 'tcp-client', host: '127.0.0.1', port: 7 }, {
        options: { noDelay: true, keepAlive: true, idleTimeoutMs: 0, keepAliveDelayMs: 60000, notApplied: 'ttl 9 (the native addon is not available)' },
      }),
    );
    await renderApp(bridge);
    const region = await screen.findByRole('region', { name: 'Session details' });
    const [options] = within(region).getAllByRole('definition').map((dd) => dd.closest('dl')!);
    expect(pairs(options!)).toEqual([
      ['TCP_NODELAY', 'on'],
      ['Keepalive', 'on'],
      ['Idle timeout (ms)', '0 (off)'],
      ['Keepalive delay (ms)', '60,000'],
      ['Not applied', 'ttl 9 (the native addon is not available)'],
    ]);
  });

  test('no region while there is nothing to show', async () => {
    const bridge = new FakeBridge();
    bridge.addSession(openSnapshot('s1', { kind: 'tcp-client', host: '127.0.0.1', port: 7 }));
    await renderApp(bridge);
    await screen.findByRole('tabpanel');
    expect(screen.queryByRole('region', { name: 'Session details' })).toBeNull();
  });

  test('TLS client: protocol, cipher, ALPN, verified, and the chain with subject, issuer, validity and fingerprint', async () => {
    const bridge = new FakeBridge();
    bridge.addSession(openSnapshot('s1', TLS_CLIENT, { tls: tlsInfo() }));
    const user = await renderApp(bridge);
    const region = await screen.findByRole('region', { name: 'Session details' });
    await user.click(within(region).getByText('Details'));
    const lists = [...region.querySelectorAll('dl')].map((dl) => pairs(dl as HTMLElement));
    expect(lists[0]).toEqual([
      ['Protocol', 'TLSv1.3'],
      ['Cipher', 'TLS_AES_256_GCM_SHA384'],
      ['ALPN', 'h2'],
      ['Peer certificate', 'Verified'],
    ]);
    const chain = within(region).getAllByRole('listitem');
    expect(chain).toHaveLength(2);
    expect(pairs(chain[0]!.querySelector('dl')!)).toEqual([
      ['Subject', 'CN=localhost'],
      ['Issuer', 'CN=Wirebench Test CA'],
      ['Valid', 'Jan  1 00:00:00 2024 GMT – Jan  1 00:00:00 2034 GMT'],
      ['Alternative names', 'DNS:localhost, IP Address:127.0.0.1'],
      ['SHA-256 fingerprint', LEAF.fingerprint256],
    ]);
    expect(pairs(chain[1]!.querySelector('dl')!)).toContainEqual(['SHA-256 fingerprint', ROOT.fingerprint256]);
    // Verified: no warning anywhere.
    expect(screen.queryByText(/Certificate verification is OFF/)).toBeNull();
    expect(screen.getByRole('tab').textContent).not.toMatch(/unverified/);
  });

  test('a failed verification says why', async () => {
    const bridge = new FakeBridge();
    bridge.addSession(
      openSnapshot('s1', TLS_CLIENT, {
        status: 'failed',
        error: { code: 'TLS_VERIFY_FAILED', message: 'The server certificate is not trusted: self-signed certificate.' },
        tls: tlsInfo({ authorized: false, authorizationError: 'self-signed certificate', peerChain: [ROOT] }),
      }),
    );
    await renderApp(bridge);
    const panel = await screen.findByRole('tabpanel');
    expect(statusOf(panel)).toBe('Failed: The server certificate is not trusted: self-signed certificate. (TLS_VERIFY_FAILED)');
    const region = within(panel).getByRole('region', { name: 'Session details' });
    expect(within(region).getByText('Not verified: self-signed certificate')).toBeTruthy();
  });

  test('verification off: a warning in the panel and a mark on the tab', async () => {
    const bridge = new FakeBridge();
    bridge.addSession(
      openSnapshot('s1', { ...TLS_CLIENT, verify: false }, { tls: tlsInfo({ verify: false, authorized: false, authorizationError: 'self-signed certificate' }) }),
    );
    bridge.addSession(openSnapshot('s2', { ...TLS_CLIENT, port: 9443 }));
    await renderApp(bridge);
    const panel = await screen.findByRole('tabpanel');
    const notes = within(panel).getAllByRole('note').map((n) => n.textContent?.trim());
    expect(notes).toContain("Certificate verification is OFF — the server's identity is not checked.");
    expect(within(panel).getByText('Not checked (verification is off): self-signed certificate')).toBeTruthy();
    const [off, on] = screen.getAllByRole('tab');
    expect(off!.textContent).toMatch(/^TLS 127\.0\.0\.1:8443\s*unverified$/);
    expect(on!.textContent?.trim()).toBe('TLS 127.0.0.1:9443');

    // Before main reports TLS facts (still connecting), the config alone marks it.
    bridge.setSnapshot(openSnapshot('s1', { ...TLS_CLIENT, verify: false }, { status: 'connecting' }));
    await waitFor(() => expect(statusOf(panel)).toBe('Connecting to 127.0.0.1:8443…'));
    expect(screen.getAllByRole('tab')[0]!.textContent).toMatch(/unverified/);
  });

  test('TLS server: its own (generated) certificate and fingerprint', async () => {
    const bridge = new FakeBridge();
    const own: CertificateInfo = { ...LEAF, issuer: 'CN=localhost', fingerprint256: 'FE:DC:BA:98' };
    bridge.addSession(
      openSnapshot('s1', { kind: 'tls-server', localPort: 8443 }, {
        local: { address: '::', port: 8443, family: 'IPv6' },
        peers: { total: 0, open: 0, rejected: 0 },
        tls: tlsInfo({ peerChain: [], local: own, protocol: null, cipher: null, alpn: null, authorized: false }),
      }),
    );
    await renderApp(bridge);
    const region = await screen.findByRole('region', { name: 'Session details' });
    const heading = within(region).getByRole('heading', { name: "This side's certificate" });
    expect(pairs(heading.parentElement!.querySelector('dl')!)).toContainEqual(['SHA-256 fingerprint', 'FE:DC:BA:98']);
    expect(within(region).queryByRole('heading', { name: 'Peer certificate chain' })).toBeNull();
  });
});

describe('UDP multicast', () => {
  const UDP: SessionConfigInput = { kind: 'udp', localPort: 5000 };

  test('Join group and Leave group call udp.membership; joined groups are listed', async () => {
    const bridge = new FakeBridge();
    bridge.addSession(openSnapshot('s1', UDP, { local: { address: '0.0.0.0', port: 5000, family: 'IPv4' }, remote: null }));
    const user = await renderApp(bridge);
    const region = await screen.findByRole('region', { name: 'Multicast' });
    const m = within(region);
    await user.type(m.getByLabelText('Multicast group'), '239.1.2.3');
    await user.type(m.getByLabelText('Interface'), '127.0.0.1');
    await user.click(m.getByRole('button', { name: 'Join group' }));
    expect(bridge.callsOf('udp.membership')).toEqual([{ id: 's1', action: 'join', group: '239.1.2.3', interface: '127.0.0.1' }]);
    const joined = await m.findByRole('list', { name: 'Joined groups' });
    expect(within(joined).getAllByRole('listitem').map((li) => li.textContent?.replace('×', '').trim())).toEqual(['239.1.2.3@127.0.0.1']);

    await user.clear(m.getByLabelText('Interface'));
    await user.clear(m.getByLabelText('Multicast group'));
    await user.type(m.getByLabelText('Multicast group'), 'ff02::1:3');
    await user.click(m.getByRole('button', { name: 'Join group' }));
    await waitFor(() => expect(within(joined).getAllByRole('listitem')).toHaveLength(2));

    await user.click(m.getByRole('button', { name: 'Leave 239.1.2.3@127.0.0.1' }));
    await user.click(m.getByRole('button', { name: 'Leave group' }));
    expect(bridge.callsOf('udp.membership').slice(1)).toEqual([
      { id: 's1', action: 'join', group: 'ff02::1:3' },
      { id: 's1', action: 'leave', group: '239.1.2.3', interface: '127.0.0.1' },
      { id: 's1', action: 'leave', group: '239.1.2.3', interface: '127.0.0.1' },
    ]);
    await waitFor(() => expect(within(joined).getAllByRole('listitem').map((li) => li.textContent?.replace('×', '').trim())).toEqual(['ff02::1:3']));
  });

  test('an error is shown in words; an empty group is explained; no socket, no buttons', async () => {
    const bridge = new FakeBridge();
    bridge.addSession(openSnapshot('s1', UDP));
    bridge.udpMembership = async (input) => {
      bridge.calls.push({ name: 'udp.membership', input });
      return { ok: false, error: { code: 'EADDRNOTAVAIL', message: '10.9.9.9 is not an address of this machine.' } };
    };
    const user = await renderApp(bridge);
    const m = within(await screen.findByRole('region', { name: 'Multicast' }));
    await user.click(m.getByRole('button', { name: 'Join group' }));
    expect(m.getByRole('alert').textContent).toContain('Enter a multicast group address');
    expect(bridge.callsOf('udp.membership')).toEqual([]);

    await user.type(m.getByLabelText('Multicast group'), '239.1.2.3');
    await user.type(m.getByLabelText('Interface'), '10.9.9.9');
    await user.click(m.getByRole('button', { name: 'Join group' }));
    await waitFor(() => expect(m.getByRole('alert').textContent).toBe('10.9.9.9 is not an address of this machine. (EADDRNOTAVAIL)'));

    bridge.setSnapshot({ ...bridge.sessions.get('s1')!, status: 'closed', closedBy: 'local' });
    await waitFor(() => expect((m.getByRole('button', { name: 'Join group' }) as HTMLButtonElement).disabled).toBe(true));
    expect((m.getByRole('button', { name: 'Leave group' }) as HTMLButtonElement).disabled).toBe(true);
  });

  test('only UDP tabs have multicast controls', async () => {
    const bridge = new FakeBridge();
    bridge.addSession(openSnapshot('s1', { kind: 'tcp-server' }));
    await renderApp(bridge);
    await screen.findByRole('tabpanel');
    expect(screen.queryByRole('region', { name: 'Multicast' })).toBeNull();
  });
});
