// The Library panel, by role and label: "Save message" and "Save as profile" keep items under a
// name; the panel (the Library button, Ctrl+B) filters, sends, loads, renames, deletes and opens
// them; an import that shares names asks Replace or Keep both; a bad file is an error in words.
import { screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, test } from 'vitest';
import { EMPTY_LIBRARY } from '../../../src-main/shared/contract.js';
import { FakeBridge } from '../fake-bridge.js';
import { connectedTab, openTab, renderApp, type User } from '../helpers.js';

async function saveAs(user: User, scope: HTMLElement, button: string, name: string): Promise<void> {
  const s = within(scope);
  await user.click(s.getByRole('button', { name: button }));
  const group = s.getByRole('group', { name: button });
  await user.type(within(group).getByLabelText('Name'), name);
  await user.click(within(group).getByRole('button', { name: 'Save' }));
}

function libraryPanel(): HTMLElement {
  return screen.getByRole('complementary', { name: 'Library' });
}

function item(list: 'Messages' | 'Profiles', name: string): HTMLElement {
  return within(within(libraryPanel()).getByRole('list', { name: list })).getByRole('listitem', { name });
}

async function importText(user: User, text: string): Promise<void> {
  await user.upload(within(libraryPanel()).getByLabelText('Import library…'), new File([text], 'import.json', { type: 'application/json' }));
}

