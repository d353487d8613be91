import { screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, test } from 'vitest';
import { SOCKET_OPTION_NAMES, type SessionConfigInput } from '../../../src-main/shared/contract.js';
import { allCapabilities, FakeBridge, openSnapshot } from '../fake-bridge.js';
import { renderApp, type User } from '../helpers.js';

const tcpClient: SessionConfigInput = { kind: 'tcp-client', host: '127.0.0.1', port: 7 };

/** Restores one open session and opens its "Socket options" panel; returns that panel. */
async function showOptions(bridge: FakeBridge, config: SessionConfigInput = tcpClient): Promise<{ user: User; options: HTMLElement; panel: HTMLElement }> {
  bridge.addSession(openSnapshot('s1', config));
  const user = await renderApp(bridge);
  const panel = await screen.findByRole('tabpanel');
  const options = within(panel).getByRole('region', { name: 'Socket options' });
  await user.click(within(options).getByText('Socket options'));
  await within(options).findByRole('button', { name: 'Get' });
  return { user, options, panel };
}

function optionNames(options: HTMLElement): string[] {
  const select = within(options).getByLabelText('Option') as HTMLSelectElement;
  return [...select.options].map((o) => o.value);
}

function reading(options: HTMLElement): string {
  return within(options).getByRole('status', { name: 'Socket option reading' }).textContent ?? '';
}

