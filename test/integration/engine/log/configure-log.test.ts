// Settings' log memory and spill folder, in main: tabs opened afterwards get them (their spill
// file lands in the folder once their log outgrows the memory), tabs already open keep theirs,
// and a folder that is missing, not a folder or not writable is refused in words.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarness, codedRejection } from '../../../helpers/engine-harness.js';
import { Teardown } from '../../../helpers/net.js';

const teardown = new Teardown();
afterEach(() => teardown.run());

describe('system.configureLog', () => {
  it('applies to tabs opened afterwards; refuses a folder it cannot use', async () => {
    const h = new EngineHarness();
    teardown.add(() => h.dispose());
    const dir = await mkdtemp(join(tmpdir(), 'wirebench-configure-'));
    teardown.add(() => rm(dir, { recursive: true, force: true }));
    const before = h.engine.create('udp').id;
    expect(await h.engine.handlers['system.configureLog']({ logMemoryMib: 8, spillDir: dir })).toEqual({ logMemoryMib: 8, spillDir: dir });
    expect((await h.engine.handlers['system.configureLog']({})).spillDir).not.toBe(dir);
    await h.engine.handlers['system.configureLog']({ logMemoryMib: 8, spillDir: dir });
    const after = h.engine.create('udp').id;
    const big = new Uint8Array(1024 * 1024);
    for (let i = 0; i < 12; i++) h.engine.session(after).log.append('in', big, 'x:1');
    await h.engine.session(after).log.flushed();
    expect((await readdir(dir)).length).toBeGreaterThan(0);
    expect(h.engine.session(after).log.spillPath?.startsWith(dir)).toBe(true);
    expect(h.engine.session(before).log.spillPath?.startsWith(dir) ?? false).toBe(false);

    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    expect(await codedRejection(h.engine.configureLog(null, join(dir, 'missing')))).toMatchObject({ code: 'ENOENT', message: expect.stringContaining('does not exist') });
    expect(await codedRejection(h.engine.configureLog(null, file))).toMatchObject({ code: 'ENOTDIR' });
    // Back to the defaults.
    const defaults = await h.engine.configureLog(null, null);
    expect(defaults.spillDir).not.toBe(dir);
    expect(defaults.logMemoryMib).not.toBe(8);
  });
});
