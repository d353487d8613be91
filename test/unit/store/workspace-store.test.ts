// The workspace file on a real disk: written atomically and read back as saved; a bad file is
// kept aside byte for byte (never overwritten) and the app starts empty, saying so; a folder
// that cannot be written (read-only, full) gives a warning in words and leaves the last file whole.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EMPTY_WORKSPACE, type Workspace } from '../../../src-main/shared/contract.js';
import { WorkspaceStore, WORKSPACE_FILE } from '../../../src-main/store/workspace-store.js';
import { mountTmpfs, type Tmpfs } from '../../helpers/tmpfs.js';
import { setLocale } from '../../../src-main/shared/i18n/paraglide/runtime.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function freshDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wirebench-store-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function tmpfs(options: string): Tmpfs {
  const mounted = mountTmpfs(options);
  if ('problem' in mounted) throw new Error(`these tests need a tmpfs (as root on Linux): ${mounted.problem}`);
  cleanups.push(() => mounted.unmount());
  return mounted;
}

const WORKSPACE: Workspace = {
  version: 1,
  tabs: [
    { kind: 'udp', fields: { localAddress: '0.0.0.0', localPort: '9000', host: '10.0.0.2', port: '502', broadcast: true }, closeClients: true, composer: { text: 'héllo\\r\\n', format: 'text', lineEnding: 'crlf', checksum: null }, view: 'text', encoding: 'utf-8', time: 'clock', receive: null, rules: [] },
    { kind: 'tcp-server', fields: { localPort: '5020' }, closeClients: false, composer: { text: '01 03 00 00', format: 'hex', lineEnding: 'none', checksum: null }, view: 'hex', encoding: 'utf-8', time: 'clock', receive: null, rules: [] },
  ],
  selected: 1,
  settings: { reconnectOnStart: true, language: 'zh-CN', theme: 'dark', fontSize: 15, newTab: { format: 'hex', lineEnding: 'crlf' }, logMemoryMib: 128, spillDir: '/var/tmp/wb' },
};

