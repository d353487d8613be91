// The security baseline, driven through fake Electron objects: what a hostile page could try
// (open windows, navigate away, embed a webview, ask for permissions) is refused.
import { readFileSync } from 'node:fs';
import type { App, Session } from 'electron';
import { beforeEach, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, hardenApp, secureWebPreferences } from '../../src-main/security.js';
import { FakeApp, FakeSession, FakeWebContents } from './fake-electron.js';

const APP_URL = 'file:///opt/Wirebench/resources/app.asar/dist/renderer/index.html';

let app: FakeApp;
let session: FakeSession;
let contents: FakeWebContents;

beforeEach(() => {
  app = new FakeApp();
  session = new FakeSession();
  hardenApp(app as unknown as App, session as unknown as Session, APP_URL);
  contents = new FakeWebContents();
  app.emit('web-contents-created', {}, contents);
});

describe('secureWebPreferences', () => {
  it('isolates and sandboxes the renderer and gives it no Node and no webviews', () => {
    expect(secureWebPreferences('/app/dist/main/preload.cjs')).toEqual({
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
      preload: '/app/dist/main/preload.cjs',
    });
  });
});

describe('hardenApp: every web contents', () => {
  it('denies window.open, whatever the URL', () => {
    expect(contents.windowOpenHandler).not.toBeNull();
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: APP_URL })).toEqual({ action: 'deny' });
  });

  it.each(['will-navigate', 'will-redirect'] as const)('%s: stays on the app page', (eventName) => {
    const prevented = (url: string): boolean => contents.navigate(eventName, url);
    expect(prevented('https://example.com/')).toBe(true);
    expect(prevented('http://127.0.0.1:8080/')).toBe(true);
    expect(prevented('file:///etc/passwd')).toBe(true);
    expect(prevented('file:///opt/Wirebench/resources/app.asar/dist/renderer/other.html')).toBe(true);
    expect(prevented('javascript:alert(1)')).toBe(true);
    expect(prevented('not a url')).toBe(true);
    expect(prevented(APP_URL)).toBe(false);
    expect(prevented(`${APP_URL}#/session/s1`)).toBe(false);
  });

  it('refuses to attach a webview', () => {
    expect(contents.fire('will-attach-webview', {}, { src: 'https://example.com/' })).toBe(true);
  });

  it('hardens contents created later too', () => {
    const later = new FakeWebContents();
    app.emit('web-contents-created', {}, later);
    expect(later.navigate('will-navigate', 'https://example.com/')).toBe(true);
    expect(later.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });
});

describe('hardenApp: the session', () => {
  it.each(['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read'])(
    'denies a %s permission request',
    (permission) => {
      const answers: boolean[] = [];
      session.permissionRequestHandler?.(contents, permission, (granted) => answers.push(granted), {});
      expect(answers).toEqual([false]);
    },
  );

  it('answers every permission check and device request with no', () => {
    expect(session.permissionCheckHandler?.(contents, 'media', 'file://', {})).toBe(false);
    expect(session.permissionCheckHandler?.(null, 'notifications', 'https://example.com', {})).toBe(false);
    expect(session.devicePermissionHandler?.({ deviceType: 'usb' })).toBe(false);
  });

  it('adds the CSP header to every http(s) response', () => {
    expect(session.headersReceived?.filter.urls).toEqual(['http://*/*', 'https://*/*']);
    const responses: { responseHeaders?: Record<string, string[]> }[] = [];
    session.headersReceived?.listener(
      { url: 'http://127.0.0.1:5173/', responseHeaders: { 'Content-Type': ['text/html'] } },
      (response) => responses.push(response),
    );
    expect(responses).toEqual([
      { responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } },
    ]);
  });

  it('keeps a policy the server sent and adds ours beside it (both are enforced)', () => {
    const responses: { responseHeaders?: Record<string, string[]> }[] = [];
    session.headersReceived?.listener(
      { url: 'https://example.com/', responseHeaders: { 'content-security-policy': ["script-src 'none'"] } },
      (response) => responses.push(response),
    );
    expect(responses[0]?.responseHeaders).toEqual({
      'content-security-policy': ["script-src 'none'", CONTENT_SECURITY_POLICY],
    });
  });
});

/** "a 'x'; b c" -> Map { a => "'x'", b => "c" } */
function directives(policy: string): Map<string, string> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name = '', ...values] = d.split(/\s+/);
        return [name, values.join(' ')];
      }),
  );
}

describe('CONTENT_SECURITY_POLICY', () => {
  it('allows only the app its own files: no inline script, no eval, no frames, no plugins', () => {
    const policy = directives(CONTENT_SECURITY_POLICY);
    expect(policy.get('default-src')).toBe("'none'");
    expect(policy.get('script-src')).toBe("'self'");
    expect(policy.get('object-src')).toBe("'none'");
    expect(policy.get('frame-ancestors')).toBe("'none'");
    expect(policy.get('base-uri')).toBe("'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|\*/);
  });

  it('is the policy index.html carries in its meta tag (file:// loads have no headers)', () => {
    const html = readFileSync(new URL('../../src-renderer/index.html', import.meta.url), 'utf8');
    const meta = /<meta\s+http-equiv=["']Content-Security-Policy["']\s+content="([^"]*)"/i.exec(html);
    expect(meta, 'index.html has no CSP meta tag').not.toBeNull();
    // Browsers ignore frame-ancestors in a meta tag, so only the header can carry it.
    const expected = directives(CONTENT_SECURITY_POLICY);
    expected.delete('frame-ancestors');
    expect(directives(meta?.[1] ?? '')).toEqual(expected);
  });
});
