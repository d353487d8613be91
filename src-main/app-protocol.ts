// The desktop app's own origin: the UI is served from app://wirebench/ by protocol.handle, out of
// the packaged renderer folder, not loaded from file:// (Electron's security checklist: a file://
// page may read other local files, and has no headers to carry the CSP). A path that leaves the
// folder is refused; one that does not exist is 404. Pure over Request/Response (tests call it
// directly); main.ts registers it.
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from './security.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'wirebench';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** What registerSchemesAsPrivileged gets, before the app is ready: a standard, secure scheme. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, stream: true },
} as const;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

function refused(status: number, why: string): Response {
  return new Response(why, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': CONTENT_SECURITY_POLICY } });
}

/** Answers app://wirebench/... from `root` (the renderer build). */
export function appFileResponder(root: string): (request: Request) => Promise<Response> {
  const base = path.resolve(root);
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return refused(400, 'Bad request');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return refused(404, 'Not found');
    if (request.method !== 'GET' && request.method !== 'HEAD') return refused(405, 'Method not allowed');
    let relative: string;
    try {
      relative = decodeURIComponent(url.pathname);
    } catch {
      return refused(400, 'Bad request');
    }
    if (relative.includes('\0')) return refused(400, 'Bad request');
    if (relative === '/' || relative === '') relative = '/index.html';
    const file = path.resolve(base, `.${relative}`);
    // Inside the folder, even through a symbolic link.
    if (file !== base && !file.startsWith(base + path.sep)) return refused(403, 'Forbidden');
    try {
      const real = await realpath(file);
      const realBase = await realpath(base);
      if (!real.startsWith(realBase + path.sep)) return refused(403, 'Forbidden');
      if (!(await stat(real)).isFile()) return refused(404, 'Not found');
      const body = await readFile(real);
      return new Response(request.method === 'HEAD' ? null : body, {
        status: 200,
        headers: {
          'Content-Type': TYPES[path.extname(real).toLowerCase()] ?? 'application/octet-stream',
          'Content-Security-Policy': CONTENT_SECURITY_POLICY,
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'no-cache',
        },
      });
    } catch {
      return refused(404, 'Not found');
    }
  };
}
