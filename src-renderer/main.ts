// Entry point: reach main through the bridge, then show the app; if the bridge cannot be
// reached, say so in words instead of leaving a blank window.
import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { connectBridge } from './bridge/bridge.js';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

try {
  const bridge = await connectBridge();
  mount(App, { target, props: { bridge } });
} catch (err) {
  const reason = err instanceof Error ? err.message : String(err);
  const message = document.createElement('p');
  message.className = 'boot-error';
  message.setAttribute('role', 'alert');
  message.textContent = `Wirebench could not reach its engine: ${reason}. Reload the page to try again; in web mode, use the full address with its token that the server printed.`;
  target.replaceChildren(message);
}
