// The Traffic toolbar's "Save log…" form: the path checked before main is asked, the call's
// payload, and the result or main's error in words.
import { screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, test } from 'vitest';
import { checkSavePath, savedText } from '../../../src-renderer/traffic/save-log.svelte.js';
import { hugeLog, showLog } from '../log-fixture.js';

async function openForm(count = 1234): Promise<Awaited<ReturnType<typeof showLog>> & { form: HTMLElement }> {
  const shown = await showLog(hugeLog(count));
  const toggle = within(shown.traffic).getByRole('button', { name: 'Save log…' });
  expect(toggle.getAttribute('aria-expanded')).toBe('false');
  expect(within(shown.traffic).queryByRole('form', { name: 'Save log' })).toBeNull();
  await shown.user.click(toggle);
  expect(toggle.getAttribute('aria-expanded')).toBe('true');
  return { ...shown, form: within(shown.traffic).getByRole('form', { name: 'Save log' }) };
}

describe('Save log', () => {
  test('refuses an empty or relative path in words, without asking main', async () => {
    const { bridge, user, form } = await openForm();
    const f = within(form);
    await user.click(f.getByRole('button', { name: 'Save' }));
    expect(f.getByRole('alert').textContent).toBe('Enter the full path of the file to save to, like /home/me/session.jsonl. (INVALID_PAYLOAD)');

    await user.type(f.getByLabelText('File'), 'logs/session.jsonl');
    await user.click(f.getByRole('button', { name: 'Save' }));
    expect(f.getByRole('alert').textContent).toContain('"logs/session.jsonl" is not a full path: start it at the root');
    expect(f.getByLabelText('File').getAttribute('aria-invalid')).toBe('true');
    expect(bridge.callsOf('log.save')).toEqual([]);
  });

  test('saves with the chosen format and Overwrite, and says what was saved', async () => {
    const { bridge, user, form } = await openForm();
    const f = within(form);
    const select = f.getByLabelText('Format') as HTMLSelectElement;
    expect([...select.options].map((o) => o.text)).toEqual(['Every entry (JSON Lines)', 'Received bytes only', 'Sent bytes only', 'pcapng (Wireshark)', 'CSV']);
    bridge.onLogSave = ({ path }) => ({ ok: true, value: { path, entries: 1234, bytes: 5.6 * 1024 * 1024 } });

    await user.type(f.getByLabelText('File'), '  /home/me/firmware.bin ');
    await user.selectOptions(select, 'Received bytes only');
    await user.click(f.getByRole('checkbox', { name: 'Overwrite' }));
    await user.click(f.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(f.getByRole('status').textContent).toBe('Saved 1,234 entries (5.6 MiB) to /home/me/firmware.bin'));
    expect(bridge.callsOf('log.save')).toEqual([{ id: 's1', path: '/home/me/firmware.bin', format: 'raw-in', overwrite: true, encoding: 'utf-8' }]);
    expect(f.queryByRole('alert')).toBeNull();
  });

  test('pcapng and CSV; CSV text in the tab\'s encoding', async () => {
    const { bridge, user, form } = await openForm();
    const f = within(form);
    bridge.onLogSave = ({ path }) => ({ ok: true, value: { path, entries: 3, bytes: 300 } });
    await user.type(f.getByLabelText('File'), '/tmp/capture.pcapng');
    await user.selectOptions(f.getByLabelText('Format'), 'pcapng (Wireshark)');
    await user.click(f.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(f.getByRole('status').textContent).toBe('Saved 3 entries (300 B) to /tmp/capture.pcapng'));
    const panel = screen.getByRole('tabpanel');
    await user.selectOptions(within(panel).getAllByLabelText('Encoding')[0]!, 'GB18030 (GBK)');
    await user.selectOptions(f.getByLabelText('Format'), 'CSV');
    await user.click(f.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(bridge.callsOf('log.save')).toHaveLength(2));
    expect(bridge.callsOf('log.save').map((c) => [c.format, c.encoding])).toEqual([['pcapng', 'utf-8'], ['csv', 'gb18030']]);
  });

  test("shows main's error in words, and clears it on the next success", async () => {
    const { bridge, user, form } = await openForm();
    const f = within(form);
    bridge.onLogSave = ({ path }) => ({ ok: false, error: { code: 'EEXIST', message: `A file already exists at ${path}; choose Overwrite or another name.` } });
    await user.type(f.getByLabelText('File'), '/tmp/taken.jsonl');
    await user.click(f.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(f.getByRole('alert').textContent).toBe('A file already exists at /tmp/taken.jsonl; choose Overwrite or another name. (EEXIST)'),
    );
    expect(bridge.callsOf('log.save')).toEqual([{ id: 's1', path: '/tmp/taken.jsonl', format: 'jsonl', overwrite: false, encoding: 'utf-8' }]);

    bridge.onLogSave = ({ path }) => ({ ok: true, value: { path, entries: 1, bytes: 100 } });
    await user.click(f.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(f.getByRole('status').textContent).toBe('Saved 1 entry (100 B) to /tmp/taken.jsonl'));
    expect(f.queryByRole('alert')).toBeNull();
  });

  test('Save is disabled while a save is under way', async () => {
    const { bridge, user, form } = await openForm();
    const f = within(form);
    let finish: () => void = () => undefined;
    bridge.onLogSave = ({ path }) => new Promise((resolve) => (finish = () => resolve({ ok: true, value: { path, entries: 2, bytes: 10 } })));
    await user.type(f.getByLabelText('File'), '/tmp/slow.jsonl');
    await user.click(f.getByRole('button', { name: 'Save' }));
    const busy = await f.findByRole('button', { name: 'Saving…' });
    expect((busy as HTMLButtonElement).disabled).toBe(true);
    finish();
    await waitFor(() => expect(f.getByRole('status').textContent).toBe('Saved 2 entries (10 B) to /tmp/slow.jsonl'));
    expect((f.getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(false);
  });
});

describe('checkSavePath and savedText', () => {
  test('absolute POSIX, drive and UNC paths pass; the rest say why', () => {
    for (const ok of ['/x', 'C:\\Users\\me\\log.jsonl', 'd:/log', '\\\\server\\share\\log']) expect(checkSavePath(ok), ok).toBeNull();
    for (const bad of ['x', 'C:log', '~/log', './log']) expect(checkSavePath(bad), bad).toMatch(/is not a full path/);
    expect(savedText({ path: '/a', entries: 0, bytes: 0 })).toBe('Saved 0 entries (0 B) to /a');
  });
});