describe('the library', () => {
  test('"Save message" keeps the composer text; the panel filters, loads, sends, renames and deletes it', async () => {
    const { bridge, user, panel } = await connectedTab();
    const p = within(panel);
    await user.type(p.getByLabelText('Message'), 'PING');
    await user.selectOptions(p.getByLabelText('Line ending'), 'CRLF');
    await saveAs(user, panel, 'Save message', 'Redis ping');
    await waitFor(() => expect(bridge.library.messages).toHaveLength(1));
    expect(bridge.library.messages[0]).toMatchObject({ name: 'Redis ping', text: 'PING', format: 'text', lineEnding: 'crlf' });

    await user.keyboard('{Control>}b{/Control}');
    const lib = within(libraryPanel());
    expect(item('Messages', 'Redis ping').textContent).toContain('text: PING');
    await user.type(lib.getByLabelText('Filter library'), 'nothing like it');
    expect(lib.queryByRole('listitem', { name: 'Redis ping' })).toBeNull();
    await user.clear(lib.getByLabelText('Filter library'));

    await user.clear(p.getByLabelText('Message'));
    await user.click(within(item('Messages', 'Redis ping')).getByRole('button', { name: 'Load' }));
    expect((p.getByLabelText('Message') as HTMLTextAreaElement).value).toBe('PING');
    await user.clear(p.getByLabelText('Message'));
    await user.click(within(item('Messages', 'Redis ping')).getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(bridge.callsOf('session.send')).toEqual([{ id: 's1', payload: { format: 'text', text: 'PING', lineEnding: 'crlf', encoding: 'utf-8', checksum: null, expand: false } }]));

    await user.click(within(item('Messages', 'Redis ping')).getByRole('button', { name: 'Rename' }));
    await user.clear(lib.getByLabelText('New name'));
    await user.type(lib.getByLabelText('New name'), 'PING (Redis){Enter}');
    await waitFor(() => expect(bridge.library.messages[0]!.name).toBe('PING (Redis)'));
    await user.click(within(item('Messages', 'PING (Redis)')).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(bridge.library.messages).toEqual([]));
    expect(lib.getByText('No messages saved yet.')).toBeTruthy();
  });

  test('"Save as profile" keeps the kind and fields; Open makes a new tab with them', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    const panel = await openTab(user, bridge);
    await user.type(within(panel).getByLabelText('Host'), 'plc.local');
    await user.type(within(panel).getByLabelText('Port'), '502');
    await saveAs(user, panel, 'Save as profile', 'PLC');
    await waitFor(() => expect(bridge.library.profiles).toHaveLength(1));
    expect(bridge.library.profiles[0]).toMatchObject({ name: 'PLC', kind: 'tcp-client', fields: { host: 'plc.local', port: '502' } });

    await user.click(screen.getByRole('button', { name: 'Library' }));
    expect(item('Profiles', 'PLC').textContent).toContain('TCP client, plc.local:502');
    await user.click(within(item('Profiles', 'PLC')).getByRole('button', { name: 'Open' }));
    await waitFor(() => expect(screen.getAllByRole('tab')).toHaveLength(2));
    await waitFor(() => expect((within(screen.getByRole('tabpanel')).getByLabelText('Host') as HTMLInputElement).value).toBe('plc.local'));
    expect((within(screen.getByRole('tabpanel')).getByLabelText('Port') as HTMLInputElement).value).toBe('502');
  });

  test('an import sharing names asks: Keep both adds them, Replace takes the place of the library items', async () => {
    const bridge = new FakeBridge();
    bridge.library = { ...EMPTY_LIBRARY, messages: [{ id: 'm-1', name: 'Hello', text: 'old', format: 'text', lineEnding: 'none' }] };
    const user = await renderApp(bridge);
    await user.click(screen.getByRole('button', { name: 'Library' }));
    const packetSender = JSON.stringify([{ name: 'Hello', hexstring: '68 69', toip: '127.0.0.1', port: '9000', tcporudp: 'UDP' }]);

    await importText(user, packetSender);
    const dialog = await screen.findByRole('dialog', { name: 'Import library' });
    expect(dialog.textContent).toContain('A name is already in the library: Hello.');
    await user.click(within(dialog).getByRole('button', { name: 'Keep both' }));
    await waitFor(() => expect(bridge.library.messages.map((m) => m.text)).toEqual(['old', '68 69']));
    expect(bridge.library.profiles.map((p) => [p.name, p.kind])).toEqual([['Hello', 'udp']]);
    expect(within(libraryPanel()).getByRole('status', { name: 'Library' }).textContent).toBe('Imported 1 message and 1 profile from a Packet Sender export.');

    await importText(user, packetSender);
    await user.click(within(await screen.findByRole('dialog', { name: 'Import library' })).getByRole('button', { name: 'Replace' }));
    await waitFor(() => expect(bridge.library.messages.map((m) => m.text)).toEqual(['68 69']));
    expect(bridge.library.profiles).toHaveLength(1);
  });

  test('a bad file is an error in words that names what is wrong, and nothing is imported', async () => {
    const bridge = new FakeBridge();
    const user = await renderApp(bridge);
    await user.click(screen.getByRole('button', { name: 'Library' }));
    await importText(user, JSON.stringify([{ name: 'a', hexstring: '01' }, { name: 'b', hexstring: '02' }, { hexstring: '03' }]));
    const alert = await within(libraryPanel()).findByRole('alert');
    expect(alert.textContent).toBe('Packet 3 has no name; nothing was imported. (INVALID_PAYLOAD)');
    expect(bridge.library).toEqual(EMPTY_LIBRARY);
    expect(bridge.callsOf('library.save')).toEqual([]);
  });

  test('"Export library…" writes to the path typed, and says what it wrote', async () => {
    const bridge = new FakeBridge();
    bridge.library = { ...EMPTY_LIBRARY, messages: [{ id: 'm-1', name: 'A', text: 'a', format: 'text', lineEnding: 'none' }] };
    const user = await renderApp(bridge);
    await user.click(screen.getByRole('button', { name: 'Library' }));
    const lib = within(libraryPanel());
    await user.type(lib.getByLabelText('Export library to (full path)'), '/home/me/lib.json');
    await user.click(lib.getByLabelText('Overwrite'));
    await user.click(lib.getByRole('button', { name: 'Export library…' }));
    await waitFor(() => expect(bridge.callsOf('library.export')).toEqual([{ path: '/home/me/lib.json', overwrite: true }]));
    expect(lib.getByRole('status', { name: 'Library' }).textContent).toBe('Exported 1 message and 0 profiles to /home/me/lib.json.');
  });
});