describe('socket options panel', () => {
  test('is collapsed until opened, then offers only the names this system has, with their description', async () => {
    const bridge = new FakeBridge();
    const caps = allCapabilities();
    caps.socketOptions = SOCKET_OPTION_NAMES.filter((n) => n !== 'SO_MARK' && n !== 'TCP_CONGESTION');
    bridge.onCapabilities = () => ({ ok: true, value: caps });
    bridge.addSession(openSnapshot('s1', tcpClient));
    const user = await renderApp(bridge);
    const panel = await screen.findByRole('tabpanel');
    const options = within(panel).getByRole('region', { name: 'Socket options' });
    expect(within(options).queryByRole('button', { name: 'Get' })).toBeNull();

    await user.click(within(options).getByText('Socket options'));
    await waitFor(() => expect(optionNames(options)).not.toContain('SO_MARK'));
    expect(optionNames(options)).not.toContain('TCP_CONGESTION');
    expect(optionNames(options)).toContain('SO_RCVBUF');
    expect(optionNames(options)).toHaveLength(SOCKET_OPTION_NAMES.length - 2);

    const select = within(options).getByLabelText('Option');
    expect(select.getAttribute('aria-describedby')).toBeTruthy();
    expect(within(options).getByText(/Receive buffer size in bytes/)).toBeTruthy();
    await user.selectOptions(select, 'IPV6_V6ONLY');
    expect(within(options).getByText(/An IPv6 socket accepts IPv6 only/)).toBeTruthy();

    // Closing and opening again asks main nothing new.
    const asked = bridge.callsOf('system.capabilities').length;
    await user.click(within(options).getByText('Socket options'));
    await waitFor(() => expect(within(options).queryByRole('button', { name: 'Get' })).toBeNull());
    await user.click(within(options).getByText('Socket options'));
    await within(options).findByRole('button', { name: 'Get' });
    expect(bridge.callsOf('system.capabilities')).toHaveLength(asked);
    expect(optionNames(options)).not.toContain('SO_MARK');
  });

  test('Get by name shows the reading in words and raw hex, and fills the value to set', async () => {
    const bridge = new FakeBridge();
    bridge.onSockoptGet = ({ option }) => ({
      ok: true,
      value: { name: option.type === 'name' ? option.name : null, level: 1, option: 8, value: { type: 'int', value: 131072 }, hex: '00 00 02 00', display: '131072 bytes' },
    });
    const { user, options } = await showOptions(bridge);

    await user.selectOptions(within(options).getByLabelText('Option'), 'SO_RCVBUF');
    await user.click(within(options).getByRole('button', { name: 'Get' }));
    await waitFor(() => expect(reading(options)).toContain('131072 bytes'));
    expect(reading(options)).toContain('SO_RCVBUF');
    expect(reading(options)).toContain('00 00 02 00');
    expect(bridge.callsOf('sockopt.get')).toEqual([{ id: 's1', option: { type: 'name', name: 'SO_RCVBUF' } }]);
    expect((within(options).getByLabelText('Value') as HTMLInputElement).value).toBe('131072');
  });

  test('Set sends an int, a bool and a linger value as typed, and shows each read-back', async () => {
    const bridge = new FakeBridge();
    const { user, options } = await showOptions(bridge);
    const o = within(options);

    await user.selectOptions(o.getByLabelText('Option'), 'SO_SNDBUF');
    await user.type(o.getByLabelText('Value'), '65536');
    await user.click(o.getByRole('button', { name: 'Set' }));
    await waitFor(() => expect(reading(options)).toContain('65536'));

    await user.selectOptions(o.getByLabelText('Option'), 'TCP_NODELAY');
    await user.click(o.getByRole('checkbox', { name: 'On' }));
    await user.click(o.getByRole('button', { name: 'Set' }));
    await waitFor(() => expect(reading(options)).toContain('TCP_NODELAY'));

    await user.selectOptions(o.getByLabelText('Option'), 'SO_LINGER');
    await user.click(o.getByRole('checkbox', { name: 'Linger on' }));
    await user.clear(o.getByLabelText('Seconds'));
    await user.type(o.getByLabelText('Seconds'), '5');
    await user.click(o.getByRole('button', { name: 'Set' }));
    await waitFor(() => expect(reading(options)).toContain('on, 5 s'));

    expect(bridge.callsOf('sockopt.set')).toEqual([
      { id: 's1', option: { type: 'name', name: 'SO_SNDBUF' }, value: { type: 'int', value: 65536 } },
      { id: 's1', option: { type: 'name', name: 'TCP_NODELAY' }, value: { type: 'bool', value: true } },
      { id: 's1', option: { type: 'name', name: 'SO_LINGER' }, value: { type: 'linger', on: true, seconds: 5 } },
    ]);
  });

  test('bad numbers are refused in words before anything is sent', async () => {
    const bridge = new FakeBridge();
    const { user, options } = await showOptions(bridge);
    const o = within(options);

    await user.selectOptions(o.getByLabelText('Option'), 'IP_TTL');
    await user.type(o.getByLabelText('Value'), '12x');
    await user.click(o.getByRole('button', { name: 'Set' }));
    expect(await o.findByText('Value must be a whole number from -2147483648 to 2147483647')).toBeTruthy();
    expect(o.getByLabelText('Value').getAttribute('aria-invalid')).toBe('true');

    await user.selectOptions(o.getByLabelText('Option'), 'SO_LINGER');
    await user.clear(o.getByLabelText('Seconds'));
    await user.type(o.getByLabelText('Seconds'), '70000');
    await user.click(o.getByRole('button', { name: 'Set' }));
    expect(await o.findByText('Seconds must be 0 to 65535')).toBeTruthy();
    expect(bridge.callsOf('sockopt.set')).toEqual([]);
  });

  test('by level and number: Get reads the size asked for, Set sends the hex, bad hex is refused', async () => {
    const bridge = new FakeBridge();
    const { user, options } = await showOptions(bridge);
    const o = within(options);

    await user.click(o.getByRole('radio', { name: 'Level and number' }));
    await user.type(o.getByLabelText('Level'), 'one');
    await user.click(o.getByRole('button', { name: 'Get' }));
    expect(await o.findByText(/^Level must be 0 to 2147483647/)).toBeTruthy();
    expect(o.getByText('Option number must be 0 to 2147483647')).toBeTruthy();
    expect(bridge.callsOf('sockopt.get')).toEqual([]);

    await user.clear(o.getByLabelText('Level'));
    await user.type(o.getByLabelText('Level'), '1');
    await user.type(o.getByLabelText('Option number'), '0x7');
    await user.clear(o.getByLabelText('Size (bytes)'));
    await user.type(o.getByLabelText('Size (bytes)'), '8');
    await user.click(o.getByRole('button', { name: 'Get' }));
    await waitFor(() => expect(bridge.callsOf('sockopt.get')).toHaveLength(1));
    expect(bridge.callsOf('sockopt.get')[0]).toEqual({ id: 's1', option: { type: 'number', level: 1, option: 7, size: 8 } });
    await waitFor(() => expect(reading(options)).toContain('level 1, option 7'));

    await user.clear(o.getByLabelText('Value (hex)'));
    await user.type(o.getByLabelText('Value (hex)'), '00 00 01 0');
    await user.click(o.getByRole('button', { name: 'Set' }));
    expect(await o.findByText(/odd number of hex digits/)).toBeTruthy();
    expect(bridge.callsOf('sockopt.set')).toEqual([]);

    await user.type(o.getByLabelText('Value (hex)'), '0');
    await user.click(o.getByRole('button', { name: 'Set' }));
    await waitFor(() => expect(bridge.callsOf('sockopt.set')).toHaveLength(1));
    expect(bridge.callsOf('sockopt.set')[0]).toEqual({
      id: 's1',
      option: { type: 'number', level: 1, option: 7, size: 4 },
      value: { type: 'hex', value: '00 00 01 00' },
    });
    expect(o.queryByText(/odd number of hex digits/)).toBeNull();
  });

  test("main's error is shown with its code, and a success clears it", async () => {
    const bridge = new FakeBridge();
    bridge.onSockoptGet = ({ option }) =>
      option.type === 'name' && option.name === 'TCP_MAXSEG'
        ? { ok: false, error: { code: 'ENOPROTOOPT', message: 'This socket has no option TCP_MAXSEG (ENOPROTOOPT).' } }
        : { ok: false, error: { code: 'NOT_CONNECTED', message: 'This session is not connected. Connect first.' } };
    const { user, options } = await showOptions(bridge);
    const o = within(options);

    await user.selectOptions(o.getByLabelText('Option'), 'TCP_MAXSEG');
    await user.click(o.getByRole('button', { name: 'Get' }));
    expect((await o.findByRole('alert')).textContent).toBe('This socket has no option TCP_MAXSEG (ENOPROTOOPT). (ENOPROTOOPT)');

    await user.selectOptions(o.getByLabelText('Option'), 'SO_RCVBUF');
    await user.click(o.getByRole('button', { name: 'Get' }));
    await waitFor(() => expect(o.getByRole('alert').textContent).toBe('This session is not connected. Connect first. (NOT_CONNECTED)'));

    await user.type(o.getByLabelText('Value'), '4096');
    await user.click(o.getByRole('button', { name: 'Set' }));
    await waitFor(() => expect(o.queryByRole('alert')).toBeNull());
    expect(reading(options)).toContain('4096');
  });

  test('a read-only option cannot be set', async () => {
    const bridge = new FakeBridge();
    const { user, options } = await showOptions(bridge);
    const o = within(options);
    await user.selectOptions(o.getByLabelText('Option'), 'SO_ERROR');
    expect((o.getByRole('button', { name: 'Set' }) as HTMLButtonElement).disabled).toBe(true);
    expect(o.getByText('SO_ERROR is read-only.')).toBeTruthy();
    expect((o.getByRole('button', { name: 'Get' }) as HTMLButtonElement).disabled).toBe(false);
  });

  test('a server reads the listener, or a client named by id', async () => {
    const bridge = new FakeBridge();
    const { user, options } = await showOptions(bridge, { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 5000 });
    const o = within(options);
    expect((o.getByRole('radio', { name: 'Listening socket' }) as HTMLInputElement).checked).toBe(true);
    expect((o.getByLabelText('Client id') as HTMLInputElement).disabled).toBe(true);

    await user.click(o.getByRole('button', { name: 'Get' }));
    await waitFor(() => expect(bridge.callsOf('sockopt.get')).toHaveLength(1));

    await user.click(o.getByRole('radio', { name: 'Client' }));
    await user.click(o.getByRole('button', { name: 'Get' }));
    expect(await o.findByText('Enter a client id like p1, or choose the listening socket')).toBeTruthy();

    await user.type(o.getByLabelText('Client id'), 'p2');
    await user.click(o.getByRole('button', { name: 'Get' }));
    await waitFor(() => expect(bridge.callsOf('sockopt.get')).toHaveLength(2));
    expect(bridge.callsOf('sockopt.get')).toEqual([
      { id: 's1', option: { type: 'name', name: 'SO_RCVBUF' } },
      { id: 's1', peerId: 'p2', option: { type: 'name', name: 'SO_RCVBUF' } },
    ]);
  });

  test('a client has no socket chooser', async () => {
    const { options } = await showOptions(new FakeBridge());
    expect(within(options).queryByRole('radio', { name: 'Listening socket' })).toBeNull();
    expect(within(options).queryByLabelText('Client id')).toBeNull();
  });
});
