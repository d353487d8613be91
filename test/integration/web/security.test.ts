// The web server's checks, against a real server on loopback with raw HTTP requests (fetch
// cannot set Host or Origin, so node:http is used directly).
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Router } from '../../../src-main/api/router.js';
import { CONTENT_SECURITY_POLICY } from '../../../src-main/web/static.js';
import { startWebServer, type WebServer } from '../../../src-main/web/server.js';

const INDEX = '<!doctype html><title>Wirebench</title><script type="module" src="/assets/app.js"></script>';
const APP_JS = 'console.log("wirebench");';

const router: Router = {
  handle: async () => ({ ok: true, value: null }),
  subscribe: () => () => {},
};

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

let dir: string;
let server: WebServer;

function get(urlPath: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path: urlPath, method, headers: { host: `127.0.0.1:${server.port}`, ...headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Opens a WebSocket; resolves 'open' or the HTTP status the server refused the upgrade with. */
function upgrade(urlPath: string, headers: Record<string, string>): Promise<'open' | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${urlPath}`, { headers });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.on('error', reject);
  });
}

const origin = (): string => `http://127.0.0.1:${server.port}`;
const cookie = (): string => `wirebench_token_${server.port}=${server.token}`;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'wirebench-web-'));
  await mkdir(path.join(dir, 'renderer', 'assets'), { recursive: true });
  await writeFile(path.join(dir, 'renderer', 'index.html'), INDEX);
  await writeFile(path.join(dir, 'renderer', 'assets', 'app.js'), APP_JS);
  await writeFile(path.join(dir, 'secret.txt'), 'TOP SECRET');
  await symlink(path.join(dir, 'secret.txt'), path.join(dir, 'renderer', 'assets', 'link.txt'));
  server = await startWebServer({ rendererDir: path.join(dir, 'renderer'), router });
});

afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('web server: token', () => {
  it('binds 127.0.0.1 by default and prints a URL with a long random token', async () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const other = await startWebServer({ rendererDir: path.join(dir, 'renderer'), router });
    try {
      expect(other.token).not.toBe(server.token);
    } finally {
      await other.close();
    }
  });

  it('binds another address only when asked, and names it in the URL', async () => {
    const v6 = await startWebServer({ host: '::1', rendererDir: path.join(dir, 'renderer'), router });
    try {
      expect(v6.host).toBe('::1');
      expect(v6.url).toBe(`http://[::1]:${v6.port}/?token=${v6.token}`);
      const reply = await fetch(v6.url);
      expect(reply.status).toBe(200);
      expect(await reply.text()).toBe(INDEX);
    } finally {
      await v6.close();
    }
  });

  it('answers 401 without the token, saying what to do', async () => {
    for (const p of ['/', '/assets/app.js', '/index.html']) {
      const reply = await get(p);
      expect(reply.status, p).toBe(401);
      expect(reply.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(reply.body).toMatch(/token is missing or wrong.*URL that "npm run web" printed/);
      expect(reply.body).not.toContain('Wirebench</title>');
    }
  });

  it('answers a wrong token only after a delay, so guessing is slow', async () => {
    const slow = await startWebServer({ rendererDir: path.join(dir, 'renderer'), router, badTokenDelayMs: 300 });
    try {
      const started = performance.now();
      const reply = await fetch(`http://127.0.0.1:${slow.port}/?token=wrong`);
      expect(reply.status).toBe(401);
      // A lower bound only: the reply cannot come before the delay, however fast the machine.
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
      expect((await fetch(slow.url)).status).toBe(200);
    } finally {
      await slow.close();
    }
  });

  it('answers 401 to a wrong token, in the query or in the cookie', async () => {
    const wrong = server.token.slice(0, -1) + (server.token.endsWith('A') ? 'B' : 'A');
    expect((await get(`/?token=${wrong}`)).status).toBe(401);
    expect((await get(`/?token=`)).status).toBe(401);
    expect((await get(`/?token=${server.token}x`)).status).toBe(401);
    expect((await get('/assets/app.js', { cookie: `wirebench_token_${server.port}=${wrong}` })).status).toBe(401);
    // A cookie for another port's server is not this server's.
    expect((await get('/assets/app.js', { cookie: `wirebench_token_1=${server.token}` })).status).toBe(401);
  });

  it('serves the page for the right token, with the cookie and the security headers', async () => {
    const reply = await get(`/?token=${server.token}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toBe(INDEX);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.headers['content-security-policy']).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(CONTENT_SECURITY_POLICY).toBe(reply.headers['content-security-policy']);
    expect(reply.headers['referrer-policy']).toBe('no-referrer');
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.headers['set-cookie']).toEqual([`${cookie()}; HttpOnly; SameSite=Strict; Path=/`]);
  });

  it('serves assets with the cookie (or the token), with their content type', async () => {
    const reply = await get('/assets/app.js', { cookie: cookie() });
    expect(reply.status).toBe(200);
    expect(reply.body).toBe(APP_JS);
    expect(reply.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect((await get(`/assets/app.js?token=${server.token}`)).status).toBe(200);
    expect((await get('/', { cookie: cookie() })).body).toBe(INDEX);
    expect((await get('/missing.js', { cookie: cookie() })).status).toBe(404);
    // The browser's own favicon request gets no body rather than a 404 in the console.
    expect((await get('/favicon.ico', { cookie: cookie() })).status).toBe(204);
  });

  it('serves only GET and HEAD', async () => {
    expect((await get('/', { cookie: cookie() }, 'POST')).status).toBe(405);
    const head = await get('/assets/app.js', { cookie: cookie() }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });
});

describe('web server: Host and Origin', () => {
  it('refuses a foreign Host with 403 even with the token (DNS rebinding)', async () => {
    for (const host of [`evil.example:${server.port}`, `127.0.0.1.nip.io:${server.port}`, '127.0.0.1', `127.0.0.1:${server.port + 1}`, `localhost.:${server.port}`]) {
      const reply = await get(`/?token=${server.token}`, { host });
      expect(reply.status, host).toBe(403);
      expect(reply.body).not.toContain('Wirebench</title>');
    }
  });

  it('accepts the loopback names for its port', async () => {
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `LOCALHOST:${server.port}`, `[::1]:${server.port}`]) {
      expect((await get(`/?token=${server.token}`, { host })).status, host).toBe(200);
    }
  });

  it('refuses a foreign Origin with 403, and accepts its own', async () => {
    for (const bad of [
      'http://evil.example',
      `https://127.0.0.1:${server.port}`,
      'null',
      `http://127.0.0.1:${server.port + 1}`,
      // Origins that merely start (or end) like ours.
      `http://127.0.0.1:${server.port}.evil.example`,
      `http://localhost:${server.port}0`,
      `http://127.0.0.1:${server.port}@evil.example`,
      `http://evil.example/127.0.0.1:${server.port}`,
      `http://127.0.0.1:${server.port}/`,
      `http://x.127.0.0.1:${server.port}`,
    ]) {
      expect((await get(`/?token=${server.token}`, { origin: bad })).status, bad).toBe(403);
    }
    expect((await get(`/?token=${server.token}`, { origin: origin() })).status).toBe(200);
    expect((await get(`/?token=${server.token}`, { origin: `http://localhost:${server.port}` })).status).toBe(200);
  });
});

