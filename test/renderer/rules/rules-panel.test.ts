// The Rules panel against the fake bridge: rows sent to main as they change, a broken pattern
// named with its position and sent disabled, Move up/down and Delete, hit counts from growth.
import { screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, test } from 'vitest';
import { logOf } from '../fake-bridge.js';
import { showLog } from '../log-fixture.js';

describe('the Rules panel', () => {
  test('adds, checks, orders and deletes rules, and shows their hits', async () => {
    const { bridge, user, panel } = await showLog(logOf([]));
    bridge.handlers['session.rules'] = async (input) => ({ ok: true, value: { hits: input.rules.map(() => 0) } });
    const rules = within(panel).getByRole('region', { name: 'Rules' });
    await user.click(rules.querySelector('summary')!);
    await user.click(within(rules).getByRole('button', { name: 'Add rule' }));
    await user.click(within(rules).getByRole('button', { name: 'Add rule' }));
    const first = within(rules).getByRole('group', { name: 'Rule 1' });
    await user.selectOptions(within(first).getByLabelText('When'), 'Hex pattern');
    await user.type(within(first).getByLabelText('Pattern'), '01 0G');
    expect(within(first).getByRole('alert').textContent).toMatch(/"0G" is neither a hex byte nor \?\? at position 4.*off until this is fixed/);
    const second = within(rules).getByRole('group', { name: 'Rule 2' });
    await user.type(within(second).getByLabelText('Pattern'), 'PING');
    await user.type(within(second).getByLabelText('Reply', { selector: 'input' }), '+PONG\\r\\n');
    await user.click(within(rules).getByRole('button', { name: 'Apply' }));
    await waitFor(() =>
      expect(bridge.callsOf('session.rules').at(-1)?.rules.map((r) => [r.enabled, r.when, r.pattern])).toEqual([
        [false, 'hex', '01 0G'],
        [true, 'contains', 'PING'],
      ]),
    );

    await user.click(within(second).getByRole('button', { name: 'Move up' }));
    await waitFor(() => expect(bridge.callsOf('session.rules').at(-1)?.rules.map((r) => r.pattern)).toEqual(['PING', '01 0G']));
    bridge.emit('log.grew', { id: 's1', logCount: 0, logFirst: 0, stats: { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 }, peers: null, peersVersion: 0, ping: null, repeat: null, rules: { hits: [7, 0], error: null } });
    await waitFor(() => expect(within(rules).getByRole('group', { name: 'Rule 1' }).textContent).toContain('7 hits'));
    await user.click(within(within(rules).getByRole('group', { name: 'Rule 2' })).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(bridge.callsOf('session.rules').at(-1)?.rules.map((r) => r.pattern)).toEqual(['PING']));

    // Kept in the library as a named rule set, and loaded back into a tab from there.
    await user.click(within(rules).getByRole('button', { name: 'Save as rule set' }));
    const ask = within(rules).getByRole('group', { name: 'Save as rule set' });
    await user.type(within(ask).getByLabelText('Name'), 'Redis fake');
    await user.click(within(ask).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(bridge.library.ruleSets.map((r) => [r.name, r.rules.map((x) => x.pattern)])).toEqual([['Redis fake', ['PING']]]));
    await user.click(within(within(rules).getByRole('group', { name: 'Rule 1' })).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(within(rules).queryByRole('group', { name: 'Rule 1' })).toBeNull());
    await user.keyboard('{Control>}b{/Control}');
    const sets = await screen.findByRole('list', { name: 'Rule sets' });
    await user.click(within(within(sets).getByRole('listitem', { name: 'Redis fake' })).getByRole('button', { name: 'Load' }));
    await waitFor(() => expect(bridge.callsOf('session.rules').at(-1)?.rules.map((r) => r.pattern)).toEqual(['PING']));
  });
});
