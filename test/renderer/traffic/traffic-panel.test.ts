import { fireEvent, waitFor, within } from '@testing-library/svelte';
import { describe, expect, test } from 'vitest';
import type { LogEntry } from '../../../src-main/shared/contract.js';
import { bytesOf, logOf, makeEntry } from '../fake-bridge.js';
import { hugeLog, rowsOf, rowWithSeq, scrollerOf, showLog } from '../log-fixture.js';

describe('traffic log', () => {
  test('with a million entries, asks only for the rows in view and renders only those', async () => {
    const { bridge, traffic } = await showLog(hugeLog(1_000_000));
    await waitFor(() => expect(rowWithSeq(traffic, 999999)).toBeTruthy());

    const reads = bridge.callsOf('log.read');
    expect(reads.length).toBeGreaterThan(0);
    for (const read of reads) {
      expect(read.count).toBeLessThanOrEqual(60);
      // Follow is on: the tail is what was asked for.
      expect(read.from).toBeGreaterThan(1_000_000 - 60);
      expect(read.maxBytes).toBe(256);
    }
    expect(rowsOf(traffic).length).toBeLessThanOrEqual(60);
    const follow = within(traffic).getByRole('checkbox', { name: 'Follow' }) as HTMLInputElement;
    expect(follow.checked).toBe(true);

    // Growth is announced; the tail moves and is asked for again, still one window at most.
    const log = hugeLog(1_000_050);
    bridge.setLog('s1', log);
    bridge.grow('s1');
    await waitFor(() => expect(rowWithSeq(traffic, 1000049)).toBeTruthy());
    const last = bridge.callsOf('log.read').at(-1)!;
    expect(last.from + last.count).toBe(1_000_050);
    expect(last.count).toBeLessThanOrEqual(60);
    expect(rowsOf(traffic).length).toBeLessThanOrEqual(60);
  });

  test('scrolling up stops following and reads the rows scrolled to', async () => {
    const { bridge, traffic } = await showLog(hugeLog(1_000_000));
    await waitFor(() => expect(rowWithSeq(traffic, 999999)).toBeTruthy());
    const scroller = scrollerOf(traffic);
    const follow = within(traffic).getByRole('checkbox', { name: 'Follow' }) as HTMLInputElement;

    // Halfway down the (scaled) scrollbar is halfway through the log.
    scroller.scrollTop = scroller.scrollTop / 2;
    fireEvent.scroll(scroller);
    await waitFor(() => expect(follow.checked).toBe(false));
    await waitFor(() => {
      const read = bridge.callsOf('log.read').at(-1)!;
      expect(read.from).toBeGreaterThan(499_000);
      expect(read.from).toBeLessThan(501_000);
    });
    const read = bridge.callsOf('log.read').at(-1)!;
    await waitFor(() => expect(rowWithSeq(traffic, read.from + 10)).toBeTruthy());

    // Growth while not following does not move the view or read again.
    const readsBefore = bridge.callsOf('log.read').length;
    bridge.setLog('s1', hugeLog(1_000_100));
    bridge.grow('s1');
    await waitFor(() => expect(within(traffic).getByText('1,000,100 entries')).toBeTruthy());
    expect(bridge.callsOf('log.read').length).toBe(readsBefore);
    expect(rowWithSeq(traffic, read.from + 10)).toBeTruthy();

    // Ticking Follow again goes back to the tail.
    await fireEvent.click(follow);
    await waitFor(() => expect(rowWithSeq(traffic, 1000099)).toBeTruthy());
  });

  test('renders previews in Hex and in Text, and switching View does not read again', async () => {
    const entries: LogEntry[] = [
      makeEntry(0, 'out', bytesOf('hello\tworld\r\n')),
      makeEntry(1, 'in', bytesOf('hello\tworld\r\n')),
      makeEntry(2, 'in', new Uint8Array([0xff, 0xad, 0xbe, 0xef, 0x00])),
      makeEntry(3, 'in', new Uint8Array(0)),
      makeEntry(4, 'in', new Uint8Array([0x63, 0x61, 0x66, 0xe9])),
    ];
    const { bridge, user, traffic } = await showLog(logOf(entries));
    await waitFor(() => expect(rowsOf(traffic)).toHaveLength(5));
    const t = within(traffic);
    expect(t.getAllByText('68 65 6C 6C 6F 09 77 6F 72 6C 64 0D 0A')).toHaveLength(2);
    expect(t.getByText('FF AD BE EF 00')).toBeTruthy();
    expect(rowsOf(traffic)[3]!.textContent).toContain('(empty)');
    expect(rowsOf(traffic)[0]!.textContent).toMatch(/→\s*sent/);
    expect(rowsOf(traffic)[1]!.textContent).toMatch(/←\s*received/);
    expect(rowsOf(traffic)[0]!.textContent).toContain('13 B');
    expect(t.queryByLabelText('Encoding')).toBeNull();
    const reads = bridge.callsOf('log.read').length;

    await user.selectOptions(t.getByLabelText('View'), 'Text');
    expect(t.getAllByText('hello␉world␍␊')).toHaveLength(2);
    expect(t.getByText('\\xFF\\xAD\\xBE\\xEF␀')).toBeTruthy();
    expect(t.getByText('caf\\xE9')).toBeTruthy();

    await user.selectOptions(t.getByLabelText('Encoding'), 'Latin-1 (ISO-8859-1)');
    expect(t.getByText('café')).toBeTruthy();
    expect(bridge.callsOf('log.read').length).toBe(reads);
  });

  test('a row shows the time of day with milliseconds', async () => {
    const ts = new Date(2024, 4, 6, 9, 8, 7, 65).getTime();
    const { traffic } = await showLog(logOf([makeEntry(0, 'in', bytesOf('x'), ts)]));
    await waitFor(() => expect(rowsOf(traffic)).toHaveLength(1));
    expect(rowsOf(traffic)[0]!.textContent).toContain('09:08:07.065');
  });
});

