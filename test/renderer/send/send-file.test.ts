// "Send file…" in the composer, by role and label: the file chosen in "File to send" goes to main
// a piece at a time, with a progress bar while it goes and Cancel to stop it; a datagram session
// asks for the datagram size.
import { fireEvent, waitFor, within } from '@testing-library/svelte';
import { describe, expect, test } from 'vitest';
import { connectedTab } from '../helpers.js';
import { FILE_PIECE_BYTES } from '../../../src-renderer/send/file-send.svelte.js';
import { formatBytes } from '../../../src-renderer/session/format.js';

async function composerWithFile(bytes: Uint8Array<ArrayBuffer>) {
  const { bridge, user, panel } = await connectedTab();
  const p = within(panel);
  await user.click(p.getByText('Send file…'));
  const file = new File([bytes], 'firmware.bin', { type: 'application/octet-stream' });
  await user.upload(p.getByLabelText('File to send'), file);
  return { bridge, user, p };
}

describe('send file', () => {
  test('sends the chosen file to main in pieces, in order, and says when it is done', async () => {
    const bytes = Uint8Array.from({ length: FILE_PIECE_BYTES * 2 + 100 }, (_, i) => (i * 7) & 0xff) as Uint8Array<ArrayBuffer>;
    const { bridge, user, p } = await composerWithFile(bytes);
    expect(p.getByText(`firmware.bin, ${formatBytes(bytes.length)}`)).toBeTruthy();
    await user.click(p.getByRole('button', { name: 'Send file' }));
    await waitFor(() => expect(p.getByRole('status', { name: 'File send' }).textContent).toBe(`Sent firmware.bin (${formatBytes(bytes.length)}).`));
    expect(bridge.callsOf('file.start')).toEqual([{ id: 's1', name: 'firmware.bin', size: bytes.length, datagramSize: 1024, everyMs: 0 }]);
    expect(bridge.callsOf('file.chunk').map((c) => c.offset)).toEqual([0, FILE_PIECE_BYTES, 2 * FILE_PIECE_BYTES]);
    expect(Uint8Array.from(bridge.files.get('f1')!.bytes)).toEqual(bytes);
  });

  test('shows a progress bar while it goes, and Cancel stops it', async () => {
    const bytes = new Uint8Array(FILE_PIECE_BYTES * 4);
    const { bridge, user, p } = await composerWithFile(bytes);
    let release: () => void = () => {};
    bridge.beforeFileChunk = () => new Promise<void>((resolve) => (release = resolve));
    await user.click(p.getByRole('button', { name: 'Send file' }));
    await waitFor(() => expect(bridge.callsOf('file.chunk')).toHaveLength(1));
    const progress = p.getByRole('progressbar', { name: 'File sent' }) as HTMLProgressElement;
    expect(progress.max).toBe(bytes.length);
    bridge.beforeFileChunk = null;
    release();
    await waitFor(() => expect(progress.value).toBe(FILE_PIECE_BYTES));
    bridge.beforeFileChunk = () => new Promise<void>((resolve) => (release = resolve));
    await user.click(p.getByRole('button', { name: 'Cancel' }));
    release();
    await waitFor(() =>
      expect(p.getByRole('status', { name: 'File send' }).textContent).toBe(`Cancelled after ${formatBytes(2 * FILE_PIECE_BYTES)} of ${formatBytes(bytes.length)}.`),
    );
    expect(bridge.callsOf('file.cancel')).toEqual([{ transferId: 'f1' }]);
    expect(p.queryByRole('progressbar')).toBeNull();
  });

  test('dropping a file on the composer chooses it', async () => {
    const { panel } = await connectedTab();
    const p = within(panel);
    const file = new File([new Uint8Array(10)], 'dropped.bin');
    fireEvent.drop(p.getByLabelText('Message'), { dataTransfer: { files: [file], types: ['Files'] } });
    await waitFor(() => expect(p.getByText('dropped.bin, 10 B')).toBeTruthy());
    expect((p.getByText('Send file…').closest('details') as HTMLDetailsElement).open).toBe(true);
  });
});
