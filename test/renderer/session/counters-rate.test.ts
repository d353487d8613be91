import { screen, waitFor, within } from '@testing-library/svelte';
import { expect, test } from 'vitest';
import { FakeBridge, openSnapshot } from '../fake-bridge.js';
import { renderApp } from '../helpers.js';

test('a session shows Idle, then its receive rate next to the counters as log.grew stats arrive', async () => {
  const bridge = new FakeBridge();
  bridge.addSession(openSnapshot('s1', { kind: 'tcp-client', host: '127.0.0.1', port: 7 }));
  await renderApp(bridge);
  const counters = within(await screen.findByRole('tabpanel')).getByRole('region', { name: 'Counters' });
  expect(within(counters).getByText('Idle')).toBeTruthy();

  bridge.grow('s1', { bytesIn: 1000, bytesOut: 0, messagesIn: 10, messagesOut: 0 });
  // A rate needs time to pass between two samples.
  await new Promise((resolve) => setTimeout(resolve, 20));
  bridge.grow('s1', { bytesIn: 2_000_000, bytesOut: 0, messagesIn: 20_000, messagesOut: 0 });
  await waitFor(() => expect(counters.textContent).toMatch(/Receiving [\d.]+ [kMG]B\/s, [\d,]+ msg\/s/));
  expect(within(counters).queryByText('Idle')).toBeNull();
});
