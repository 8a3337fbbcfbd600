// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Organization } from '../../../bindings';
import { OrganizationSwitcher } from './OrganizationSwitcher';

afterEach(cleanup);

const org = (id: string, name: string, parent: string | null = null) =>
  ({ id, name, slug: name.toLowerCase(), parent_id: parent }) as unknown as Organization;
const agency = org('o-1', 'Agency');
const side = org('o-2', 'Side Project');
const client = org('o-3', 'Bright Dental', 'o-1');
const gone = org('o-4', 'Former Client');

/** Opens the menu (Radix opens it on a key; jsdom has no pointer events). */
const open = () => {
  fireEvent.keyDown(screen.getByRole('button', { name: /^Organization:/ }), { key: 'Enter' });
  return screen.getByRole('menu');
};

describe('OrganizationSwitcher', () => {
  it('says of each workspace whether it syncs, and groups client workspaces under their agency', () => {
    render(
      <OrganizationSwitcher
        organizations={[agency, side, gone, client]}
        activeId="o-2"
        sync={{ syncedIds: ['o-1', 'o-3'], readOnlyIds: ['o-4'] }}
        onSwitch={() => {}}
        onNew={() => {}}
      />,
    );
    expect(screen.getByRole('button', { name: 'Organization: Side Project (on this device only, not synced)' })).toBeTruthy();
    const items = within(open()).getAllByRole('menuitemradio');
    expect(items.map((item) => item.textContent)).toEqual([
      'AAgencySyncs',
      'BBright DentalSyncs',
      'SSide ProjectThis device only, not synced',
      'FFormer ClientRead-only: membership ended',
    ]);
    expect(items[1]!.className).toContain('menu__item--nested');
    expect(items[0]!.className).not.toContain('menu__item--nested');
  });

  it('offers to start syncing a workspace that lives on this device only', () => {
    const onStartSyncing = vi.fn();
    render(
      <OrganizationSwitcher
        organizations={[agency, side]}
        activeId="o-2"
        sync={{ syncedIds: ['o-1'], readOnlyIds: [] }}
        onSwitch={() => {}}
        onNew={() => {}}
        onStartSyncing={onStartSyncing}
      />,
    );
    fireEvent.click(within(open()).getByRole('menuitem', { name: 'Start syncing this workspace' }));
    expect(onStartSyncing).toHaveBeenCalledWith(side);
  });

  it('offers nothing of the kind for a workspace that syncs', () => {
    render(
      <OrganizationSwitcher
        organizations={[agency, side]}
        activeId="o-1"
        sync={{ syncedIds: ['o-1'], readOnlyIds: [] }}
        onSwitch={() => {}}
        onNew={() => {}}
        onStartSyncing={() => {}}
      />,
    );
    expect(within(open()).queryByRole('menuitem', { name: 'Start syncing this workspace' })).toBeNull();
  });

  it('says nothing of sync when the device syncs nothing', () => {
    render(<OrganizationSwitcher organizations={[agency, side]} activeId="o-2" onSwitch={() => {}} onNew={() => {}} />);
    expect(screen.getByRole('button', { name: 'Organization: Side Project' })).toBeTruthy();
    expect(within(open()).queryByText(/This device only|Syncs/)).toBeNull();
  });
});
