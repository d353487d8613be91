// The Kind chooser asks main once what this machine can do: kinds it cannot offer are disabled
// with the reason in words; available kinds with something to know (privilege) say it.
import { screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, test } from 'vitest';
import { NATIVE_KINDS, KINDS, SESSION_KINDS } from '../../../src-main/shared/contract.js';
import { KIND_GROUPS } from '../../../src-renderer/connect/kind-groups.js';
import { FakeBridge, idleSnapshot, withoutNative } from '../fake-bridge.js';
import { descriptionOf, openTabOfKind } from '../forms-helpers.js';
import { openTab, renderApp } from '../helpers.js';

function kindSelect(panel: HTMLElement): HTMLSelectElement {
  return within(panel).getByLabelText('Kind') as HTMLSelectElement;
}

function option(select: HTMLSelectElement, kind: string): HTMLOptionElement {
  return [...select.options].find((o) => o.value === kind)!;
}

describe('Kind chooser and capabilities', () => {
  test('groups every kind once by socket type', () => {
    expect(KIND_GROUPS.flatMap((g) => g.kinds).sort()).toEqual([...SESSION_KINDS].sort());
  });

  test('without the native addon, its six kinds are disabled and the reason is shown and described', async () => {
    const bridge = new FakeBridge();
    const reason = 'The native addon did not build: node-gyp found no C compiler.';
    bridge.onCapabilities = () => ({ ok: true, value: withoutNative(reason) });
    const user = await renderApp(bridge);
    const panel = await openTab(user, bridge);
    const select = kindSelect(panel);
    await waitFor(() => expect(option(select, 'ping').disabled).toBe(true));
    for (const kind of NATIVE_KINDS) {
      const o = option(select, kind);
      expect(o.disabled).toBe(true);
      expect(o.textContent).toBe(`${KINDS[kind].label} (unavailable)`);
      expect(o.title).toBe(reason);
    }
    for (const kind of SESSION_KINDS.filter((k) => !NATIVE_KINDS.includes(k))) expect(option(select, kind).disabled).toBe(false);

    // Visible below the chooser, and read out with it.
    const list = within(panel).getByRole('list', { name: 'Kinds not available here' });
    expect(list.textContent).toContain(`Not available here: Unix datagram client, Unix datagram server, Unix seqpacket client, Unix seqpacket server, Ping, Raw IP — ${reason}`);
    expect(descriptionOf(select)).toContain(reason);

    // A disabled kind cannot be chosen: the tab keeps its session.
    await user.selectOptions(select, 'ping').catch(() => undefined);
    expect(bridge.callsOf('session.create')).toEqual([{ kind: 'tcp-client' }]);
    expect(bridge.callsOf('system.capabilities')).toHaveLength(1);
  });

  test('one kind unavailable for its own reason: only it is disabled, with that reason', async () => {
    const bridge = new FakeBridge();
    bridge.onCapabilities = () => {
      const caps = withoutNative();
      for (const kind of NATIVE_KINDS) caps.kinds[kind] = { available: true, reason: null, note: null };
      caps.kinds['unix-seqpacket-client'] = { available: false, reason: 'This OS has no Unix seqpacket sockets.', note: null };
      caps.kinds['unix-seqpacket-server'] = { available: false, reason: 'This OS has no Unix seqpacket sockets.', note: null };
      return { ok: true, value: caps };
    };
    const user = await renderApp(bridge);
    const panel = await openTab(user, bridge);
    const select = kindSelect(panel);
    await waitFor(() => expect(option(select, 'unix-seqpacket-client').disabled).toBe(true));
    expect(option(select, 'ping').disabled).toBe(false);
    expect(within(panel).getByRole('list', { name: 'Kinds not available here' }).textContent).toBe(
      'Not available here: Unix seqpacket client, Unix seqpacket server — This OS has no Unix seqpacket sockets.',
    );
  });

  test('every kind available: no list; a chosen kind with a note says it next to the chooser', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    const first = await openTab(user, bridge);
    await waitFor(() => expect(bridge.callsOf('system.capabilities')).toHaveLength(1));
    expect(within(first).queryByRole('list', { name: 'Kinds not available here' })).toBeNull();
    expect(descriptionOf(kindSelect(first))).toBe('');

    const panel = await openTabOfKind(user, bridge, 'raw-ip');
    const select = kindSelect(panel);
    expect(descriptionOf(select)).toBe('Needs root or CAP_NET_RAW.');
    expect(within(panel).getByText('Needs root or CAP_NET_RAW.')).toBeTruthy();
    expect(option(select, 'ping').title).toContain('CAP_NET_RAW');
    // Asked once for the app, not per tab.
    expect(bridge.callsOf('system.capabilities')).toHaveLength(1);
  });

  test('a restored tab of a kind that is unavailable says why next to its chooser', async () => {
    const bridge = new FakeBridge();
    bridge.onCapabilities = () => ({ ok: true, value: withoutNative('The native addon did not load.') });
    bridge.addSession(idleSnapshot('s1', { kind: 'ping' }));
    await renderApp(bridge);
    const panel = await screen.findByRole('tabpanel');
    const select = kindSelect(panel);
    await waitFor(() => expect(descriptionOf(select)).toContain('The native addon did not load.'));
    expect(select.value).toBe('ping');
  });
});
