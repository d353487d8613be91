// The desktop app's app://wirebench/ handler: the renderer's files with the CSP as a header,
// index.html for the root, and nothing outside the folder (traversal, encoded traversal, a
// symbolic link out), 404 for what is not there, other hosts and methods refused.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_URL, appFileResponder } from '../../src-main/app-protocol.js';
import { isTrustedUrl } from '../../src-main/api/ipc.js';
import { CONTENT_SECURITY_POLICY } from '../../src-main/security.js';

let dir: string;
let respond: (r: Request) => Promise<Response>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wirebench-app-'));
  await mkdir(join(dir, 'renderer/assets'), { recursive: true });
  await writeFile(join(dir, 'renderer/index.html'), '<!doctype html><title>Wirebench</title>');
  await writeFile(join(dir, 'renderer/assets/app.js'), 'console.log(1)');
  await writeFile(join(dir, 'secret.txt'), 'do not serve');
  await symlink(join(dir, 'secret.txt'), join(dir, 'renderer/assets/link.txt'));
  respond = appFileResponder(join(dir, 'renderer'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const get = (url: string, method = 'GET'): Promise<Response> => respond(new Request(url, { method }));

describe('app://wirebench/', () => {
  it('serves the renderer with its type and the CSP as a header; / is index.html', async () => {
    for (const url of [APP_URL, 'app://wirebench/']) {
      const r = await get(url);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(await r.text()).toContain('<title>Wirebench</title>');
    }
    const js = await get('app://wirebench/assets/app.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses paths out of the folder, plain, encoded or through a link; 404 for what is not there', async () => {
    for (const url of ['app://wirebench/..%2fsecret.txt', 'app://wirebench/assets/..%2F..%2Fsecret.txt', 'app://wirebench/%2e%2e/secret.txt', 'app://wirebench/assets/link.txt']) {
      const r = await get(url);
      expect([403, 404]).toContain(r.status);
      expect(await r.text()).not.toContain('do not serve');
    }
    expect((await get('app://wirebench/..%2fsecret.txt')).status).toBe(403);
    expect((await get('app://wirebench/assets/link.txt')).status).toBe(403);
    expect((await get('app://wirebench/nope.js')).status).toBe(404);
    expect((await get('app://wirebench/assets')).status).toBe(404);
    expect((await get('app://elsewhere/index.html')).status).toBe(404);
    expect((await get('app://wirebench/a%00b')).status).toBe(400);
    expect((await get(APP_URL, 'POST')).status).toBe(405);
  });

  it('is the only origin IPC trusts', () => {
    expect(isTrustedUrl('app://wirebench/index.html', APP_URL)).toBe(true);
    expect(isTrustedUrl('app://wirebench/other.html#x', APP_URL)).toBe(true);
    expect(isTrustedUrl('app://evil/index.html', APP_URL)).toBe(false);
    expect(isTrustedUrl('file:///index.html', APP_URL)).toBe(false);
    expect(isTrustedUrl('https://wirebench/index.html', APP_URL)).toBe(false);
  });
});
