import { screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, expect, test, vi } from 'vitest';
import { FakeBridge, openSnapshot } from '../fake-bridge.js';
import { renderApp } from '../helpers.js';

afterEach(() => vi.useRealTimers());

test('a session shows Idle, then its receive rate next to the counters as log.grew stats arrive', async () => {
  const bridge = new FakeBridge();
  bridge.addSession(openSnapshot('s1', { kind: 'tcp-client', host: '127.0.0.1', port: 7 }));
  await renderApp(bridge);
  const counters = within(await screen.findByRole('tabpanel')).getByRole('region', { name: 'Counters' });
  expect(within(counters).getByText('Idle')).toBeTruthy();

  // The clock is the test's: 1.5 MB and 1,500 messages arrive in 100 ms.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(1_000_000);
  bridge.grow('s1', { bytesIn: 1000, bytesOut: 0, messagesIn: 10, messagesOut: 0 });
  await waitFor(() => expect(counters.textContent).toContain('Received 1000 B'));
  vi.setSystemTime(1_000_100);
  bridge.grow('s1', { bytesIn: 1_501_000, bytesOut: 0, messagesIn: 1510, messagesOut: 0 });
  await waitFor(() => expect(counters.textContent).toContain('Receiving 15.0 MB/s, 15,000 msg/s'));
  expect(within(counters).queryByText('Idle')).toBeNull();
});