describe('web server: WebSocket upgrade', () => {
  it('opens /ws with the token (query or cookie) and its own Origin', async () => {
    expect(await upgrade(`/ws?token=${server.token}`, { origin: origin() })).toBe('open');
    expect(await upgrade('/ws', { origin: origin(), cookie: cookie() })).toBe('open');
  });

  it('refuses an upgrade without a token, or with a wrong one', async () => {
    expect(await upgrade('/ws', { origin: origin() })).toBe(401);
    expect(await upgrade('/ws?token=nope', { origin: origin() })).toBe(401);
  });

  it('refuses an upgrade with a foreign or missing Origin, or a foreign Host', async () => {
    expect(await upgrade(`/ws?token=${server.token}`, { origin: 'http://evil.example' })).toBe(403);
    for (const bad of [`http://127.0.0.1:${server.port}.evil.example`, `http://localhost:${server.port}0`, `http://127.0.0.1:${server.port}@evil.example`]) {
      expect(await upgrade(`/ws?token=${server.token}`, { origin: bad }), bad).toBe(403);
    }
    expect(await upgrade(`/ws?token=${server.token}`, {})).toBe(403);
    expect(await upgrade(`/ws?token=${server.token}`, { origin: origin(), host: `evil.example:${server.port}` })).toBe(403);
  });

  it('refuses an upgrade on any other path', async () => {
    expect(await upgrade(`/other?token=${server.token}`, { origin: origin() })).toBe(404);
  });
});

describe('web server: files', () => {
  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/assets/link.txt',
    '/assets/%00app.js',
    '/..%5csecret.txt',
    '/%E0%A4%A',
  ])('never serves anything outside the renderer dir: %s', async (p) => {
    const reply = await get(p, { cookie: cookie() });
    expect(reply.status).not.toBe(200);
    expect(reply.body).not.toContain('TOP SECRET');
  });

  it('does not serve directories', async () => {
    expect((await get('/assets', { cookie: cookie() })).status).toBe(404);
    expect((await get('/assets/', { cookie: cookie() })).status).toBe(404);
  });
});
