// `npm run web` as a user runs it: the CLI bundled the way the build bundles it, in its own
// process, with a real engine and a real port.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Teardown, startServer } from '../../helpers/net.js';
import { STUB_INDEX, useBundledWebCli, webCliEnv } from '../../helpers/web-cli.js';

const LINE = /^Wirebench web UI: http:\/\/127\.0\.0\.1:([0-9]+)\/\?token=([A-Za-z0-9_-]{32})$/;

const cli = useBundledWebCli();
const teardown = new Teardown();
afterEach(() => teardown.run());

interface Run {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  exit: Promise<[number | null, NodeJS.Signals | null]>;
}

function run(args: string[], env: Record<string, string> = {}): Run {
  const child = spawn(process.execPath, [cli.script, ...args], { env: webCliEnv(env) });
  teardown.add(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exit = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, stdout: () => stdout, stderr: () => stderr, exit };
}

/** Resolves with the first complete stdout line. */
async function firstLine(r: Run): Promise<string> {
  while (!r.stdout().includes('\n')) {
    const ended = r.exit.then(() => 'exit' as const);
    const data = once(r.child.stdout, 'data').then(() => 'data' as const);
    if ((await Promise.race([data, ended])) === 'exit') {
      throw new Error(`the CLI exited before printing its URL: ${r.stderr()}`);
    }
  }
  return r.stdout().slice(0, r.stdout().indexOf('\n'));
}

describe('npm run web (the bundled CLI)', () => {
  it('prints exactly one line with the URL, the URL works, and SIGTERM exits 0', async () => {
    const r = run(['--port', '0', '--renderer', cli.rendererDir]);
    const line = await firstLine(r);
    const match = LINE.exec(line);
    expect(match, line).not.toBeNull();
    const url = line.slice('Wirebench web UI: '.length);

    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(STUB_INDEX);
    expect((await fetch(`http://127.0.0.1:${match![1]}/`)).status).toBe(401);

    r.child.kill('SIGTERM');
    expect(await r.exit).toEqual([0, null]);
    expect(r.stdout()).toBe(`${line}\n`);
    expect(r.stderr()).toBe('');
  });

  it('keeps serving after an exception and a rejection nobody caught, and logs both in the data folder', async () => {
    const data = await mkdtemp(path.join(tmpdir(), 'wirebench-crash-'));
    teardown.add(() => rm(data, { recursive: true, force: true }));
    const r = run(['--port', '0', '--renderer', cli.rendererDir, '--data-dir', data], { WIREBENCH_TEST_UNCAUGHT: '1' });
    const url = (await firstLine(r)).slice('Wirebench web UI: '.length);
    const log = path.join(data, 'wirebench-errors.log');
    await expect.poll(async () => (await readFile(log, 'utf8').catch(() => '')).match(/^\S+Z /gm)?.length ?? 0).toBe(2);
    const text = await readFile(log, 'utf8');
    expect(text).toMatch(/^\S+Z uncaught exception: Error: injected by WIREBENCH_TEST_UNCAUGHT\n {4}at /m);
    expect(text).toMatch(/^\S+Z unhandled rejection: Error: rejection injected by WIREBENCH_TEST_UNCAUGHT/m);
    expect(r.stderr()).toContain('kept running');
    // Still serving, and still stops cleanly.
    expect((await fetch(url)).status).toBe(200);
    r.child.kill('SIGTERM');
    expect(await r.exit).toEqual([0, null]);
  });

  it('exits 0 on SIGINT too', async () => {
    const r = run(['--port', '0', '--renderer', cli.rendererDir]);
    await firstLine(r);
    r.child.kill('SIGINT');
    expect(await r.exit).toEqual([0, null]);
  });

  it('finds the renderer next to the bundle by default', async () => {
    const r = run(['--port=0']);
    const url = (await firstLine(r)).slice('Wirebench web UI: '.length);
    expect(await (await fetch(url)).text()).toBe(STUB_INDEX);
  });

  it('exits 2 with a clear message for a bad --port', async () => {
    const r = run(['--port', 'abc']);
    expect(await r.exit).toEqual([2, null]);
    expect(r.stdout()).toBe('');
    expect(r.stderr()).toBe('wirebench web: --port must be a whole number from 0 to 65535 (0 picks a free port), not "abc".\n');
  });

  it('exits 2 with a clear message for a bad --host', async () => {
    const r = run(['--host', 'example.com']);
    expect(await r.exit).toEqual([2, null]);
    expect(r.stderr()).toMatch(/^wirebench web: --host must be an IP address/);
  });

  it('exits 1 saying what to do when there is no built UI', async () => {
    const r = run(['--renderer', path.join(cli.dir, 'nowhere')]);
    expect(await r.exit).toEqual([1, null]);
    expect(r.stderr()).toMatch(/no built UI in .*nowhere \(index\.html is missing\)\. Run "npm run build" first/);
  });

  it('exits 1 saying what to do when the port is taken', async () => {
    const taken = await startServer(teardown);
    const r = run(['--port', String(taken.port), '--renderer', cli.rendererDir]);
    expect(await r.exit).toEqual([1, null]);
    expect(r.stdout()).toBe('');
    expect(r.stderr()).toMatch(/^wirebench web: could not start: .*EADDRINUSE.*pick another with --port/);
  });

  it('prints usage for --help and exits 0', async () => {
    const r = run(['--help']);
    expect(await r.exit).toEqual([0, null]);
    expect(r.stdout()).toMatch(/^Usage: npm run web -- \[--port N\] \[--host ADDR\]/);
  });
});
