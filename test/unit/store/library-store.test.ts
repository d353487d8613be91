// The library on a real disk: saved and read back after a restart; "Export library…" writes the
// same format (never over an existing file unless asked), and importing the export gives back
// the identical library.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EMPTY_LIBRARY, type Library } from '../../../src-main/shared/contract.js';
import { LIBRARY_FILE, LibraryStore } from '../../../src-main/store/library-store.js';
import { mountTmpfs } from '../../helpers/tmpfs.js';

const dirs: string[] = [];
const unmounts: (() => void)[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  for (const unmount of unmounts.splice(0)) unmount();
});
function freshDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wirebench-library-'));
  dirs.push(dir);
  return dir;
}

const LIBRARY: Library = {
  ...EMPTY_LIBRARY,
  messages: [
    { id: 'm-1', name: 'Read registers', text: '01 03 00 00 00 0a', format: 'hex', lineEnding: 'none' },
    { id: 'm-2', name: 'Hello', text: 'hello\\r\\n', format: 'text', lineEnding: 'crlf', destination: { host: '10.0.0.7', port: 9000 } },
  ],
  profiles: [{ id: 'p-1', name: 'PLC', kind: 'tcp-client', fields: { host: '10.0.0.2', port: '502', noDelay: true }, closeClients: true }],
};

describe('the library store', () => {
  it('on a disk that fills up: saving and exporting say ENOSPC in words, and the previous files stay whole', async () => {
    const disk = mountTmpfs('size=64k');
    if ('problem' in disk) throw new Error(`this test needs a tmpfs (as root on Linux): ${disk.problem}`);
    unmounts.push(() => disk.unmount());
    const store = new LibraryStore(disk.dir);
    expect(await store.handlers['library.save']({ library: LIBRARY })).toEqual({ saved: true, warning: null });
    const exportPath = path.join(disk.dir, 'export.json');
    await store.handlers['library.export']({ path: exportPath, overwrite: false });
    const exported = readFileSync(exportPath, 'utf8');
    const big: Library = { ...LIBRARY, messages: [...LIBRARY.messages, { id: 'm-3', name: 'Big', text: 'x'.repeat(100_000), format: 'text', lineEnding: 'none' }] };
    const saved = await store.handlers['library.save']({ library: big });
    expect(saved).toMatchObject({ saved: false, warning: { code: 'ENOSPC', message: expect.stringContaining(`The disk holding ${disk.dir} is full.`) } });
    // The disk filled by something else: the export over the previous one fails, and leaves it.
    const filler = path.join(disk.dir, 'filler');
    try {
      writeFileSync(filler, Buffer.alloc(64 * 1024, 1));
    } catch {
      // ENOSPC: what fitted stays, and the disk is full.
    }
    const failed = await Promise.resolve().then(() => store.handlers['library.export']({ path: exportPath, overwrite: true })).catch((err: unknown) => err);
    rmSync(filler);
    expect(failed).toMatchObject({ code: 'ENOSPC' });
    expect(readFileSync(exportPath, 'utf8')).toBe(exported);
    expect((await new LibraryStore(disk.dir).handlers['library.load']({})).library).toEqual(LIBRARY);
    expect(readdirSync(disk.dir).sort()).toEqual(['export.json', LIBRARY_FILE]);
  });

  it('keeps the library across a restart, and exports it in the format import reads back identically', async () => {
    const dir = freshDir();
    const store = new LibraryStore(dir);
    expect((await store.handlers['library.load']({})).library).toEqual(EMPTY_LIBRARY);
    expect(await store.handlers['library.save']({ library: LIBRARY })).toEqual({ saved: true, warning: null });
    const restarted = new LibraryStore(dir);
    expect((await restarted.handlers['library.load']({})).library).toEqual(LIBRARY);

    const exportPath = path.join(freshDir(), 'my-library.json');
    expect(await restarted.handlers['library.export']({ path: exportPath, overwrite: false })).toEqual({ path: exportPath, messages: 2, profiles: 1 });
    const imported = await restarted.handlers['library.parseImport']({ text: readFileSync(exportPath, 'utf8') });
    expect(imported).toEqual({ source: 'wirebench', messages: LIBRARY.messages, profiles: LIBRARY.profiles, sequences: [], ruleSets: [] });
  });

  it('does not export over an existing file unless asked (EEXIST)', async () => {
    const store = new LibraryStore(freshDir());
    const exportPath = path.join(freshDir(), 'taken.json');
    writeFileSync(exportPath, 'keep me');
    await expect(store.handlers['library.export']({ path: exportPath, overwrite: false })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(exportPath, 'utf8')).toBe('keep me');
    await store.handlers['library.export']({ path: exportPath, overwrite: true });
    expect(JSON.parse(readFileSync(exportPath, 'utf8'))).toEqual(EMPTY_LIBRARY);
  });

  it('refuses a bad import in words, with a coded error', () => {
    const store = new LibraryStore(freshDir());
    expect(() => store.handlers['library.parseImport']({ text: '[{"hexstring": "01"}]' })).toThrow('Packet 1 has no name; nothing was imported.');
  });
});
