// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import type { FakeBackend, Handlers } from '../../../backend/fake/fakeBackend';
import { RecordDrawer } from '../../object-record/components/RecordDrawer';
import { ACME_ID, ADA_ID, callsOf, companyRow, contactRow, crmSeed, defOf, fakeWith, renderWith, stored } from '../../../test/fixtures';

afterEach(() => {
  cleanup();
});

const GRACE = '00000000-0000-4000-8000-00000000a002';
const ALAN = '00000000-0000-4000-8000-00000000a003';
const LINUS = '00000000-0000-4000-8000-00000000a004';
const KEN = '00000000-0000-4000-8000-00000000a005';

/** Acme with Ada linked; Grace and Alan at @acme.example unlinked; Linus linked elsewhere; Ken at another domain. */
const companySeed = (handlers: Partial<Handlers> = {}) =>
  crmSeed({
    handlers,
    rows: {
      companies: [companyRow(ACME_ID, 'Acme', 'https://www.acme.example/'), companyRow('other-co', 'Other', 'other.example')],
      contacts: [
        contactRow(ADA_ID, 'Ada', 'Lovelace', { company: 'Acme', company_id: ACME_ID, title: 'CTO' }),
        contactRow(GRACE, 'Grace', 'Hopper', { email: 'grace@acme.example' }),
        contactRow(ALAN, 'Alan', 'Turing', { email: 'alan@ACME.example', company: 'Acme Corp' }),
        contactRow(LINUS, 'Linus', 'Torvalds', { email: 'linus@acme.example', company_id: 'other-co' }),
        contactRow(KEN, 'Ken', 'Thompson', { email: 'ken@notacme.example' }),
      ],
    },
  });

const open = async (backend: FakeBackend) => {
  renderWith(
    backend,
    <RecordDrawer def={defOf('companies')} row={{ ...stored(backend, 'companies', ACME_ID) }} onClose={() => {}} onEdit={() => {}} onChanged={() => {}} />,
  );
  return screen.findByRole('dialog', { name: 'Acme' });
};

const names = (label: string) =>
  Array.from(screen.getByRole('list', { name: label }).querySelectorAll('.contact-list__name')).map((node) => node.textContent);

describe('company page', () => {
  it('lists the contacts linked to the company, each opening its contact', async () => {
    const backend = fakeWith(companySeed());
    await open(backend);
    await waitFor(() => expect(names('Contacts at this company')).toEqual(['Ada Lovelace']));
    const link = screen.getByRole('link', { name: /Ada Lovelace/ });
    expect(link.getAttribute('href')).toBe(`#/contacts?open=${ADA_ID}`);
    const query = (callsOf(backend, 'records_list') as Array<{ table: string; query: { filters: unknown[] } }>).find(
      (call) => call.table === 'contacts' && JSON.stringify(call.query.filters).includes('company_id'),
    );
    expect(query?.query.filters).toEqual([{ field: 'company_id', op: 'eq', value: ACME_ID }]);
  });

  it('finds unlinked contacts at the company’s domain and links them in one batch, with Undo', async () => {
    let linkedBatch: string | null = null;
    const handlers: Partial<Handlers> = {
      records_bulk: ({ target, action }) => {
        const ids = target.kind === 'ids' ? target.ids : [];
        for (const id of ids) Object.assign(stored(backend, 'contacts', id), action.kind === 'set' ? action.fields : {});
        linkedBatch = 'batch-1';
        return { batch_id: 'batch-1', changed: ids.length, unchanged: 0 };
      },
      batch_undo: ({ batchId }) => {
        expect(batchId).toBe(linkedBatch);
        for (const id of [GRACE, ALAN]) Object.assign(stored(backend, 'contacts', id), { company_id: null });
        return { reverted: 2, kept: 0 };
      },
    };
    const backend = fakeWith(companySeed(handlers));
    await open(backend);
    // Sorted by last name.
    await waitFor(() => expect(names('Domain matches')).toEqual(['Grace Hopper', 'Alan Turing']));
    const matchQuery = (callsOf(backend, 'records_list') as Array<{ table: string; query: { filters: unknown[] } }>).find((call) =>
      JSON.stringify(call.query.filters).includes('ends_with'),
    );
    expect(matchQuery?.query.filters).toEqual([
      { field: 'email', op: 'ends_with', value: '@acme.example' },
      { field: 'company_id', op: 'is_null' },
    ]);

    fireEvent.click(screen.getByRole('button', { name: 'Link 2 contacts' }));
    await waitFor(() => expect(callsOf(backend, 'records_bulk')).toHaveLength(1));
    const bulk = callsOf(backend, 'records_bulk')[0] as { table: string; target: { kind: string; ids: string[] }; action: unknown };
    expect(bulk.table).toBe('contacts');
    expect(bulk.target.kind).toBe('ids');
    expect([...bulk.target.ids].sort()).toEqual([GRACE, ALAN].sort());
    expect(bulk.action).toEqual({ kind: 'set', fields: { company_id: ACME_ID, company: 'Acme' } });
    expect(await screen.findByText('Linked 2 contacts to Acme')).toBeTruthy();
    await waitFor(() => expect(names('Contacts at this company')).toEqual(['Grace Hopper', 'Ada Lovelace', 'Alan Turing']));
    expect(screen.queryByRole('list', { name: 'Domain matches' })).toBeNull();
    expect(screen.getByText('No unlinked contacts match.')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(callsOf(backend, 'batch_undo')).toEqual([{ batchId: 'batch-1' }]));
    await waitFor(() => expect(names('Contacts at this company')).toEqual(['Ada Lovelace']));
    expect(screen.getByText('Undone: 2 records put back')).toBeTruthy();
  });

  it('edits the company’s fields and its custom fields', async () => {
    const backend = fakeWith(companySeed());
    await open(backend);
    const details = screen.getByRole('region', { name: 'Company details' });
    fireEvent.click(within(details).getByRole('button', { name: 'Edit company details' }));
    fireEvent.change(screen.getByLabelText('Annual revenue'), { target: { value: '1250000.50' } });
    fireEvent.click(within(details).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(callsOf(backend, 'records_update')[0]).toEqual({ table: 'companies', id: ACME_ID, patch: { annual_revenue: '1250000.50' } }));

    const custom = screen.getByRole('region', { name: 'Custom fields' });
    fireEvent.click(within(custom).getByRole('button', { name: 'Edit custom fields' }));
    fireEvent.change(screen.getByLabelText('Account tier'), { target: { value: 'Gold' } });
    fireEvent.click(within(custom).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(callsOf(backend, 'records_update')[1]).toMatchObject({ patch: { custom_fields: { account_tier: 'Gold' } } }));
    expect(await within(custom).findByText('Gold')).toBeTruthy();
  });

  it('offers company and general tags, not contact tags', async () => {
    const backend = fakeWith(companySeed());
    await open(backend);
    const input = within(screen.getByRole('region', { name: 'Tags' })).getByRole('combobox', { name: 'Add tag' });
    fireEvent.focus(input);
    await waitFor(() => expect(screen.getAllByRole('option').map((option) => option.textContent)).toEqual(['partner']));
  });
});
