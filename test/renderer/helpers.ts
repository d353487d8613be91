// Shared steps for renderer tests: mount the app over a fake bridge, open a tab, connect.
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../../src-renderer/App.svelte';
import { FakeBridge } from './fake-bridge.js';

export type User = ReturnType<typeof userEvent.setup>;

/** Mounts the app and waits until it has asked main for the sessions it holds. */
export async function renderApp(bridge: FakeBridge): Promise<User> {
  const user = userEvent.setup();
  render(App, { props: { bridge } });
  await waitFor(() => {
    if (bridge.callsOf('session.list').length === 0) throw new Error('session.list not called yet');
  });
  return user;
}

/** Clicks "New connection" and returns the new tab's panel. */
export async function openTab(user: User, bridge: FakeBridge): Promise<HTMLElement> {
  const before = bridge.callsOf('session.create').length;
  await user.click(screen.getByRole('button', { name: 'New connection' }));
  await waitFor(() => {
    if (bridge.callsOf('session.create').length === before) throw new Error('session.create not called yet');
  });
  return screen.findByRole('tabpanel');
}

/** Fills the form and presses Connect, then waits for the status to say so. */
export async function connect(user: User, panel: HTMLElement, host = '127.0.0.1', port = '7'): Promise<void> {
  const p = within(panel);
  await user.type(p.getByLabelText('Host'), host);
  await user.type(p.getByLabelText('Port'), port);
  await user.click(p.getByRole('button', { name: 'Connect' }));
  await waitFor(() => {
    if (!statusOf(panel).startsWith('Connected')) throw new Error(`status is "${statusOf(panel)}"`);
  });
}

/** The app over `bridge` with one tab, connected: where most composer and library tests start. */
export async function connectedTab(bridge = new FakeBridge()): Promise<{ bridge: FakeBridge; user: User; panel: HTMLElement }> {
  const user = await renderApp(bridge);
  const panel = await openTab(user, bridge);
  await connect(user, panel);
  return { bridge, user, panel };
}

export function statusOf(panel: HTMLElement): string {
  return within(panel).getByRole('status', { name: 'Connection status' }).textContent?.trim() ?? '';
}
