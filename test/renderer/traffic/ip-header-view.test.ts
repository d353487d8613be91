import { screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, test } from 'vitest';
import type { LogEntry, SessionConfigInput } from '../../../src-main/shared/contract.js';
import { bytesOf, FakeBridge, logOf, makeEntry, openSnapshot } from '../fake-bridge.js';
import { renderApp } from '../helpers.js';
import { rowsOf } from '../log-fixture.js';

/** 127.0.0.1 -> 127.0.0.1, protocol 253, ID 0xabcd, DF, TTL 64, 5 payload bytes; checksum 0x9018 worked out by hand. */
const HEADER = [0x45, 0x00, 0x00, 0x19, 0xab, 0xcd, 0x40, 0x00, 0x40, 0xfd, 0x90, 0x18, 0x7f, 0x00, 0x00, 0x01, 0x7f, 0x00, 0x00, 0x01];
const PACKET = Uint8Array.from([...HEADER, ...bytesOf('hello')]);
const BAD_SUM = Uint8Array.from(PACKET, (b, i) => (i === 11 ? 0x19 : b));
const SHORT = Uint8Array.from([0x45, 0, 0, 12, 1, 2, 3, 4, 5, 6, 7, 8]);

const rawConfig: SessionConfigInput = { kind: 'raw-ip', protocol: 253, host: '127.0.0.1' };

async function showEntry(config: SessionConfigInput, entries: LogEntry[], seq: number): Promise<HTMLElement> {
  const bridge = new FakeBridge();
  const log = logOf(entries);
  bridge.addSession(openSnapshot('s1', config, { logCount: log.count }), log);
  const user = await renderApp(bridge);
  const panel = await screen.findByRole('tabpanel');
  const traffic = within(panel).getByRole('region', { name: 'Traffic' });
  await waitFor(() => expect(rowsOf(traffic)).toHaveLength(entries.length));
  await user.click(rowsOf(traffic)[seq]!);
  return within(panel).findByRole('region', { name: 'Entry detail' });
}

/** The decoded header as "term: value" pairs. */
function fields(region: HTMLElement): Record<string, string> {
  const terms = within(region).getAllByRole('term');
  return Object.fromEntries(terms.map((dt) => [dt.textContent ?? '', dt.nextElementSibling?.textContent ?? '']));
}

describe('IPv4 header in the entry detail', () => {
  test('a received raw IPv4 packet shows its header decoded above the hex of its payload', async () => {
    const detail = await showEntry(rawConfig, [makeEntry(0, 'in', PACKET)], 0);
    const header = await within(detail).findByRole('region', { name: 'IPv4 header' });
    await waitFor(() => expect(within(header).queryAllByRole('term').length).toBeGreaterThan(0));
    expect(fields(header)).toEqual({
      Version: '4',
      IHL: '5 (20 bytes)',
      TOS: '0 (DSCP 0, ECN 0)',
      'Total length': '25',
      ID: '43981 (0xabcd)',
      Flags: 'DF (2)',
      'Fragment offset': '0',
      TTL: '64',
      Protocol: '253 (Experimental)',
      Checksum: '0x9018 (verifies)',
      Source: '127.0.0.1',
      Destination: '127.0.0.1',
    });
    expect(header.textContent).toContain('Payload, 5 B');

    const dump = within(detail).getByRole('region', { name: 'Hex dump' });
    await waitFor(() => expect(dump.textContent).toContain('00000000  68 65 6C 6C 6F'));
    expect(dump.textContent).toContain('|hello|');
    expect(dump.textContent).not.toContain('45 00 00 19');
    // The header comes first in the detail, then the payload.
    expect(header.compareDocumentPosition(dump) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  test('a checksum that does not verify is said so', async () => {
    const detail = await showEntry(rawConfig, [makeEntry(0, 'in', BAD_SUM)], 0);
    const header = await within(detail).findByRole('region', { name: 'IPv4 header' });
    await waitFor(() => expect(fields(header).Checksum).toBe('0x9019 (does not verify)'));
  });

  test('bytes too short for a header say why, and every byte is still shown in hex', async () => {
    const detail = await showEntry(rawConfig, [makeEntry(0, 'in', SHORT)], 0);
    const header = await within(detail).findByRole('region', { name: 'IPv4 header' });
    await waitFor(() => expect(header.textContent).toContain('Truncated IPv4 header: 12 bytes, but a header has at least 20.'));
    const dump = within(detail).getByRole('region', { name: 'Hex dump' });
    await waitFor(() => expect(dump.textContent).toContain('00000000  45 00 00 0C 01 02 03 04  05 06 07 08'));
  });

  test('sent packets are decoded only when the session writes the header (IP_HDRINCL)', async () => {
    const plain = await showEntry(rawConfig, [makeEntry(0, 'out', bytesOf('hello'))], 0);
    await waitFor(() => expect(within(plain).getByRole('region', { name: 'Hex dump' }).textContent).toContain('|hello|'));
    expect(within(plain).queryByRole('region', { name: 'IPv4 header' })).toBeNull();
  });

  test('with IP_HDRINCL a sent packet shows its header', async () => {
    const detail = await showEntry({ ...rawConfig, includeHeader: true }, [makeEntry(0, 'out', PACKET)], 0);
    const header = await within(detail).findByRole('region', { name: 'IPv4 header' });
    await waitFor(() => expect(fields(header).Protocol).toBe('253 (Experimental)'));
  });

  test('other kinds never decode a header, even from bytes that look like one', async () => {
    const detail = await showEntry({ kind: 'tcp-client', host: '127.0.0.1', port: 7 }, [makeEntry(0, 'in', PACKET)], 0);
    await waitFor(() => expect(within(detail).getByRole('region', { name: 'Hex dump' }).textContent).toContain('45 00 00 19'));
    expect(within(detail).queryByRole('region', { name: 'IPv4 header' })).toBeNull();
  });

  test('the text view shows the payload after the header', async () => {
    const bridge = new FakeBridge();
    const log = logOf([makeEntry(0, 'in', PACKET)]);
    bridge.addSession(openSnapshot('s1', rawConfig, { logCount: 1 }), log);
    const user = await renderApp(bridge);
    const panel = await screen.findByRole('tabpanel');
    const traffic = within(panel).getByRole('region', { name: 'Traffic' });
    await waitFor(() => expect(rowsOf(traffic)).toHaveLength(1));
    await user.selectOptions(within(traffic).getByLabelText('View'), 'Text');
    await user.click(rowsOf(traffic)[0]!);
    const detail = await within(panel).findByRole('region', { name: 'Entry detail' });
    await within(detail).findByRole('region', { name: 'IPv4 header' });
    await waitFor(() => expect(within(detail).getByRole('region', { name: 'Text' }).textContent?.trim()).toBe('hello'));
  });
});
