// Entry point: reach main through the bridge, then show the app; if the bridge cannot be
// reached, say so in words instead of leaving a blank window.
import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { connectBridge } from './bridge/bridge.js';
import { resolveLocale } from '$shared/i18n/locale.js';
import { i18n, m } from './i18n/i18n.svelte.js';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

// The browser's language until the saved Settings say otherwise.
i18n.locale = resolveLocale('system', navigator.languages);

try {
  const bridge = await connectBridge();
  mount(App, { target, props: { bridge } });
} catch (err) {
  const reason = err instanceof Error ? err.message : String(err);
  const message = document.createElement('p');
  message.className = 'boot-error';
  message.setAttribute('role', 'alert');
  message.textContent = m.boot_no_engine({ reason });
  target.replaceChildren(message);
}
