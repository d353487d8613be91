// The contract fuzzer's other two paths: the Electron IPC handler with a fake sender (a page that
// is not the app's is refused before validation; the app's gets ok or a coded error), and the
// whole app server (real engine, real stores on a temporary data folder) with the commands that
// touch files. The properties: no reply is INTERNAL, no file appears outside the paths the
// payloads named, and the heap comes back to its baseline once the run is over.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES, ipcChannel, type CommandHandlers, type CommandName, type Result } from '../../../src-main/shared/contract.js';
import { createRouter } from '../../../src-main/api/router.js';
import { registerIpc } from '../../../src-main/api/ipc.js';
import { appServer } from '../../../src-main/api/app-server.js';
import { Engine } from '../../../src-main/engine/engine.js';
import { LibraryStore } from '../../../src-main/store/library-store.js';
import { WorkspaceStore } from '../../../src-main/store/workspace-store.js';
import { createFakeIpc } from '../../helpers/fake-ipc.js';
import { VALID, type Json } from '../../helpers/valid-payloads.js';
import { checkReply, FUZZ_RUNS, mutate } from '../../helpers/fuzz.js';

const APP_URL = 'file:///opt/wirebench/renderer/index.html';

/** Values that survive structuredClone (what IPC carries), broken in the ways fuzz.test.ts uses. */
const cloneable: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true }),
  fc.constantFrom(NaN, Infinity, -0, -1, 2 ** 53, '', '\u0000', '../../etc/passwd', 'x'.repeat(100_000), new Uint8Array(70_000)),
  fc.string({ maxLength: 200 }),
);

/** Every absolute path string anywhere in a value. */
function pathsIn(value: unknown, found = new Set<string>(), depth = 0): Set<string> {
  if (depth > 20) return found;
  if (typeof value === 'string' && value.startsWith('/')) found.add(value);
  else if (value instanceof Map) for (const entry of value) pathsIn(entry, found, depth + 1);
  else if (value instanceof Set || Array.isArray(value)) for (const v of value) pathsIn(v, found, depth + 1);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) pathsIn(v, found, depth + 1);
  return found;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapAfterGc = (): number => {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
};

describe('fuzzing the IPC handler', () => {
  it('a foreign page is refused whatever it sends; the app page gets ok or a coded error; the heap returns to its baseline', async () => {
    const ipc = createFakeIpc(APP_URL);
    const handlers = Object.fromEntries(COMMAND_NAMES.map((name) => [name, async () => null])) as unknown as CommandHandlers;
    let routed = 0;
    const router = createRouter({ handlers, subscribe: () => () => {} });
    const counting = {
      handle: (name: string, payload: unknown) => {
        routed++;
        return router.handle(name, payload);
      },
      subscribe: router.subscribe,
    };
    registerIpc({ ipcMain: ipc.ipcMain, router: counting, isTrustedSender: (event) => event.senderFrame?.url === APP_URL });
    const sender = fc.oneof({ weight: 3, arbitrary: fc.constant(APP_URL) }, { weight: 1, arbitrary: fc.constantFrom('https://evil.example/', 'file:///tmp/evil.html', `${APP_URL}.evil`, 'about:blank', '') });
    const call = fc.tuple(fc.constantFrom(...COMMAND_NAMES), sender, fc.nat(), cloneable, fc.boolean());
    const property = fc.asyncProperty(call, async ([name, url, pick, value, whole]) => {
      ipc.senderUrl = url;
      const before = routed;
      const result = (await ipc.ipcRenderer.invoke(ipcChannel(name), whole ? value : mutate(VALID[name], pick, value))) as Result<unknown>;
      if (url !== APP_URL) {
        expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
        expect(routed).toBe(before);
      } else checkReply(result);
    });
    await fc.assert(property, { numRuns: 200 });
    const baseline = heapAfterGc();
    await fc.assert(property, { numRuns: FUZZ_RUNS });
    const grown = heapAfterGc() - baseline;
    if (process.env['FUZZ_RUNS']) console.log(`fuzz IPC: ${FUZZ_RUNS} calls, heap after GC ${(grown / 1024 / 1024).toFixed(2)} MiB above the baseline`);
    expect(grown, `heap grew by ${(grown / 1024 / 1024).toFixed(1)} MiB over ${FUZZ_RUNS} calls`).toBeLessThan(16 * 1024 * 1024);
  });
});