describe('entry detail', () => {
  const sentence = 'Hello, wire! This line is long.\r\n';

  test('shows the selected entry as a hex dump with offsets and an ASCII gutter', async () => {
    const { bridge, user, traffic, panel } = await showLog(logOf([makeEntry(0, 'out', bytesOf('hi')), makeEntry(1, 'in', bytesOf(sentence))]));
    await waitFor(() => expect(rowsOf(traffic)).toHaveLength(2));
    expect(within(panel).queryByRole('region', { name: 'Entry detail' })).toBeNull();

    await user.click(rowsOf(traffic)[1]!);
    expect(rowsOf(traffic)[1]!.getAttribute('aria-selected')).toBe('true');
    const detail = await within(panel).findByRole('region', { name: 'Entry detail' });
    await waitFor(() => expect(detail.textContent).toContain('00000000'));
    expect(bridge.callsOf('log.bytes')).toEqual([{ id: 's1', seq: 1, offset: 0, length: sentence.length }]);
    const text = detail.textContent ?? '';
    expect(text).toContain('00000000  48 65 6C 6C 6F 2C 20 77  69 72 65 21 20 54 68 69  |Hello, wire! Thi|');
    expect(text).toContain('00000010  73 20 6C 69 6E 65 20 69  73 20 6C 6F 6E 67 2E 0D  |s line is long..|');
    expect(text).toContain('00000020  0A ');
    expect(text).toContain('|.|');

    // Switching View renders the same bytes as text, without reading them again.
    await user.selectOptions(within(traffic).getByLabelText('View'), 'Text');
    await waitFor(() => expect(detail.textContent).toContain('Hello, wire! This line is long.␍␊'));
    expect(detail.textContent).not.toContain('00000000');
    await user.selectOptions(within(traffic).getByLabelText('View'), 'Hex');
    await waitFor(() => expect(detail.textContent).toContain('|Hello, wire! Thi|'));
    expect(bridge.callsOf('log.bytes')).toHaveLength(1);
  });

  test('the arrow keys move the selection through the log', async () => {
    const { user, traffic, panel } = await showLog(logOf([makeEntry(0, 'out', bytesOf('one')), makeEntry(1, 'in', bytesOf('two'))]));
    await waitFor(() => expect(rowsOf(traffic)).toHaveLength(2));
    within(traffic).getByRole('grid', { name: 'Log entries' }).focus();
    await user.keyboard('{ArrowDown}');
    await waitFor(() => expect(rowsOf(traffic)[0]!.getAttribute('aria-selected')).toBe('true'));
    await user.keyboard('{ArrowDown}');
    await waitFor(() => expect(rowsOf(traffic)[1]!.getAttribute('aria-selected')).toBe('true'));
    const detail = await within(panel).findByRole('region', { name: 'Entry detail' });
    await waitFor(() => expect(detail.textContent).toContain('|two|'));
    expect(within(traffic).getByRole('grid').getAttribute('aria-activedescendant')).toBe(rowsOf(traffic)[1]!.id);
  });

  test('a large entry is read a page at a time, only where the dump is scrolled', async () => {
    const big = new Uint8Array(200 * 1024).map((_, i) => i % 251);
    const { bridge, user, traffic, panel } = await showLog(logOf([makeEntry(0, 'in', big)]));
    await waitFor(() => expect(rowsOf(traffic)).toHaveLength(1));
    expect(rowsOf(traffic)[0]!.textContent).toContain('200.0 KiB');
    await user.click(rowsOf(traffic)[0]!);
    const detail = await within(panel).findByRole('region', { name: 'Entry detail' });
    await waitFor(() => expect(detail.textContent).toContain('00000000  00 01 02'));
    expect(bridge.callsOf('log.bytes')).toEqual([{ id: 's1', seq: 0, offset: 0, length: 65536 }]);

    const dump = within(detail).getByRole('region', { name: 'Hex dump' });
    dump.scrollTop = (big.length / 16) * 18; // past the end: the browser would clamp to the last lines
    fireEvent.scroll(dump);
    await waitFor(() => expect(detail.textContent).toContain('00031FF0'));
    expect(bridge.callsOf('log.bytes').map((c) => c.offset)).toEqual([0, 3 * 65536]);
  });
});
