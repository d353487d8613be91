// Settings: the theme and font size apply to the page at once and are kept with the workspace;
// new tabs start with the chosen input format and line ending; a font size out of range is
// refused in words; Ctrl+, opens it; an old workspace without these settings gets the defaults.
import { cleanup, screen, waitFor, within } from '@testing-library/svelte';
import * as v from 'valibot';
import { describe, expect, test } from 'vitest';
import { Workspace } from '../../../src-main/shared/contract.js';
import { FakeBridge } from '../fake-bridge.js';
import { openTab, renderApp } from '../helpers.js';

describe('Settings', () => {
  test('theme, font size and new-tab defaults: applied, saved, restored', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    await user.keyboard('{Control>},{/Control}');
    const settings = await waitFor(() => screen.getByRole('dialog', { name: 'Settings' }));
    await waitFor(() => expect(document.activeElement?.id).toBe('settings-language'));
    const s = within(settings);
    await user.selectOptions(s.getByLabelText('Theme'), 'Dark');
    expect(document.documentElement.dataset['theme']).toBe('dark');
    await user.selectOptions(s.getByLabelText('Theme'), 'Light');
    expect(document.documentElement.dataset['theme']).toBe('light');

    const size = s.getByLabelText('Font size (px)');
    await user.clear(size);
    await user.type(size, '40');
    expect(s.getByRole('alert').textContent).toBe('Enter a whole number of pixels from 10 to 24.');
    await user.clear(size);
    await user.type(size, '16');
    expect(document.documentElement.style.fontSize).toBe('16px');

    await user.selectOptions(s.getByLabelText('Input format'), 'Hex');
    await user.selectOptions(s.getByLabelText('Line ending'), 'CRLF');
    const panel = await openTab(user, bridge);
    expect((within(panel).getByLabelText('Input format') as HTMLSelectElement).value).toBe('hex');
    expect((within(panel).getByLabelText('Line ending') as HTMLSelectElement).value).toBe('crlf');

    await waitFor(() => expect(bridge.workspace.settings).toEqual({ reconnectOnStart: false, language: 'system', theme: 'light', fontSize: 16, newTab: { format: 'hex', lineEnding: 'crlf' }, logMemoryMib: null, spillDir: null }));
    await user.click(s.getByRole('button', { name: 'Close settings' }));
    expect(screen.queryByRole('dialog', { name: 'Settings' })).toBeNull();
    document.documentElement.removeAttribute('data-theme');
    document.documentElement.style.fontSize = '';
  });

  test('log memory and spill folder: applied in main for new tabs, refused in words, kept and re-applied on start', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    const s = within(screen.getByRole('dialog', { name: 'Settings' }));
    await user.type(s.getByLabelText('Memory per tab (MiB)'), '4');
    expect(s.getByRole('alert').textContent).toBe('Memory per tab: enter a whole number of MiB from 8 to 65536, or leave it empty for the default.');
    expect((s.getByRole('button', { name: 'Apply' }) as HTMLButtonElement).disabled).toBe(true);
    await user.type(s.getByLabelText('Memory per tab (MiB)'), '8');
    await user.type(s.getByLabelText('Spill folder'), '/nowhere');
    await user.click(s.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(s.getByRole('alert').textContent).toBe('The spill folder /nowhere does not exist: create it, or choose another. (ENOENT)'));
    await user.clear(s.getByLabelText('Spill folder'));
    await user.type(s.getByLabelText('Spill folder'), '/var/tmp/wb');
    await user.click(s.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(s.getByRole('status').textContent).toBe('New tabs keep 48 MiB of their log in memory and spill the rest to /var/tmp/wb.'));
    expect(bridge.callsOf('system.configureLog').at(-1)).toEqual({ logMemoryMib: 48, spillDir: '/var/tmp/wb' });
    await waitFor(() => expect(bridge.workspace.settings).toMatchObject({ logMemoryMib: 48, spillDir: '/var/tmp/wb' }));

    // On the next start, main is told again before any tab opens.
    const next = new FakeBridge();
    next.workspace = bridge.workspace;
    await renderApp(next);
    await waitFor(() => expect(next.callsOf('system.configureLog')).toEqual([{ logMemoryMib: 48, spillDir: '/var/tmp/wb' }]));
  });

  test('restored with the workspace; System follows the OS (no data-theme); an older file gets the defaults', async () => {
    const old = v.parse(Workspace, { version: 1, tabs: [], selected: 0, settings: { reconnectOnStart: false } });
    expect(old.settings).toEqual({ reconnectOnStart: false, language: 'system', theme: 'system', fontSize: 13, newTab: { format: 'text', lineEnding: 'none' }, logMemoryMib: null, spillDir: null });
    const bridge = new FakeBridge();
    bridge.workspace = { ...old, settings: { ...old.settings, theme: 'dark', fontSize: 18 } };
    await renderApp(bridge);
    await waitFor(() => expect(document.documentElement.dataset['theme']).toBe('dark'));
    expect(document.documentElement.style.fontSize).toBe('18px');
    document.documentElement.removeAttribute('data-theme');
    document.documentElement.style.fontSize = '';
  });

  test('Language: 简体中文 at once, without losing what is typed; kept; System follows the OS; English again', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    const panel = await openTab(user, bridge);
    const message = within(panel).getByLabelText('Message') as HTMLTextAreaElement;
    await user.type(message, 'hello');
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    const s = within(screen.getByRole('dialog', { name: 'Settings' }));
    expect([...(s.getByLabelText('Language') as HTMLSelectElement).options].map((o) => o.text)).toEqual(['System', 'English', '简体中文']);
    await user.selectOptions(s.getByLabelText('Language'), '简体中文');

    const zh = within(await waitFor(() => screen.getByRole('dialog', { name: '设置' })));
    expect(zh.getByLabelText('主题')).toBeTruthy();
    expect([...(zh.getByLabelText('语言') as HTMLSelectElement).options].map((o) => o.text)).toEqual(['跟随系统', 'English', '简体中文']);
    expect(screen.getByRole('button', { name: '新建连接' })).toBeTruthy();
    expect(within(panel).getByRole('button', { name: '连接' })).toBeTruthy();
    expect((within(panel).getByLabelText('报文') as HTMLTextAreaElement).value).toBe('hello');
    expect(document.documentElement.lang).toBe('zh-CN');
    await waitFor(() => expect(bridge.workspace.settings.language).toBe('zh-CN'));
    expect(bridge.callsOf('app.setLanguage').at(-1)).toMatchObject({ language: 'zh-CN' });

    // System: the OS says Chinese (the desktop), whatever the browser says.
    bridge.osLanguages = ['zh-Hans-CN'];
    await user.selectOptions(zh.getByLabelText('语言'), '跟随系统');
    await waitFor(() => expect(document.documentElement.lang).toBe('zh-CN'));
    bridge.osLanguages = ['en-GB'];
    await user.selectOptions(zh.getByLabelText('语言'), 'English');
    await waitFor(() => expect(screen.getByRole('dialog', { name: 'Settings' })).toBeTruthy());
    expect(document.documentElement.lang).toBe('en');

    // A restart in 简体中文 starts in it.
    cleanup();
    const next = new FakeBridge();
    next.workspace = { ...bridge.workspace, settings: { ...bridge.workspace.settings, language: 'zh-CN' } };
    await renderApp(next);
    await waitFor(() => expect(screen.getByRole('button', { name: '设置' })).toBeTruthy());
    expect(screen.getByText('没有打开的连接。')).toBeTruthy();
  });
});
