// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { RouterProvider, createMemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { FakeBackend, Handlers } from '../../../backend/fake/fakeBackend';
import { ADA_ID, callsOf, crmSeed, fakeWith, renderWith } from '../../../test/fixtures';
import { FORM_ID, formRow, submissionRow } from '../test/formRows';
import { FormsScreen } from './FormsScreen';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const SPAM_ID = '00000000-0000-4000-8000-000000005003';

const submissions = [
  submissionRow(1, { first_name: 'Ada', email: 'ada@example.com', topic: 'Sales', campaign: 'spring' }, { contact_id: ADA_ID, utm_source: 'google' }),
  submissionRow(2, { first_name: 'Grace', email: 'grace@example.com', topic: 'Support' }),
  submissionRow(3, { first_name: 'Bot', email: 'bot@spam.example', topic: 'Sales' }, { status: 'spam', spam_reason: 'Filled in 0.4 s' }),
];

const seed = (handlers: Partial<Handlers> = {}) => crmSeed({ handlers, rows: { forms: [formRow()], form_submissions: submissions.map((row) => ({ ...row })) } });

const renderView = (backend: FakeBackend) => {
  const router = createMemoryRouter([{ path: '/forms', element: <FormsScreen table="forms" onTableChange={() => undefined} /> }], {
    initialEntries: [`/forms?form=${FORM_ID}&tab=submissions`],
  });
  renderWith(backend, <RouterProvider router={router} />);
};

const table = () => screen.getByRole('table', { name: 'Submissions' });
const headers = () => within(table()).getAllByRole('columnheader').map((cell) => cell.textContent).filter(Boolean);
const shownRows = () => [...table().querySelectorAll('tbody tr[data-id]')].map((row) => row.getAttribute('data-id'));

describe('form submissions', { timeout: 30_000 }, () => {
  it('has a column per field, the hidden one included, and links the matched contact', async () => {
    renderView(fakeWith(seed()));
    await screen.findByRole('table', { name: 'Submissions' });
    expect(headers()).toEqual(['Submitted', 'Status', 'Contact', 'First name', 'Email', 'Topic', 'Campaign', 'UTM source', 'UTM medium', 'UTM campaign', 'Referrer']);
    expect(shownRows()).toHaveLength(2);
    const link = await within(table()).findByRole('link', { name: 'Ada Lovelace' });
    expect(link.getAttribute('href')).toBe(`#/contacts?open=${ADA_ID}`);
    expect(within(table()).getByText('spring')).toBeTruthy();
    expect(within(table()).getByText('google')).toBeTruthy();
    // The chart has a bar per day of the last 30.
    const chart = screen.getByRole('img', { name: 'Submissions and page views per day' });
    expect(chart.querySelectorAll('rect')).toHaveLength(30);
  });

  it('filters on any field', async () => {
    renderView(fakeWith(seed()));
    await screen.findByRole('table', { name: 'Submissions' });
    fireEvent.click(screen.getByRole('button', { name: 'Add filter' }));
    fireEvent.change(screen.getByLabelText('Filter 1 column'), { target: { value: 'data.campaign' } });
    fireEvent.change(screen.getByLabelText('Filter 1 operator'), { target: { value: 'is_empty' } });
    expect(within(table()).getByText('Grace')).toBeTruthy();
    expect(within(table()).queryByText('Ada')).toBeNull();
    fireEvent.change(screen.getByLabelText('Filter 1 column'), { target: { value: 'data.topic' } });
    fireEvent.change(screen.getByLabelText('Filter 1 operator'), { target: { value: 'equals' } });
    fireEvent.change(screen.getByLabelText('Filter 1 value'), { target: { value: 'sales' } });
    expect(shownRows()).toHaveLength(1);
    expect(within(table()).getByText('Ada')).toBeTruthy();
    expect(screen.getByText('1 of 2')).toBeTruthy();
  });

  it('holds spam apart; Approve calls the core and Delete moves it to the trash', async () => {
    const approved: string[] = [];
    const backend = fakeWith(
      seed({
        form_submission_approve: ({ id }: { id: string }) => {
          approved.push(id);
          return null;
        },
      } as unknown as Partial<Handlers>),
    );
    renderView(backend);
    await screen.findByRole('table', { name: 'Submissions' });
    fireEvent.click(screen.getByRole('tab', { name: /Spam/ }));
    await waitFor(() => expect(shownRows()).toEqual([SPAM_ID]));
    expect(within(table()).getByText('Filled in 0.4 s')).toBeTruthy();
    fireEvent.click(within(table()).getByRole('button', { name: /^Approve/ }));
    await waitFor(() => expect(approved).toEqual([SPAM_ID]));
    fireEvent.click(within(table()).getByRole('button', { name: /^Delete/ }));
    await waitFor(() => expect(callsOf(backend, 'records_delete')).toEqual([{ table: 'form_submissions', id: SPAM_ID }]));
    expect(await screen.findByText('No spam')).toBeTruthy();
  });

  it('exports what is shown as CSV into the Downloads folder', async () => {
    const saved: Array<{ name: string; text: string }> = [];
    const backend = fakeWith(
      seed({
        download_save: ({ name, text }: { name: string; text: string }) => {
          saved.push({ name, text });
          return `/home/me/Downloads/${name}`;
        },
      } as unknown as Partial<Handlers>),
    );
    renderView(backend);
    await screen.findByRole('table', { name: 'Submissions' });
    await within(table()).findByRole('link', { name: 'Ada Lovelace' });
    fireEvent.click(screen.getByRole('tab', { name: /Spam/ }));
    await waitFor(() => expect(shownRows()).toEqual([SPAM_ID]));
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]?.name).toMatch(/^contact-us-submissions-\d{4}-\d{2}-\d{2}-\d{6}\.csv$/);
    const lines = (saved[0]?.text ?? '').split('\r\n');
    expect(lines[0]).toBe('\uFEFFSubmitted,Status,Contact,First name,Email,Topic,Campaign,UTM source,UTM medium,UTM campaign,Referrer');
    expect(lines[1]).toMatch(/^[^,]+,spam,,Bot,bot@spam\.example,Sales,,,,,$/);
    expect(lines).toHaveLength(3);
    expect(await screen.findByText(/Exported 1 submission to \/home\/me\/Downloads\/contact-us-submissions-/)).toBeTruthy();
  });

  it('exports as a download in a plain browser, where the desktop command is missing', async () => {
    let blob: Blob | null = null;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((value) => {
      blob = value as Blob;
      return 'blob:csv';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    renderView(fakeWith(seed()));
    await screen.findByRole('table', { name: 'Submissions' });
    await within(table()).findByRole('link', { name: 'Ada Lovelace' });
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(clicked).toHaveLength(1));
    expect(clicked).toEqual([expect.stringMatching(/^contact-us-submissions-\d{4}-\d{2}-\d{2}-\d{6}\.csv$/)]);
    // jsdom's Blob has no text(): read it as a browser would.
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(blob as unknown as Blob);
    });
    const lines = text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('Submitted,Status,Contact,First name,Email,Topic,Campaign,UTM source,UTM medium,UTM campaign,Referrer');
    expect(lines[1]).toMatch(/^[^,]+,received,Ada Lovelace,Ada,ada@example\.com,Sales,spring,google,,,$/);
    expect(lines[2]).toMatch(/^[^,]+,received,,Grace,grace@example\.com,Support,,,,,$/);
    expect(lines).toHaveLength(4);
  });
});
