import { screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, test } from 'vitest';
import type { SessionConfigInput } from '../../../src-main/shared/contract.js';
import { FakeBridge, openSnapshot } from '../fake-bridge.js';
import { fill } from '../forms-helpers.js';
import { renderApp, type User } from '../helpers.js';

const withHeader: SessionConfigInput = { kind: 'raw-ip', protocol: 253, host: '127.0.0.1', includeHeader: true };

async function showRawSend(bridge: FakeBridge, config: SessionConfigInput = withHeader): Promise<{ user: User; form: HTMLElement; panel: HTMLElement }> {
  bridge.addSession(openSnapshot('s1', config));
  const user = await renderApp(bridge);
  const panel = await screen.findByRole('tabpanel');
  const form = await within(panel).findByRole('form', { name: 'Raw IP send' });
  return { user, form, panel };
}

function preview(form: HTMLElement): string {
  return within(form).getByRole('region', { name: 'Header preview' }).textContent ?? '';
}

describe('raw IP send with the IPv4 header', () => {
  test('without Include IP header the plain composer stays', async () => {
    const bridge = new FakeBridge();
    bridge.addSession(openSnapshot('s1', { kind: 'raw-ip', protocol: 253, host: '127.0.0.1' }));
    await renderApp(bridge);
    const panel = await screen.findByRole('tabpanel');
    expect(within(panel).queryByRole('form', { name: 'Raw IP send' })).toBeNull();
    expect(within(panel).getByLabelText('Message')).toBeTruthy();
  });

  test('field errors are said next to each field, and nothing is sent while one stands', async () => {
    const bridge = new FakeBridge();
    const { user, form } = await showRawSend(bridge);
    const f = within(form);

    await fill(user, form, 'TTL', '300');
    await fill(user, form, 'Source', '192.0.2');
    await fill(user, form, 'IHL', '4');
    await fill(user, form, 'Checksum', '0x10000');
    expect(f.getByText('TTL must be 0 to 255')).toBeTruthy();
    expect(f.getByText('Source must be an IPv4 address like 192.0.2.1')).toBeTruthy();
    expect(f.getByText('IHL must be 5 to 15')).toBeTruthy();
    expect(f.getByText('Checksum must be 0 to 65535')).toBeTruthy();
    expect(f.getByLabelText('TTL').getAttribute('aria-invalid')).toBe('true');
    expect(f.getByLabelText('TTL').getAttribute('aria-describedby')).toContain('-error');
    expect(preview(form)).toContain('Fix the fields marked above');

    await user.click(f.getByRole('button', { name: 'Send' }));
    expect(bridge.callsOf('raw.send')).toEqual([]);

    await fill(user, form, 'TTL', '64');
    expect(f.queryByText('TTL must be 0 to 255')).toBeNull();
    expect(f.getByLabelText('TTL').getAttribute('aria-invalid')).toBeNull();
  });

  test('the preview shows the header bytes and the computed checksum; Send passes the fields to raw.send', async () => {
    const bridge = new FakeBridge();
    const { user, form } = await showRawSend(bridge);
    const f = within(form);

    // The classic example header: checksum 0xb861 (RFC 1071 arithmetic, worked out by hand).
    await fill(user, form, 'ID', '0');
    await user.click(f.getByRole('checkbox', { name: "DF (don't fragment)" }));
    await fill(user, form, 'TTL', '64');
    await fill(user, form, 'Protocol', '17');
    await fill(user, form, 'Source', '192.168.0.1');
    await fill(user, form, 'Destination', '192.168.0.199');
    await fill(user, form, 'Total length', '115');
    await user.type(f.getByLabelText('Payload'), 'hi');

    expect(preview(form)).toContain('45 00 00 73 00 00 40 00 40 11 B8 61 C0 A8 00 01 C0 A8 00 C7');
    expect(preview(form)).toContain('0xb861 (computed)');

    await user.click(f.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(bridge.callsOf('raw.send')).toHaveLength(1));
    expect(bridge.callsOf('raw.send')[0]).toEqual({
      id: 's1',
      payload: { format: 'text', text: 'hi', lineEnding: 'none', encoding: 'utf-8', checksum: null, expand: false },
      header: { version: 4, ihl: 5, tos: 0, totalLength: 115, id: 0, flags: 2, fragmentOffset: 0, ttl: 64, protocol: 17, source: '192.168.0.1', destination: '192.168.0.199' },
    });
    expect(await f.findByText('Sent 2 B as entry 0.')).toBeTruthy();
  });

  test('a checksum typed overrides the computed one, which is still shown', async () => {
    const bridge = new FakeBridge();
    const { user, form } = await showRawSend(bridge);
    const f = within(form);
    await fill(user, form, 'Destination', '192.0.2.1');
    await fill(user, form, 'Checksum', '0xbeef');
    expect(preview(form)).toMatch(/0xbeef \(yours; computed would be 0x[0-9a-f]{4}\)/);
    expect(preview(form)).toContain('BE EF 00 00 00 00 C0 00 02 01');

    await fill(user, form, 'Send to host', '10.0.0.9');
    await user.click(f.getByRole('checkbox', { name: 'MF (more fragments)' }));
    await user.click(f.getByRole('checkbox', { name: 'Reserved' }));
    await user.click(f.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(bridge.callsOf('raw.send')).toHaveLength(1));
    const call = bridge.callsOf('raw.send')[0]!;
    expect(call.host).toBe('10.0.0.9');
    expect(call.header).toMatchObject({ checksum: 0xbeef, flags: 5, destination: '192.0.2.1' });
    expect(call.header).not.toHaveProperty('totalLength');
    expect(call.header).not.toHaveProperty('protocol');
  });

  test('the payload uses the input format: bad hex is said under it and the preview counts decoded bytes', async () => {
    const bridge = new FakeBridge();
    const { user, form } = await showRawSend(bridge);
    const f = within(form);
    await user.selectOptions(f.getByLabelText('Input format'), 'Hex');
    await user.type(f.getByLabelText('Payload'), 'de ad b');
    expect(f.getByText(/odd number of hex digits/)).toBeTruthy();
    await user.type(f.getByLabelText('Payload'), 'e ef');
    expect(f.queryByText(/odd number of hex digits/)).toBeNull();
    // 20 header bytes + 4 payload bytes; the session's protocol (253 = 0xfd) fills the empty Protocol.
    expect(preview(form)).toContain('45 00 00 18');
    expect(preview(form)).toContain('40 FD');
    expect(preview(form)).toContain('24 B (computed)');
  });

  test("main's error is shown with its code", async () => {
    const bridge = new FakeBridge();
    bridge.onRawSend = () => ({ ok: false, error: { code: 'EPERM_RAW', message: 'Raw sockets need root or CAP_NET_RAW.' } });
    const { user, form } = await showRawSend(bridge);
    await user.click(within(form).getByRole('button', { name: 'Send' }));
    expect((await within(form).findByRole('alert')).textContent).toBe('Raw sockets need root or CAP_NET_RAW. (EPERM_RAW)');
  });

  test('with no default host, Send asks for one before sending', async () => {
    const bridge = new FakeBridge();
    const { user, form } = await showRawSend(bridge, { kind: 'raw-ip', protocol: 253, includeHeader: true });
    await user.click(within(form).getByRole('button', { name: 'Send' }));
    expect(await within(form).findByText('Enter a host: this session has no default destination')).toBeTruthy();
    expect(bridge.callsOf('raw.send')).toEqual([]);
    expect(preview(form)).toContain('The destination shows as 0.0.0.0');
  });
});