describe('the workspace store', () => {
  it('starts empty without a file, and what it saved a new store (a restart) loads back', async () => {
    const dir = freshDir();
    const first = await new WorkspaceStore(dir).load();
    expect(first).toEqual({ doc: EMPTY_WORKSPACE, path: path.join(dir, WORKSPACE_FILE), notice: null, warning: null });
    const store = new WorkspaceStore(dir);
    expect(await store.save(WORKSPACE)).toEqual({ saved: true, warning: null });
    expect((await new WorkspaceStore(dir).load()).doc).toEqual(WORKSPACE);
    // No temporary file is left beside it.
    expect(readdirSync(dir)).toEqual([WORKSPACE_FILE]);
  });

  it('writes one at a time, the newest last, and every save learns the outcome', async () => {
    const dir = freshDir();
    const store = new WorkspaceStore(dir);
    const saves = Array.from({ length: 20 }, (_, i) => store.save({ ...WORKSPACE, selected: i }));
    expect(await Promise.all(saves)).toEqual(Array.from({ length: 20 }, () => ({ saved: true, warning: null })));
    expect(JSON.parse(readFileSync(path.join(dir, WORKSPACE_FILE), 'utf8')).selected).toBe(19);
  });

  it.each([
    ['not JSON', '{"version": 1, "tabs": [', /is not JSON/],
    ['JSON of another shape', '{"version": 1, "tabs": "none", "selected": 0, "settings": {"reconnectOnStart": false}}', /tabs: /],
    ['a tab of an unknown kind', JSON.stringify({ ...WORKSPACE, tabs: [{ ...WORKSPACE.tabs[0], kind: 'carrier-pigeon' }] }), /tabs\.0\.kind/],
    ['a newer version', JSON.stringify({ ...WORKSPACE, version: 7 }), /newer Wirebench \(workspace version 7\)/],
  ])('keeps a file holding %s aside, untouched, says so, and starts empty', async (_what, content, reason) => {
    const dir = freshDir();
    writeFileSync(path.join(dir, WORKSPACE_FILE), content);
    const store = new WorkspaceStore(dir);
    const loaded = await store.load();
    expect(loaded.doc).toEqual(EMPTY_WORKSPACE);
    const kept = readdirSync(dir).filter((f) => f.startsWith(`${WORKSPACE_FILE}.corrupt-`));
    expect(kept).toHaveLength(1);
    expect(readFileSync(path.join(dir, kept[0]!), 'utf8')).toBe(content);
    expect(loaded.notice).toMatch(reason);
    expect(loaded.notice).toContain(`It was kept as ${kept[0]} in ${dir}`);

    // Saving afterwards writes a new file; the one kept aside stays as it was.
    expect((await store.save(WORKSPACE)).saved).toBe(true);
    expect(readFileSync(path.join(dir, kept[0]!), 'utf8')).toBe(content);
    expect((await new WorkspaceStore(dir).load()).doc).toEqual(WORKSPACE);
  });

  it('on a folder that turned read-only: a warning in words (EROFS), the last file whole, and saving again once it can', async () => {
    const disk = tmpfs('size=1m');
    const store = new WorkspaceStore(disk.dir);
    expect((await store.save(WORKSPACE)).saved).toBe(true);
    disk.remountReadOnly();
    const result = await store.save({ ...WORKSPACE, tabs: [] });
    expect(result.saved).toBe(false);
    expect(result.warning).toEqual({
      code: 'EROFS',
      message: `Your tabs are not being saved: The folder ${disk.dir} is on a read-only file system. Everything else keeps working.`,
    });
    expect((await store.load()).warning?.code).toBe('EROFS');
    expect((await new WorkspaceStore(disk.dir).load()).doc).toEqual(WORKSPACE);
  });

  it('on a full disk: ENOSPC in words and the last file whole', async () => {
    const disk = tmpfs('size=64k');
    const store = new WorkspaceStore(disk.dir);
    expect((await store.save(WORKSPACE)).saved).toBe(true);
    const big: Workspace = { ...WORKSPACE, tabs: [{ ...WORKSPACE.tabs[0]!, composer: { text: 'x'.repeat(200_000), format: 'text', lineEnding: 'none', checksum: null } }] };
    const result = await store.save(big);
    expect(result).toMatchObject({ saved: false, warning: { code: 'ENOSPC', message: expect.stringContaining(`The disk holding ${disk.dir} is full.`) } });
    expect((await new WorkspaceStore(disk.dir).load()).doc).toEqual(WORKSPACE);
    expect(readdirSync(disk.dir)).toEqual([WORKSPACE_FILE]);
  });

  it('says it in the language in force: a full disk in Chinese', async () => {
    const disk = tmpfs('size=64k');
    const store = new WorkspaceStore(disk.dir);
    const big: Workspace = { ...WORKSPACE, tabs: [{ ...WORKSPACE.tabs[0]!, composer: { text: 'x'.repeat(200_000), format: 'text', lineEnding: 'none', checksum: null } }] };
    setLocale('zh-CN', { reload: false });
    try {
      expect(await store.save(big)).toMatchObject({ saved: false, warning: { code: 'ENOSPC', message: expect.stringContaining(`存放 ${disk.dir} 的磁盘已满。`) } });
    } finally {
      setLocale('en', { reload: false });
    }
  });

  it('leaves a file it cannot read where it is, writes nothing over it, and says why', async () => {
    const dir = freshDir();
    // A folder where the file should be: unreadable as a file, whoever the user is.
    const file = path.join(dir, WORKSPACE_FILE);
    rmSync(file, { force: true });
    writeFileSync(path.join(dir, 'other'), '');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(file);
    const store = new WorkspaceStore(dir);
    const loaded = await store.load();
    expect(loaded.doc).toEqual(EMPTY_WORKSPACE);
    expect(loaded.notice).toContain(`${file} is a folder, not a file.`);
    expect(await store.save(WORKSPACE)).toMatchObject({ saved: false, warning: { code: 'EISDIR' } });
    expect(readdirSync(dir).sort()).toEqual(['other', WORKSPACE_FILE]);
  });
});
