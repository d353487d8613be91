// The Electron security baseline. Electron objects come in as parameters so tests can hand in
// fakes: this file imports only types from electron.
import type { App, Session, WebContents, WebPreferences } from 'electron';
import { isTrustedUrl } from './api/ipc.js';

/**
 * The page may load its own scripts, styles, images and fonts, and nothing else: no inline
 * script, no eval, no network (all sockets live in main), no frames, no plugins.
 * The app:// handler (app-protocol.ts) sends it as a header; index.html carries it in a meta tag too.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";

/** The renderer is untrusted: it gets no Node, no webviews, and only what the preload exposes. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    spellcheck: false,
    preload: preloadPath,
  };
}

/**
 * Locks every web contents the app will ever create to the app's own page (`appUrl`), and
 * refuses every permission: a protocol workbench needs no camera, location or notifications.
 */
export function hardenApp(app: App, session: Session, appUrl: string): void {
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, appUrl));

  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);

  // Only http(s) responses have headers to add to (web mode in a browser, or a future dev
  // server); app:// responses carry it from their handler (app-protocol.ts).
  session.webRequest.onHeadersReceived({ urls: ['http://*/*', 'https://*/*'] }, (details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders ?? {}) });
  });
}

function hardenContents(contents: WebContents, appUrl: string): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const stayOnAppPage = (event: { url: string; preventDefault(): void }): void => {
    if (!isTrustedUrl(event.url, appUrl)) event.preventDefault();
  };
  contents.on('will-navigate', stayOnAppPage);
  contents.on('will-redirect', stayOnAppPage);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * Adds our policy next to any the server sent: a browser enforces every policy it gets, so
 * adding can only tighten, never loosen.
 */
export function withContentSecurityPolicy(headers: Record<string, string[]>): Record<string, string[]> {
  const key = Object.keys(headers).find((name) => name.toLowerCase() === 'content-security-policy');
  if (key === undefined) return { ...headers, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] };
  return { ...headers, [key]: [...(headers[key] ?? []), CONTENT_SECURITY_POLICY] };
}
