// Shared steps for the per-kind form tests: open a tab of a kind, find fields inside "Options".
import { screen, waitFor, within } from '@testing-library/svelte';
import type { SessionKind } from '../../src-main/shared/contract.js';
import { KINDS } from '../../src-main/shared/contract.js';
import type { FakeBridge } from './fake-bridge.js';
import { openTab, type User } from './helpers.js';

/** Opens a tab and switches it to `kind`; returns the panel of the session that replaced it. */
export async function openTabOfKind(user: User, bridge: FakeBridge, kind: SessionKind): Promise<HTMLElement> {
  const panel = await openTab(user, bridge);
  if (kind === 'tcp-client') return panel;
  const creates = bridge.callsOf('session.create').length;
  await user.selectOptions(within(panel).getByLabelText('Kind'), KINDS[kind].label);
  await waitFor(() => {
    if (bridge.callsOf('session.create').length === creates) throw new Error('session.create not called yet');
  });
  const id = `panel-s${creates + 1}`;
  await waitFor(() => {
    if (screen.getByRole('tabpanel').id !== id) throw new Error(`panel is still ${screen.getByRole('tabpanel').id}`);
  });
  return screen.getByRole('tabpanel');
}

/** Types into a field (cleared first). */
export async function fill(user: User, panel: HTMLElement, label: string, text: string): Promise<void> {
  const field = within(panel).getByLabelText(label);
  await user.clear(field);
  if (text !== '') await user.type(field, text);
}

/** Opens the "Options" disclosure (its fields are in the DOM either way; a user has to open it). */
export async function openOptions(user: User, panel: HTMLElement): Promise<void> {
  const details = within(panel).getByText('Options', { selector: 'summary' }).closest('details')!;
  if (!details.open) await user.click(within(panel).getByText('Options', { selector: 'summary' }));
}

/** The text of the element that describes `field` (its error message and hint). */
export function descriptionOf(field: HTMLElement): string {
  const ids = field.getAttribute('aria-describedby');
  if (!ids) return '';
  return ids
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
}
