// Web mode: the built renderer as static files plus the WebSocket transport, on loopback by
// default, behind a random token. Every request and upgrade is checked for Host (against DNS
// rebinding), Origin (against other sites) and the token (against other local users and pages).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Router } from '../api/router.js';
import { MAX_FRAME_BYTES, serveWebSocket } from '../api/ws.js';
import { hostForUrl, tokensEqual } from './checks.js';
import { serveStatic, SECURITY_HEADERS } from './static.js';

export interface WebServerOptions {
  /** Address to bind; 127.0.0.1 unless the user explicitly chose another. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The built renderer (index.html and its assets). */
  rendererDir: string;
  router: Router;
  /** Fixed token (tests); a random one otherwise. */
  token?: string;
  /** How long a missing or wrong token waits for its 401 (slows guessing); BAD_TOKEN_DELAY_MS. */
  badTokenDelayMs?: number;
}

/** A 401 is answered this much later: the token is unguessable, and guessing is made slow too. */
export const BAD_TOKEN_DELAY_MS = 200;

export interface WebServer {
  url: string;
  port: number;
  host: string;
  token: string;
  close(): Promise<void>;
}

/** A browser tab or two is the use case; more than this is a leak or an attack. */
export const MAX_CLIENTS = 16;

const TOKEN_MISSING =
  'Wirebench: the access token is missing or wrong. Open the exact URL that "npm run web" printed (it ends with ?token=...).\n';

function plain(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function refuseUpgrade(socket: Duplex, status: number, reason: string, body: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const server = createServer();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The web server has no TCP address.');
  const { port } = address;
  const host = address.address;
  const allowedHosts = new Set(['127.0.0.1', 'localhost', '[::1]', hostForUrl(host)].map((h) => `${h}:${port}`));
  // Cookies ignore ports: one name per port keeps two servers on one machine apart.
  const cookieName = `wirebench_token_${port}`;

  type Verdict = { ok: true; url: URL } | { ok: false; status: 400 | 401 | 403; body: string };

  /** The checks every request and every upgrade pass before anything else happens. */
  const check = (req: IncomingMessage, requireOrigin: boolean): Verdict => {
    const hostHeader = req.headers.host?.toLowerCase();
    if (!hostHeader || !allowedHosts.has(hostHeader)) {
      return { ok: false, status: 403, body: `Wirebench: host "${hostHeader ?? ''}" is not allowed; use the printed URL.\n` };
    }
    const origin = req.headers.origin;
    if (origin !== undefined || requireOrigin) {
      const originHost = origin?.toLowerCase().startsWith('http://') ? origin.slice('http://'.length).toLowerCase() : null;
      if (originHost === null || !allowedHosts.has(originHost)) {
        return { ok: false, status: 403, body: 'Wirebench: requests from other sites are not allowed.\n' };
      }
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://${hostHeader}`);
    } catch {
      return { ok: false, status: 400, body: 'Wirebench: bad request URL.\n' };
    }
    const offered = url.searchParams.has('token') ? url.searchParams.get('token') : readCookie(req.headers.cookie, cookieName);
    if (offered === null || !tokensEqual(offered, token)) return { ok: false, status: 401, body: TOKEN_MISSING };
    return { ok: true, url };
  };

  const badTokenDelayMs = options.badTokenDelayMs ?? BAD_TOKEN_DELAY_MS;
  /** A refusal now, or for a bad token after the delay (the socket may be gone by then). */
  const refuse = (status: number, send: () => void): void => {
    if (status === 401 && badTokenDelayMs > 0) setTimeout(send, badTokenDelayMs).unref();
    else send();
  };

  server.on('request', (req, res) => {
    const verdict = check(req, false);
    if (!verdict.ok) return refuse(verdict.status, () => plain(res, verdict.status, verdict.body));
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Wirebench: only GET is served here.\n');
    if (verdict.url.pathname === '/' && verdict.url.searchParams.has('token')) {
      res.setHeader('Set-Cookie', `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    }
    serveStatic(options.rendererDir, verdict.url.pathname, req, res).catch(() => {
      if (!res.headersSent) plain(res, 500, 'Wirebench: could not read the file.\n');
      else res.destroy();
    });
  });

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const verdict = check(req, true);
    if (!verdict.ok) {
      const reason = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden' }[verdict.status];
      return refuse(verdict.status, () => refuseUpgrade(socket, verdict.status, reason, verdict.body));
    }
    if (verdict.url.pathname !== '/ws') return refuseUpgrade(socket, 404, 'Not Found', 'Wirebench: no WebSocket here.\n');
    if (wss.clients.size >= MAX_CLIENTS) {
      return refuseUpgrade(socket, 503, 'Service Unavailable', `Wirebench: at most ${MAX_CLIENTS} pages may be connected.\n`);
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      wss.emit('connection', ws, req);
      serveWebSocket(ws, options.router);
    });
  });

  let closing: Promise<void> | null = null;
  return {
    url: `http://${hostForUrl(host)}:${port}/?token=${token}`,
    port,
    host,
    token,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
