// The library on a real disk: saved and read back after a restart; "Export library…" writes the
// same format (never over an existing file unless asked), and importing the export gives back
// the identical library.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EMPTY_LIBRARY, type Library } from '../../../src-main/shared/contract.js';
import { LibraryStore } from '../../../src-main/store/library-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
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