describe('fuzzing the app server with the commands that touch files', () => {
  // Commands that read or write files or the stores, or act on a session's log; none opens a socket.
  const FILE_COMMANDS: CommandName[] = ['log.save', 'log.read', 'log.bytes', 'log.clear', 'log.search', 'library.load', 'library.save', 'library.export', 'library.parseImport', 'workspace.load', 'workspace.save', 'system.configureLog', 'file.start', 'file.chunk', 'file.cancel', 'session.list', 'session.create'];
  let root: string;
  let engine: Engine;
  let stores: { workspace: WorkspaceStore; library: LibraryStore };

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'wirebench-fuzz-files-'));
    engine = new Engine({ spillDir: path.join(root, 'spill') });
    stores = { workspace: new WorkspaceStore(path.join(root, 'data')), library: new LibraryStore(path.join(root, 'data')) };
  });
  afterAll(async () => {
    await engine.dispose();
    await Promise.all([stores.workspace.flushed(), stores.library.flushed()]);
    await rm(root, { recursive: true, force: true });
  });

  it('no reply is INTERNAL, and no file appears outside the paths the payloads named', async () => {
    const router = createRouter(appServer(engine, stores));
    expect(await router.handle('session.create', { kind: 'tcp-client' })).toMatchObject({ ok: true, value: { id: 's1' } });
    // The app's own folders (data, spill) are where it writes unasked; anything else must be named.
    const own = [path.join(root, 'data'), path.join(root, 'spill')];
    const valid = (name: CommandName): Json =>
      name === 'log.save' || name === 'library.export' ? { ...(VALID[name] as Record<string, Json>), path: path.join(root, `${name}.out`), overwrite: true } : VALID[name];
    const watched = [tmpdir(), process.cwd(), root];
    const listing = async (): Promise<Set<string>> => new Set((await Promise.all(watched.map(async (dir) => (await readdir(dir)).map((n) => path.join(dir, n))))).flat());
    const before = await listing();
    const named = new Set<string>();
    const saved = new Set<CommandName>();
    await fc.assert(
      // One case in five sends the valid payload unchanged, so the writes also succeed.
      fc.asyncProperty(fc.tuple(fc.constantFrom(...FILE_COMMANDS), fc.nat(), fc.option(cloneable, { freq: 4, nil: undefined })), async ([name, pick, value]) => {
        const payload = value === undefined ? valid(name) : mutate(valid(name), pick, value);
        for (const p of pathsIn(payload)) named.add(p);
        const result = await router.handle(name, payload);
        checkReply(result);
        if (result.ok) saved.add(name);
      }),
      { numRuns: Math.max(300, Math.round(FUZZ_RUNS / 5)) },
    );
    const appeared = [...(await listing())].filter((p) => !before.has(p));
    const unexplained = appeared.filter((p) => !own.includes(p) && ![...named].some((n) => n === p || n.startsWith(`${p}/`)));
    if (process.env['FUZZ_RUNS']) console.log(`fuzz files: ${appeared.length} new paths, all named by a payload or the app's own folders; succeeded: ${[...saved].sort().join(', ')}`);
    expect(unexplained).toEqual([]);
    // The run did write: log.save, library.export and workspace.save each succeeded at least once.
    expect([...saved].filter((n) => n === 'log.save' || n === 'library.export' || n === 'workspace.save').sort()).toEqual(['library.export', 'log.save', 'workspace.save']);
    for (const p of appeared.filter((x) => !x.startsWith(root))) await rm(p, { recursive: true, force: true });
  });
});
