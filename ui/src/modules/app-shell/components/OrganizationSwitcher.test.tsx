// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import type { Organization } from '../../../bindings';
import { OrganizationSwitcher } from './OrganizationSwitcher';

afterEach(cleanup);

const org = (id: string, name: string) => ({ id, name, slug: name.toLowerCase() }) as unknown as Organization;
const agency = org('o-1', 'Agency');
const side = org('o-2', 'Side Project');

/** Opens the menu (Radix opens it on a key; jsdom has no pointer events). */
const open = () => {
  fireEvent.keyDown(screen.getByRole('button', { name: /^Organization:/ }), { key: 'Enter' });
  return screen.getByRole('menu');
};

describe('OrganizationSwitcher', () => {
  it('says which workspaces stay on this device while another one syncs', () => {
    render(<OrganizationSwitcher organizations={[agency, side]} activeId="o-2" syncedId="o-1" onSwitch={() => {}} onNew={() => {}} />);
    expect(screen.getByRole('button', { name: 'Organization: Side Project (on this device only, not synced)' })).toBeTruthy();
    const menu = open();
    const items = within(menu).getAllByRole('menuitemradio');
    expect(items.map((item) => item.textContent)).toEqual(['AAgency', 'SSide ProjectThis device only']);
    expect(within(items[1]!).getByText('This device only')).toBeTruthy();
  });

  it('says nothing of the kind when the device syncs nothing', () => {
    render(<OrganizationSwitcher organizations={[agency, side]} activeId="o-2" onSwitch={() => {}} onNew={() => {}} />);
    expect(screen.getByRole('button', { name: 'Organization: Side Project' })).toBeTruthy();
    expect(within(open()).queryByText('This device only')).toBeNull();
  });
});
