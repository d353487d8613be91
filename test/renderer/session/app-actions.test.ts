// The window's actions from the keyboard (web mode and desktop alike) and from the desktop menus
// (an 'app.action' event): new and closed tabs, switching tabs, Save log, Library, the view,
// Connect and Clear log.
import { screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, test } from 'vitest';
import { FakeBridge } from '../fake-bridge.js';
import { renderApp } from '../helpers.js';

const tabs = (): string[] => screen.queryAllByRole('tab').map((t) => t.id);

describe('app actions', () => {
  test('shortcuts: Ctrl+T new tab, Ctrl+Tab / Ctrl+Shift+Tab switch, Ctrl+W closes, Ctrl+S Save log, Ctrl+B Library, Ctrl+Shift+H view, Ctrl+E connect', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    await user.keyboard('{Control>}t{/Control}');
    await waitFor(() => expect(tabs()).toHaveLength(1));
    await user.keyboard('{Control>}t{/Control}');
    await waitFor(() => expect(tabs()).toEqual(['tab-s1', 'tab-s2']));
    expect(screen.getByRole('tab', { selected: true }).id).toBe('tab-s2');
    await user.keyboard('{Control>}{Tab}{/Control}');
    expect(screen.getByRole('tab', { selected: true }).id).toBe('tab-s1');
    await user.keyboard('{Control>}{Shift>}{Tab}{/Shift}{/Control}');
    expect(screen.getByRole('tab', { selected: true }).id).toBe('tab-s2');
    await user.keyboard('{Control>}w{/Control}');
    await waitFor(() => expect(tabs()).toEqual(['tab-s1']));
    expect(bridge.callsOf('session.close')).toEqual([{ id: 's2' }]);

    const panel = screen.getByRole('tabpanel');
    await user.keyboard('{Control>}s{/Control}');
    const file = await waitFor(() => within(panel).getByRole('form', { name: 'Save log' }).querySelector('input')!);
    await waitFor(() => expect(document.activeElement).toBe(file));

    await user.keyboard('{Control>}b{/Control}');
    await waitFor(() => expect(screen.getByRole('complementary', { name: 'Library' })).toBeTruthy());

    const view = within(panel).getByLabelText('View') as HTMLSelectElement;
    const before = view.value;
    await user.keyboard('{Control>}{Shift>}h{/Shift}{/Control}');
    await waitFor(() => expect(view.value).not.toBe(before));

    await user.type(within(panel).getByLabelText('Host'), '127.0.0.1');
    await user.type(within(panel).getByLabelText('Port'), '7');
    await user.keyboard('{Control>}e{/Control}');
    await waitFor(() => expect(bridge.callsOf('session.connect')).toHaveLength(1));
    expect(bridge.callsOf('session.connect')[0]).toMatchObject({ id: 's1', config: { kind: 'tcp-client', host: '127.0.0.1', port: 7 } });
  });

  test('a desktop menu item arrives as app.action and does the same', async () => {
    const bridge = new FakeBridge();
    await renderApp(bridge);
    bridge.emit('app.action', { action: 'new-tab' });
    await waitFor(() => expect(tabs()).toEqual(['tab-s1']));
    bridge.emit('app.action', { action: 'clear-log' });
    await waitFor(() => expect(bridge.callsOf('log.clear')).toEqual([{ id: 's1' }]));
    bridge.emit('app.action', { action: 'close-tab' });
    await waitFor(() => expect(tabs()).toEqual([]));
  });
});
