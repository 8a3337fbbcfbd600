// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { FakeBackend, Handlers } from '../../../backend/fake/fakeBackend';
import type { TableName } from '../../../bindings';
import { callsOf, crmSeed, fakeWith, renderWith, stored, tagRow } from '../../../test/fixtures';
import { TagsPage } from './TagsPage';

afterEach(() => {
  cleanup();
});

const VIP = '00000000-0000-4000-8000-00000000t001';

const seed = (handlers: Partial<Handlers> = {}) =>
  crmSeed({
    handlers,
    rows: {
      tags: [tagRow(1, 'vip', '#dc2626', 'contact', 3), tagRow(2, 'newsletter', '#16a34a', 'contact', 12), tagRow(3, 'Partner', '#7c3aed', 'company', 1)],
    },
  });

const renderPage = (backend: FakeBackend, table: TableName = 'tags', onTableChange = vi.fn()) =>
  renderWith(backend, <TagsPage table={table} onTableChange={onTableChange} />);

const tagNames = () => Array.from(screen.getByRole('table', { name: 'Tags' }).querySelectorAll('tbody tr .tag-pill__name')).map((node) => node.textContent);

const rowOf = (name: string) => screen.getByText(name, { selector: '.tag-pill__name' }).closest('tr') as HTMLElement;

