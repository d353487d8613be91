// The messages issue's controls against the fake bridge: Receiving (framing, verify) sent to
// main when valid and refused in words when not; Show and Only failed checks as filtered reads;
// the Time column; Find with its status; Copy as on a Shift+click range; the composer's
// encoding and checksum in the payload.
import { waitFor, within } from '@testing-library/svelte';
import { describe, expect, test } from 'vitest';
import type { LogEntry, ReceiveSettings } from '../../../src-main/shared/contract.js';
import { bytesOf, logOf, makeEntry } from '../fake-bridge.js';
import { rowsOf, showLog } from '../log-fixture.js';

const entries: LogEntry[] = [
  makeEntry(0, 'out', bytesOf('GET /\r\n')),
  makeEntry(1, 'in', bytesOf('HTTP/1.0 200 OK\r\n')),
  makeEntry(2, 'in', Uint8Array.of(0x01, 0x03, 0xc5, 0xcd)),
  { ...makeEntry(3, 'in', bytesOf('tail')), cut: 'incomplete' },
];

describe('receiving, filters, time, find and copy', () => {
  test('Receiving: a framing change goes to main once valid; a bad delimiter is refused in words', async () => {
    const { bridge, user, panel } = await showLog(logOf(entries));
    bridge.handlers['session.receive'] = async (input) => ({ ok: true, value: { framing: input.framing, verify: input.verify } as ReceiveSettings });
    const receiving = within(panel).getByRole('region', { name: 'Receiving' });
    await user.click(receiving.querySelector('summary')!);
    await user.selectOptions(within(receiving).getByLabelText('Framing'), 'Delimiter');
    await waitFor(() => expect(bridge.callsOf('session.receive').at(-1)?.framing).toMatchObject({ mode: 'delimiter', delimiter: '\\n' }));

    const delimiter = within(receiving).getByLabelText('Delimiter');
    await user.clear(delimiter);
    await user.type(delimiter, '\\q{Enter}');
    expect(await within(receiving).findByText(/Delimiter: Invalid escape "\\q" at position 1/)).toBeTruthy();
    expect(bridge.callsOf('session.receive').at(-1)?.framing).toMatchObject({ delimiter: '\\n' });
    await user.clear(delimiter);
    await user.type(delimiter, '0x7E{Enter}');
    await waitFor(() => expect(bridge.callsOf('session.receive').at(-1)?.framing).toMatchObject({ mode: 'delimiter', delimiter: '0x7E' }));

    await user.selectOptions(within(receiving).getByLabelText('Verify checksum'), 'CRC-16/MODBUS');
    await waitFor(() => expect(bridge.callsOf('session.receive').at(-1)?.verify).toEqual({ algorithm: 'crc16-modbus', byteOrder: 'little', from: 0, excludeLast: 0 }));
    // With a checksum verified, the log shows the Check column and the failed-only filter.
    const traffic = within(panel).getByRole('region', { name: 'Traffic' });
    expect(within(traffic).getByRole('columnheader', { name: 'Check' })).toBeTruthy();
    await user.click(within(traffic).getByRole('checkbox', { name: 'Only failed checks' }));
    await waitFor(() => expect(bridge.callsOf('log.read').at(-1)).toMatchObject({ failedOnly: true }));
  });

  test('Show Received reads only received entries; the incomplete tail is marked; Since previous shows deltas', async () => {
    const { bridge, user, traffic } = await showLog(logOf(entries));
    await waitFor(() => expect(rowsOf(traffic)).toHaveLength(4));
    expect(rowsOf(traffic)[3]!.textContent).toContain('[incomplete]');
    await user.selectOptions(within(traffic).getByLabelText('Show'), 'Received');
    await waitFor(() => expect(bridge.callsOf('log.read').at(-1)).toMatchObject({ dir: 'in' }));
    await user.selectOptions(within(traffic).getByLabelText('Show'), 'All');
    await user.selectOptions(within(traffic).getByLabelText('Time'), 'Since previous');
    // The fake's entries are 1 ms apart.
    await waitFor(() => expect(rowsOf(traffic)[2]!.textContent).toContain('+1.000 ms'));
    await user.selectOptions(within(traffic).getByLabelText('Time'), 'Since start');
    await waitFor(() => expect(rowsOf(traffic)[3]!.textContent).toContain('+0.003000 s'));
  });

  test('Find: Ctrl+F opens it; Next searches the log in main and selects the match', async () => {
    const { bridge, user, traffic, panel } = await showLog(logOf(entries));
    bridge.handlers['log.search'] = async () => ({ ok: true, value: { searchId: 'f1' } });
    bridge.handlers['log.searchStep'] = async () => ({ ok: true, value: { index: 0, seq: 1, matches: 2 } });
    await waitFor(() => expect(rowsOf(traffic)).toHaveLength(4));
    await user.keyboard('{Control>}f{/Control}');
    const find = within(panel).getByRole('search', { name: 'Find in log' });
    expect(document.activeElement).toBe(within(find).getByLabelText('Find'));
    await user.type(within(find).getByLabelText('Find'), 'OK');
    await user.click(within(find).getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(bridge.callsOf('log.search')).toEqual([{ id: 's1', query: { mode: 'text', pattern: 'OK', encoding: 'utf-8', ignoreCase: false } }]));
    bridge.emit('search.progress', { id: 's1', searchId: 'f1', scanned: 4, total: 4, matches: 2, done: true, cancelled: false });
    await waitFor(() => expect(within(find).getByRole('status').textContent).toBe('Match 1 of 2'));
    expect(bridge.callsOf('log.searchStep')[0]).toEqual({ id: 's1', searchId: 'f1', fromSeq: -1, direction: 'next' });
    await waitFor(() => expect(within(panel).getByRole('region', { name: 'Entry detail' }).textContent).toContain('Entry 1'));

    bridge.handlers['log.search'] = async () => ({ ok: false, error: { code: 'INVALID_REGEX', message: 'Find: the regular expression is invalid at position 1: Nothing to repeat.' } });
    await user.selectOptions(within(find).getByLabelText('Find as'), 'Regex');
    await user.clear(within(find).getByLabelText('Find'));
    await user.type(within(find).getByLabelText('Find'), '*');
    await user.click(within(find).getByRole('button', { name: 'Next' }));
    expect((await within(find).findByRole('alert')).textContent).toContain('invalid at position 1');
  });

  test('Copy as: a Shift+click range onto the clipboard as Python bytes', async () => {
    const { user, traffic, panel } = await showLog(logOf(entries));
    await waitFor(() => expect(rowsOf(traffic)).toHaveLength(4));
    await user.click(rowsOf(traffic)[1]!);
    await user.keyboard('{Shift>}');
    await user.click(rowsOf(traffic)[2]!);
    await user.keyboard('{/Shift}');
    const detail = within(panel).getByRole('region', { name: 'Entry detail' });
    await user.selectOptions(within(detail).getByLabelText('Copy as'), 'Python bytes');
    await user.click(within(detail).getByRole('button', { name: 'Copy' }));
    // user-event stands in for the system clipboard.
    await waitFor(() => expect(within(detail).getByRole('status').textContent).toBe('Copied 2 entries as Python bytes.'));
    expect(await navigator.clipboard.readText()).toBe("b'HTTP/1.0 200 OK\\r\\n'\nb'\\x01\\x03\\xc5\\xcd'");
  });

  test('the composer sends in the tab encoding, with the checksum; a mistyped range is refused before sending', async () => {
    const { bridge, user, panel } = await showLog(logOf([]));
    const composer = panel.querySelector('form.composer') as HTMLElement;
    const c = within(composer);
    await user.type(c.getByLabelText('Message'), '你好');
    await user.selectOptions(c.getByLabelText('Encoding'), 'GB18030 (GBK)');
    await user.selectOptions(c.getByLabelText('Append checksum'), 'XOR');
    await user.click(c.getByRole('button', { name: 'Send' }));
    await waitFor(() =>
      expect(bridge.callsOf('session.send').at(-1)?.payload).toEqual({
        format: 'text',
        text: '你好',
        lineEnding: 'none',
        encoding: 'gb18030',
        checksum: { algorithm: 'xor', byteOrder: 'big', from: 0, excludeLast: 0 },
        expand: false,
      }),
    );
    // "Save message" keeps the encoding and the checksum with the text.
    await user.click(c.getByRole('button', { name: 'Save message' }));
    const group = c.getByRole('group', { name: 'Save message' });
    await user.type(within(group).getByLabelText('Name'), 'Hello GBK');
    await user.click(within(group).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(bridge.library.messages).toHaveLength(1));
    expect(bridge.library.messages[0]).toMatchObject({ text: '你好', encoding: 'gb18030', checksum: { algorithm: 'xor' } });

    const sends = bridge.callsOf('session.send').length;
    await user.clear(c.getByLabelText('Excluding the last'));
    await user.type(c.getByLabelText('Excluding the last'), '-1');
    await user.click(c.getByRole('button', { name: 'Send' }));
    expect((await c.findByRole('alert')).textContent).toMatch(/Append checksum: Enter a whole number of bytes/);
    expect(bridge.callsOf('session.send').length).toBe(sends);
  });
});

describe('Expand variables', () => {
  test('the preview shows the bytes, an unknown variable is named, and the send asks main to expand', async () => {
    const { bridge, user, panel } = await showLog(logOf([]));
    const composer = panel.querySelector('form.composer') as HTMLElement;
    const c = within(composer);
    await user.click(c.getByRole('checkbox', { name: 'Expand variables' }));
    await user.type(c.getByLabelText('Message'), 'n={{{{counter}}');
    await waitFor(() => expect(composer.textContent).toContain('Preview: 3 bytes: 6E 3D 31'));
    await user.type(c.getByLabelText('Message'), ' {{{{nope}}');
    await waitFor(() => expect(composer.textContent).toMatch(/Variable at position 15: Unknown variable \{\{nope\}\}/));
    await user.click(c.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(bridge.callsOf('session.send').at(-1)?.payload).toMatchObject({ text: 'n={{counter}} {{nope}}', expand: true }));
  });
});
