// The desktop's save dialog as a command: Electron's answer passed through; web mode (no dialogs)
// says in words that the path must be typed.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appServer } from '../../../src-main/api/app-server.js';
import { createRouter } from '../../../src-main/api/router.js';
import { Engine } from '../../../src-main/engine/engine.js';
import { LibraryStore } from '../../../src-main/store/library-store.js';
import { WorkspaceStore } from '../../../src-main/store/workspace-store.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function router(dialogs?: Parameters<typeof appServer>[2]) {
  const dir = await mkdtemp(join(tmpdir(), 'wirebench-dialogs-'));
  const engine = new Engine();
  cleanups.push(() => engine.dispose(), () => rm(dir, { recursive: true, force: true }));
  return createRouter(appServer(engine, { workspace: new WorkspaceStore(dir), library: new LibraryStore(dir) }, dialogs));
}

describe('dialog.saveFile', () => {
  it('answers with the path the desktop dialog gave, or null when cancelled', async () => {
    const asked: unknown[] = [];
    const r = await router({ saveFile: async (o) => (asked.push(o), asked.length === 1 ? '/home/me/keys.log' : null), openFile: async () => '/etc/ca.pem' });
    expect(await r.handle('dialog.saveFile', { title: 'Write TLS keys to' })).toEqual({ ok: true, value: { path: '/home/me/keys.log' } });
    expect(await r.handle('dialog.saveFile', { title: 'Write TLS keys to', defaultPath: '/tmp/k.log' })).toEqual({ ok: true, value: { path: null } });
    expect(asked).toEqual([{ title: 'Write TLS keys to' }, { title: 'Write TLS keys to', defaultPath: '/tmp/k.log' }]);
    expect(await r.handle('dialog.openFile', { title: 'CA file' })).toEqual({ ok: true, value: { path: '/etc/ca.pem' } });
  });

  it('web mode has none: UNAVAILABLE, in words', async () => {
    const r = await router();
    expect(await r.handle('dialog.openFile', { title: 'x' })).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(await r.handle('dialog.saveFile', { title: 'x' })).toEqual({
      ok: false,
      error: { code: 'UNAVAILABLE', message: 'There is no file dialog in web mode: type the full path of the file.' },
    });
  });
});