describe('tags page', () => {
  it('lists tags with colour, type and usage, sorted by name or by use', async () => {
    const backend = fakeWith(seed());
    renderPage(backend);
    await waitFor(() => expect(tagNames()).toEqual(['newsletter', 'Partner', 'vip']));
    expect(within(rowOf('vip')).getByText('3 contacts')).toBeTruthy();
    expect(within(rowOf('Partner')).getByText('1 company')).toBeTruthy();
    expect(within(rowOf('Partner')).getByText('Company')).toBeTruthy();
    expect((rowOf('vip').querySelector('.tag-pill__dot') as HTMLElement).style.backgroundColor).toBe('rgb(220, 38, 38)');
    fireEvent.change(screen.getByRole('combobox', { name: 'Sort tags' }), { target: { value: 'usage' } });
    expect(tagNames()).toEqual(['newsletter', 'vip', 'Partner']);
    fireEvent.change(screen.getByRole('combobox', { name: 'Type' }), { target: { value: 'company' } });
    expect(tagNames()).toEqual(['Partner']);
  });

  it('creates a tag with a colour from the palette and a type', async () => {
    const backend = fakeWith(seed());
    renderPage(backend);
    await waitFor(() => expect(tagNames()).toHaveLength(3));
    fireEvent.click(screen.getByRole('button', { name: 'New tag' }));
    const dialog = screen.getByRole('dialog', { name: 'New tag' });
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'Webinar' } });
    fireEvent.click(within(dialog).getByRole('radio', { name: '#7c3aed' }));
    fireEvent.change(within(dialog).getByLabelText('Used for'), { target: { value: 'general' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create tag' }));
    await waitFor(() => expect(tagNames()).toContain('Webinar'));
    expect(callsOf(backend, 'records_create')).toEqual([{ table: 'tags', data: { name: 'Webinar', color: '#7c3aed', type: 'general' } }]);
  });

  it('changes colour and type with records_update, never sending the usage count', async () => {
    const backend = fakeWith(seed());
    renderPage(backend);
    await waitFor(() => expect(tagNames()).toHaveLength(3));
    fireEvent.click(within(rowOf('vip')).getByRole('button', { name: 'Edit vip' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit tag “vip”' });
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Hex colour' }), { target: { value: '#0891B2' } });
    fireEvent.change(within(dialog).getByLabelText('Used for'), { target: { value: 'general' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(callsOf(backend, 'records_update')).toEqual([{ table: 'tags', id: VIP, patch: { color: '#0891B2', type: 'general' } }]));
    expect(callsOf(backend, 'tag_rename')).toEqual([]);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('renames through tag_rename, saying how many records carry it, and Undo calls batch_undo', async () => {
    const backend = fakeWith(
      seed({
        tag_rename: ({ id, name }) => {
          Object.assign(stored(backend, 'tags', id), { name });
          return { batch_id: 'batch-rename', changed: 3, unchanged: 0 };
        },
        batch_undo: () => {
          Object.assign(stored(backend, 'tags', VIP), { name: 'vip' });
          return { reverted: 4, kept: 0 };
        },
      }),
    );
    renderPage(backend);
    await waitFor(() => expect(tagNames()).toHaveLength(3));
    fireEvent.click(rowOf('vip'));
    const dialog = screen.getByRole('dialog', { name: 'Edit tag “vip”' });
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'VIP client' } });
    expect(within(dialog).getByRole('note').textContent).toBe('“vip” is on 3 contacts. Renaming it changes it on all of them; you can undo it right after.');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Rename on 3 contacts' }));
    await waitFor(() => expect(callsOf(backend, 'tag_rename')).toEqual([{ id: VIP, name: 'VIP client' }]));
    expect(callsOf(backend, 'records_update')).toEqual([]);
    expect(await screen.findByText('Renamed “vip” to “VIP client” on 3 records')).toBeTruthy();
    await waitFor(() => expect(tagNames()).toContain('VIP client'));

    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(callsOf(backend, 'batch_undo')).toEqual([{ batchId: 'batch-rename' }]));
    await waitFor(() => expect(tagNames()).toContain('vip'));
    expect(screen.getByText('Undone: 4 records put back')).toBeTruthy();
  });

  it('shows why a rename was refused', async () => {
    const backend = fakeWith(
      seed({
        tag_rename: () => {
          throw { code: 'conflict', message: 'name: "newsletter" is already a tag' };
        },
      }),
    );
    renderPage(backend);
    await waitFor(() => expect(tagNames()).toHaveLength(3));
    fireEvent.click(rowOf('vip'));
    const dialog = screen.getByRole('dialog', { name: 'Edit tag “vip”' });
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'newsletter' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Rename on 3 contacts' }));
    expect(await within(dialog).findByText('"newsletter" is already a tag')).toBeTruthy();
    expect(within(dialog).getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
  });

  it('asks before deleting, stating how many records carry the tag, then deletes with tag_remove and can undo', async () => {
    const backend = fakeWith(
      seed({
        tag_remove: ({ id }) => {
          Object.assign(stored(backend, 'tags', id), { deleted_at: new Date().toISOString() });
          return { batch_id: 'batch-remove', changed: 12, unchanged: 0 };
        },
        batch_undo: () => {
          Object.assign(stored(backend, 'tags', '00000000-0000-4000-8000-00000000t002'), { deleted_at: null });
          return { reverted: 13, kept: 0 };
        },
      }),
    );
    renderPage(backend);
    await waitFor(() => expect(tagNames()).toHaveLength(3));
    fireEvent.click(within(rowOf('newsletter')).getByRole('button', { name: 'Delete newsletter' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete the tag “newsletter”?' });
    expect(dialog.textContent).toContain('“newsletter” is on 12 contacts. Deleting it takes it off all of them.');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete from 12 contacts' }));
    await waitFor(() => expect(callsOf(backend, 'tag_remove')).toEqual([{ id: '00000000-0000-4000-8000-00000000t002' }]));
    await waitFor(() => expect(tagNames()).toEqual(['Partner', 'vip']));
    expect(screen.getByText('Deleted “newsletter” and took it off 12 records')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(tagNames()).toEqual(['newsletter', 'Partner', 'vip']));
    expect(callsOf(backend, 'batch_undo')).toEqual([{ batchId: 'batch-remove' }]);
  });

  it('switches to the custom fields tab', async () => {
    const backend = fakeWith(seed());
    const onTableChange = vi.fn();
    renderPage(backend, 'tags', onTableChange);
    fireEvent.click(screen.getByRole('tab', { name: 'Custom fields' }));
    expect(onTableChange).toHaveBeenCalledWith('custom_field_definitions');
  });
});

describe('custom fields manager', () => {
  const labels = () => Array.from(screen.getByRole('table', { name: 'Contact fields' }).querySelectorAll('tbody tr .settings-table__name')).map((node) => node.textContent);

  it('lists the fields per entity in their order', async () => {
    const backend = fakeWith();
    renderPage(backend, 'custom_field_definitions');
    await waitFor(() => expect(labels()).toEqual(['Budget', 'Seats', 'Channels', 'VIP support', 'Portal']));
    fireEvent.click(screen.getByRole('tab', { name: 'Company fields' }));
    await waitFor(() => expect(screen.getByRole('table', { name: 'Company fields' }).textContent).toContain('Account tier'));
  });

  it('defines a select field with a key derived from its label and its options, placed last', async () => {
    const backend = fakeWith();
    renderPage(backend, 'custom_field_definitions');
    await waitFor(() => expect(labels()).toHaveLength(5));
    fireEvent.click(screen.getByRole('button', { name: 'New field' }));
    const dialog = screen.getByRole('dialog', { name: 'New custom field' });
    fireEvent.change(within(dialog).getByLabelText('Label'), { target: { value: 'Lead source (detail)' } });
    expect((within(dialog).getByLabelText('Key') as HTMLInputElement).value).toBe('lead_source_detail');
    fireEvent.change(within(dialog).getByLabelText('Type'), { target: { value: 'select' } });
    const option = within(dialog).getByRole('textbox', { name: 'New option' });
    fireEvent.change(option, { target: { value: 'Trade fair' } });
    fireEvent.keyDown(option, { key: 'Enter' });
    fireEvent.change(option, { target: { value: 'trade FAIR' } });
    fireEvent.keyDown(option, { key: 'Enter' });
    expect(within(dialog).getByText('“trade FAIR” is already an option')).toBeTruthy();
    fireEvent.change(option, { target: { value: 'Podcast' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add field' }));
    await waitFor(() => expect(labels()).toContain('Lead source (detail)'));
    expect(callsOf(backend, 'records_create')).toEqual([
      {
        table: 'custom_field_definitions',
        data: { entity: 'contacts', key: 'lead_source_detail', label: 'Lead source (detail)', field_type: 'select', options: ['Trade fair', 'Podcast'], position: 5 },
      },
    ]);
  });

  it('refuses a key the database would not take, or one already used', async () => {
    const backend = fakeWith();
    renderPage(backend, 'custom_field_definitions');
    await waitFor(() => expect(labels()).toHaveLength(5));
    fireEvent.click(screen.getByRole('button', { name: 'New field' }));
    const dialog = screen.getByRole('dialog', { name: 'New custom field' });
    fireEvent.change(within(dialog).getByLabelText('Label'), { target: { value: 'Budget' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add field' }));
    expect(await within(dialog).findByText('another field already uses “budget”')).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText('Key'), { target: { value: '9lives' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add field' }));
    expect(within(dialog).getByText('must start with a lowercase letter and hold only lowercase letters, digits and _')).toBeTruthy();
    expect(callsOf(backend, 'records_create')).toEqual([]);
  });

  it('reorders fields by saving their new positions', async () => {
    const backend = fakeWith();
    renderPage(backend, 'custom_field_definitions');
    await waitFor(() => expect(labels()).toHaveLength(5));
    fireEvent.click(screen.getByRole('button', { name: 'Move Channels up' }));
    await waitFor(() => expect(labels()).toEqual(['Budget', 'Channels', 'Seats', 'VIP support', 'Portal']));
    expect(callsOf(backend, 'records_update')).toEqual([
      { table: 'custom_field_definitions', id: '00000000-0000-4000-8000-00000000f003', patch: { position: 1 } },
      { table: 'custom_field_definitions', id: '00000000-0000-4000-8000-00000000f002', patch: { position: 2 } },
    ]);
  });

  it('edits a field’s label and options but not its key, and deletes one after asking', async () => {
    const backend = fakeWith();
    renderPage(backend, 'custom_field_definitions');
    await waitFor(() => expect(labels()).toHaveLength(5));
    fireEvent.click(screen.getByRole('button', { name: 'Edit Budget' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit field “Budget”' });
    expect((within(dialog).getByLabelText('Key') as HTMLInputElement).readOnly).toBe(true);
    fireEvent.change(within(dialog).getByLabelText('Label'), { target: { value: 'Monthly budget' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove option low' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(callsOf(backend, 'records_update')).toEqual([
        { table: 'custom_field_definitions', id: '00000000-0000-4000-8000-00000000f001', patch: { label: 'Monthly budget', options: ['high'] } },
      ]),
    );
    await waitFor(() => expect(labels()[0]).toBe('Monthly budget'));

    fireEvent.click(screen.getByRole('button', { name: 'Delete Portal' }));
    const confirm = screen.getByRole('dialog', { name: 'Delete the field “Portal”?' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Delete field' }));
    await waitFor(() => expect(labels()).not.toContain('Portal'));
    expect(callsOf(backend, 'records_delete')).toEqual([{ table: 'custom_field_definitions', id: '00000000-0000-4000-8000-00000000f005' }]);
  });
});
