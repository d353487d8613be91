// The addon's lifetime rules, each in a fresh Node (a crash there fails the test, not the run):
// a worker that exits with sockets still polled, a forgotten socket closed by the garbage
// collector, and an exception thrown from a callback reaching process 'uncaughtException'.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadNative } from '../../../src-main/native/native.js';

const load = loadNative();
const addon = load.ok ? load.path : '';

/** Runs `body` (CommonJS, `b` is the raw binding, `C` its constants) in a new Node. */
function runNode(body: string, flags: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = `const m = { exports: {} }; process.dlopen(m, ${JSON.stringify(addon)}); const b = m.exports; const C = b.constants;\n${body}`;
  const child = spawn(process.execPath, [...flags, '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe.skipIf(!load.ok || process.platform !== 'linux')('native addon lifetime', () => {
  it('a worker that ends with sockets still polled tears down cleanly (async cleanup hook)', async () => {
    const worker = `
      const m = { exports: {} }; process.dlopen(m, ${JSON.stringify(addon)}); const b = m.exports; const C = b.constants;
      const reading = b.socket(C.AF_UNIX, C.SOCK_DGRAM, 0);
      b.bind(reading, { family: 'unix', path: '' });
      b.watch(reading, () => {});
      b.readStart(reading, false);
      const closing = b.socket(C.AF_UNIX, C.SOCK_DGRAM, 0);
      b.watch(closing, () => {});
      b.readStart(closing, false);
      b.close(closing);
      require('node:worker_threads').parentPort.postMessage(b.fd(reading));
    `;
    const result = await runNode(`
      const { Worker } = require('node:worker_threads');
      const fs = require('node:fs');
      const w = new Worker(${JSON.stringify(worker)}, { eval: true });
      w.once('message', (fd) => {
        const before = fs.readlinkSync('/proc/self/fd/' + fd);
        w.terminate().then((code) => {
          let after = 'closed';
          try { after = fs.readlinkSync('/proc/self/fd/' + fd); } catch {}
          console.log(JSON.stringify({ code, before: before.startsWith('socket:'), after }));
        });
      });
    `);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ code: 1, before: true, after: 'closed' });
  });

  it('a forgotten socket is closed when collected, and a watched one is not collected', async () => {
    const result = await runNode(
      `
      const fs = require('node:fs');
      const isSocket = (fd) => { try { return fs.readlinkSync('/proc/self/fd/' + fd).startsWith('socket:'); } catch { return false; } };
      let forgotten = b.socket(C.AF_UNIX, C.SOCK_DGRAM, 0);
      const forgottenFd = b.fd(forgotten);
      forgotten = null;
      let watched = b.socket(C.AF_UNIX, C.SOCK_DGRAM, 0);
      b.bind(watched, { family: 'unix', path: '' });
      const watchedFd = b.fd(watched);
      b.watch(watched, () => {});
      b.readStart(watched, false);
      watched = null;
      (async () => {
        for (let i = 0; i < 10 && isSocket(forgottenFd); i++) {
          globalThis.gc();
          await new Promise((r) => setImmediate(r));
        }
        console.log(JSON.stringify({ forgotten: isSocket(forgottenFd), watched: isSocket(watchedFd) }));
        process.exit(0);
      })();
    `,
      ['--expose-gc'],
    );
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ forgotten: false, watched: true });
  });

  it('an exception thrown in a callback reaches uncaughtException, and next ticks still run after callbacks', async () => {
    const result = await runNode(`
      const server = b.socket(C.AF_UNIX, C.SOCK_DGRAM, 0);
      b.bind(server, { family: 'unix', path: '' });
      const address = b.sockname(server);
      process.on('uncaughtException', (err) => {
        console.log('caught ' + err.message);
        b.close(server);
      });
      b.watch(server, (event) => {
        process.nextTick(() => console.log('tick after event ' + event));
        throw new Error('boom');
      });
      b.readStart(server, false);
      b.send(b.socket(C.AF_UNIX, C.SOCK_DGRAM, 0), Buffer.from('x'), address);
    `);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual(['caught boom', 'tick after event 1']);
  });
});
