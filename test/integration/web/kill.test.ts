// Web mode killed with SIGKILL while it writes the workspace: on the next start the workspace is
// one that was saved whole (the last acknowledged or the one being written), never half of one,
// nothing is set aside as corrupt, and the temporary file the kill left behind is gone. Killed
// while it saves a log over an earlier save: the earlier file is whole, no half file is visible,
// and the next save there clears the hidden leftover.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Workspace } from '../../../src-main/shared/contract.js';
import { decodeWire, encodeWire } from '../../../src-main/shared/rpc/wire.js';
import { useBundledWebCli, webCliEnv } from '../../helpers/web-cli.js';

const cli = useBundledWebCli();

/** Web mode on `dataDir`, and a WebSocket to it that calls commands. */
async function start(dataDir: string) {
  const child = spawn(process.execPath, [cli.script, '--port', '0', '--renderer', cli.rendererDir, '--data-dir', dataDir], { env: webCliEnv() });
  child.stderr.resume();
  const [line] = (await once(child.stdout.setEncoding('utf8'), 'data')) as [string];
  const url = new URL(line.trim().slice('Wirebench web UI: '.length));
  const ws = new WebSocket(`ws://${url.host}/ws${url.search}`, { headers: { origin: `http://${url.host}` } });
  await once(ws, 'open');
  let next = 1;
  const waiting = new Map<number, (result: unknown) => void>();
  ws.on('message', (data: Buffer) => {
    const decoded = decodeWire(data.toString('utf8'));
    if (!decoded.ok) return;
    const frame = decoded.value as { id?: number; result?: unknown };
    if (typeof frame.id === 'number') waiting.get(frame.id)?.(frame.result);
  });
  const call = (name: string, payload: unknown): Promise<{ ok: boolean; value?: unknown }> => {
    const id = next++;
    ws.send(encodeWire({ id, name, payload }));
    return new Promise((resolve) => waiting.set(id, resolve as (r: unknown) => void));
  };
  return { child, ws, call };
}

/** A workspace of some megabytes whose every tab says which save it is. */
function workspace(n: number): Workspace {
  const text = `save ${n} `.padEnd(400_000, String(n % 10));
  const tab = { kind: 'tcp-client', fields: { host: '127.0.0.1', port: '7' }, closeClients: true, composer: { text, format: 'text', lineEnding: 'none', checksum: null }, view: 'hex', encoding: 'utf-8', time: 'clock', receive: null, rules: [] } as const;
  return {
    version: 1,
    tabs: Array.from({ length: 8 }, () => structuredClone(tab)) as unknown as Workspace['tabs'],
    selected: 0,
    settings: { reconnectOnStart: false, language: 'system', theme: 'system', fontSize: 13, newTab: { format: 'text', lineEnding: 'none' }, logMemoryMib: null, spillDir: null },
  };
}

describe('web mode killed while writing the workspace', () => {
  it('comes back with a whole workspace, nothing set aside, no temporary file', async () => {
    const dataDir = path.join(cli.dir, 'data');
    const first = await start(dataDir);
    let acknowledged = 0;
    for (let n = 1; n <= 3; n++) {
      expect(await first.call('workspace.save', { workspace: workspace(n) })).toMatchObject({ ok: true });
      acknowledged = n;
    }
    // More saves in flight; the kill lands while one is being written (its temporary file is there).
    for (let n = 4; n <= 40; n++) void first.call('workspace.save', { workspace: workspace(n) });
    const writing = async (): Promise<boolean> => (await readdir(dataDir)).some((name) => name.endsWith('.part'));
    while (!(await writing())) await new Promise((resolve) => setImmediate(resolve));
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    first.ws.terminate();
    expect(await writing()).toBe(true);

    const second = await start(dataDir);
    try {
      const loaded = (await second.call('workspace.load', {})) as { ok: boolean; value: { workspace: Workspace; notice: string | null } };
      expect(loaded.ok).toBe(true);
      expect(loaded.value.notice).toBeNull();
      const saved = loaded.value.workspace;
      const which = Number(/^save (\d+) /.exec(saved.tabs[0]!.composer.text)?.[1]);
      expect(which).toBeGreaterThanOrEqual(acknowledged);
      expect(saved).toEqual(workspace(which));
      expect((await readdir(dataDir)).filter((name) => name.endsWith('.part') || name.includes('corrupt'))).toEqual([]);
    } finally {
      second.ws.terminate();
      second.child.kill('SIGKILL');
      await once(second.child, 'exit');
    }
  });
});

describe('web mode killed while saving a log', () => {
  it('leaves the earlier save whole and no half file in sight; the next save clears the leftover', async () => {
    const dataDir = path.join(cli.dir, 'data-log');
    const saveDir = path.join(cli.dir, 'saves');
    await mkdir(saveDir, { recursive: true });
    const target = path.join(saveDir, 'capture.jsonl');
    await writeFile(target, 'the previous save\n');
    const first = await start(dataDir);
    const created = (await first.call('session.create', { kind: 'tcp-server' })) as { value: { id: string } };
    const id = created.value.id;
    const listening = (await first.call('session.connect', { id, config: { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0 } })) as { value: { local: { port: number } } };
    // 160 MiB in: a JSON Lines save of it takes a while.
    const total = 160 * 1024 * 1024;
    const client = connect(listening.value.local.port, '127.0.0.1');
    await once(client, 'connect');
    const chunk = Buffer.alloc(1024 * 1024, 0x41);
    for (let sent = 0; sent < total; sent += chunk.length) if (!client.write(chunk)) await once(client, 'drain');
    for (;;) {
      const list = (await first.call('session.list', {})) as { value: { stats: { bytesIn: number } }[] };
      if (list.value[0]!.stats.bytesIn === total) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    void first.call('log.save', { id, path: target, format: 'jsonl', overwrite: true });
    const leftovers = async (): Promise<string[]> => (await readdir(saveDir)).filter((name) => name.endsWith('.part'));
    while ((await leftovers()).length === 0) await new Promise((resolve) => setImmediate(resolve));
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    first.ws.terminate();
    client.destroy();
    expect(await readFile(target, 'utf8')).toBe('the previous save\n');
    expect((await readdir(saveDir)).filter((name) => !name.startsWith('.'))).toEqual(['capture.jsonl']);
    const [leftover] = await leftovers();

    // A minute on (the leftover's time set back by one), the next save there clears it.
    const minuteAgo = new Date(Date.now() - 61_000);
    await utimes(path.join(saveDir, leftover!), minuteAgo, minuteAgo);
    const second = await start(dataDir);
    try {
      const again = (await second.call('session.create', { kind: 'udp' })) as { value: { id: string } };
      expect(await second.call('log.save', { id: again.value.id, path: target, format: 'jsonl', overwrite: true })).toMatchObject({ ok: true });
      expect(await readdir(saveDir)).toEqual(['capture.jsonl']);
    } finally {
      second.ws.terminate();
      second.child.kill('SIGKILL');
      await once(second.child, 'exit');
    }
  });
});
