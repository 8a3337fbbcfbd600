// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import type { Backend } from '../../../backend/backend';
import { BackendProvider } from '../../../backend/BackendContext';
import { demoSeed } from '../../../backend/fake/demoSeed';
import { createFakeBackend, type FakeBackend, type Handlers } from '../../../backend/fake/fakeBackend';
import type { ImportFile, ImportOptions, ImportPreview, ImportReport } from '../../../bindings';
import { ToastProvider } from '../../../ui/Toasts';
import { ImportPage } from './ImportPage';

const FILE: ImportFile = {
  file_name: 'people.csv',
  encoding: 'utf-8',
  delimiter: ';',
  headers: ['Name', 'E-mail', 'Company', 'Notes'],
  rows: 1239,
  mapping: ['full_name', 'email', 'company', null],
  sample: [
    ['Ana Lima', 'ana@x.com', 'Acme', 'met at the fair'],
    ['Bob', 'bob@', 'Globex', ''],
  ],
  targets: [
    { field: 'first_name', label: 'First name' },
    { field: 'full_name', label: 'Full name' },
    { field: 'email', label: 'Email' },
    { field: 'company', label: 'Company' },
    { field: 'note', label: 'Note' },
  ],
};

const BOB_REASON = 'Email: "bob@" is not an email address';

const PREVIEW: ImportPreview = {
  create: 1204,
  merge: 33,
  reject: 2,
  rows: [
    { line: 2, outcome: 'create', reason: null, record: { first_name: 'Ana', last_name: 'Lima', email: 'ana@x.com', company: 'Acme' } },
    { line: 3, outcome: 'merge', reason: null, record: { first_name: 'Cy', last_name: 'Ode', email: 'cy@x.com', company: null } },
    { line: 7, outcome: 'reject', reason: BOB_REASON, record: {} },
  ],
};

const REPORT: ImportReport = {
  batch_id: 'batch-7',
  imported: 1204,
  merged: 33,
  unchanged: 5,
  rejected: [{ line: 7, reason: BOB_REASON, fields: ['Bob', 'bob@', 'Globex', ''] }],
  skipped_columns: ['Notes'],
  indexing: true,
};

const SAVED = '/home/jamie/Downloads/people-import-report.csv';

const handlers: Partial<Handlers> = {
  import_open: () => ({ import_id: 'import-1', file: FILE }),
  import_preview: ({ options }) => {
    if (!options.mapping.includes('email')) {
      throw { code: 'invalid', message: 'mapping: map a column to Email: contacts are matched by their email' };
    }
    return PREVIEW;
  },
  import_run: () => REPORT,
  import_progress: () => ({ done: 600, total: 1239 }),
  import_save_report: () => SAVED,
  batch_undo: () => ({ reverted: 1237, kept: 2 }),
};

const setup = (backend?: (fake: FakeBackend) => Backend) => {
  const fake = createFakeBackend({ ...demoSeed(0), handlers });
  render(
    <BackendProvider backend={backend ? backend(fake) : fake}>
      <ToastProvider>
        <ImportPage onViewContacts={() => undefined} />
      </ToastProvider>
    </BackendProvider>,
  );
  return fake;
};

const argsOf = (fake: FakeBackend, cmd: string) => fake.calls.filter((call) => call.cmd === cmd).map((call) => call.args);

const BYTES = new TextEncoder().encode('Name;E-mail;Company;Notes\r\nAna Lima;ana@x.com;Acme;met at the fair\r\n');

/** A chosen file; jsdom's File has no `arrayBuffer`, so the test gives it one. */
const csvFile = (bytes: Uint8Array, name: string): File => {
  const file = new File([bytes as BlobPart], name, { type: 'text/csv' });
  Object.defineProperty(file, 'arrayBuffer', { value: () => Promise.resolve(bytes.slice().buffer) });
  return file;
};

const chooseFile = async () => {
  const input = screen.getByLabelText('Choose a CSV file');
  fireEvent.change(input, { target: { files: [csvFile(BYTES, 'people.csv')] } });
  await screen.findByText('people.csv');
};

const summary = () => screen.getByTestId('import-preview-summary').textContent;

afterEach(() => {
  cleanup();
});

describe('ImportPage', () => {
  it('sends the chosen file as base64 and shows how it was read', async () => {
    const fake = setup();
    expect(screen.getByText('Drop a CSV file here')).toBeTruthy();
    await chooseFile();
    expect(argsOf(fake, 'import_open')).toEqual([
      { fileName: 'people.csv', dataBase64: Buffer.from(BYTES).toString('base64') },
    ]);
    expect(screen.getByTestId('import-file-summary').textContent).toBe('Read as UTF-8 · semicolon-separated · 1,239 rows');
    const steps = screen.getByRole('list', { name: 'Import steps' });
    expect(within(steps).getByText('Map columns').closest('li')?.getAttribute('aria-current')).toBe('step');
  });

  it('shows the backend’s message when a file cannot be read', async () => {
    const fake = createFakeBackend({
      ...demoSeed(0),
      handlers: {
        import_open: () => {
          throw { code: 'invalid', message: 'file: is empty: the first line must name the columns' };
        },
      },
    });
    render(
      <BackendProvider backend={fake}>
        <ToastProvider>
          <ImportPage onViewContacts={() => undefined} />
        </ToastProvider>
      </BackendProvider>,
    );
    fireEvent.change(screen.getByLabelText('Choose a CSV file'), {
      target: { files: [csvFile(new Uint8Array(), 'empty.csv')] },
    });
    expect((await screen.findByRole('alert')).textContent).toBe(
      'empty.csv could not be read: file: is empty: the first line must name the columns',
    );
  });

  it('maps columns with samples, disables taken targets and previews each new mapping', async () => {
    const fake = setup();
    await chooseFile();
    await waitFor(() => expect(summary()).toBe('1,204 new · 33 merged · 2 rejected'));
    expect(argsOf(fake, 'import_preview')).toEqual([
      { importId: 'import-1', options: { mapping: ['full_name', 'email', 'company', null], on_duplicate: 'merge' } },
    ]);
    const nameRow = screen.getByRole('rowheader', { name: 'Name' }).closest('tr') as HTMLElement;
    expect(within(nameRow).getByText('Ana Lima')).toBeTruthy();
    expect(within(nameRow).getByText('Bob')).toBeTruthy();

    const notes = screen.getByRole('combobox', { name: 'Import “Notes” as' }) as HTMLSelectElement;
    expect(notes.value).toBe('');
    const option = (label: string) => within(notes).getByRole('option', { name: label }) as HTMLOptionElement;
    expect(option('Email (used by “E-mail”)').disabled).toBe(true);
    expect(option('Full name (used by “Name”)').disabled).toBe(true);
    expect(option('Note').disabled).toBe(false);
    expect(option('Don’t import').disabled).toBe(false);

    fireEvent.change(notes, { target: { value: 'note' } });
    await waitFor(() =>
      expect(argsOf(fake, 'import_preview').at(-1)).toEqual({
        importId: 'import-1',
        options: { mapping: ['full_name', 'email', 'company', 'note'], on_duplicate: 'merge' },
      }),
    );
    fireEvent.click(screen.getByRole('radio', { name: /Skip the row/ }));
    await waitFor(() =>
      expect((argsOf(fake, 'import_preview').at(-1) as { options: ImportOptions }).options.on_duplicate).toBe('skip'),
    );
  });

  it('lists rejected rows in the preview and explains a missing email column', async () => {
    setup();
    await chooseFile();
    await waitFor(() => expect(summary()).toBe('1,204 new · 33 merged · 2 rejected'));
    const rejected = screen.getByText(BOB_REASON).closest('tr') as HTMLElement;
    expect(within(rejected).getByText('7')).toBeTruthy();
    expect(within(rejected).getByText('Rejected')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Import 1,237 contacts' })).toHaveProperty('disabled', false);

    fireEvent.change(screen.getByRole('combobox', { name: 'Import “E-mail” as' }), { target: { value: '' } });
    expect((await screen.findByRole('alert')).textContent).toBe(
      'mapping: map a column to Email: contacts are matched by their email',
    );
    expect(screen.getByRole('button', { name: /^Import/ })).toHaveProperty('disabled', true);
  });

  it('runs the import with a progress bar, then reports, saves the report and undoes', async () => {
    let release = () => undefined as void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const fake = setup((inner) => ({
      invoke: (cmd, args) => (cmd === 'import_run' ? gate.then(() => inner.invoke(cmd, args)) : inner.invoke(cmd, args)),
    }));
    await chooseFile();
    await waitFor(() => expect(summary()).toBe('1,204 new · 33 merged · 2 rejected'));
    fireEvent.click(screen.getByRole('button', { name: 'Import 1,237 contacts' }));

    const bar = await screen.findByRole('progressbar', { name: 'Import progress' });
    await waitFor(() => expect(screen.getByTestId('import-progress-text').textContent).toBe('600 of 1,239 rows · 48%'));
    expect(bar.getAttribute('aria-valuenow')).toBe('600');
    expect(argsOf(fake, 'import_progress')[0]).toEqual({ importId: 'import-1' });

    release();
    expect(await screen.findByRole('heading', { name: 'Import finished' })).toBeTruthy();
    expect(argsOf(fake, 'import_run')).toEqual([
      { importId: 'import-1', options: { mapping: ['full_name', 'email', 'company', null], on_duplicate: 'merge' } },
    ]);
    const stat = (label: string) => screen.getByText(label, { selector: 'dt' }).nextElementSibling?.textContent;
    expect(stat('Imported')).toBe('1,204');
    expect(stat('Merged')).toBe('33');
    expect(stat('Already up to date')).toBe('5');
    expect(stat('Rejected')).toBe('1');
    expect(screen.getByText(/catching up in the background/)).toBeTruthy();
    const rejected = screen.getByText(BOB_REASON).closest('tr') as HTMLElement;
    expect(within(rejected).getByText('7')).toBeTruthy();
    expect(within(rejected).getByText('Name: Bob')).toBeTruthy();
    expect(within(rejected).getByText('E-mail: bob@')).toBeTruthy();
    expect(screen.getByText('Notes')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Save report' }));
    expect(await screen.findByText(SAVED)).toBeTruthy();
    expect(argsOf(fake, 'import_save_report')).toEqual([{ importId: 'import-1' }]);

    fireEvent.click(screen.getByRole('button', { name: 'Undo import' }));
    const dialog = screen.getByRole('dialog', { name: 'Undo this import?' });
    expect(argsOf(fake, 'batch_undo')).toEqual([]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Undo import' }));
    expect(await screen.findByRole('heading', { name: 'Import undone' })).toBeTruthy();
    expect(argsOf(fake, 'batch_undo')).toEqual([{ batchId: 'batch-7' }]);
    expect(
      screen.getByText('1,237 contacts put back as they were before the import; 2 fields changed since the import were kept.'),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Undo import' })).toBeNull();
  });

  it('goes back to the mapping with the message when the import fails', async () => {
    const fake = createFakeBackend({
      ...demoSeed(0),
      handlers: {
        ...handlers,
        import_run: () => {
          throw { code: 'database', message: 'database is locked' };
        },
      },
    });
    render(
      <BackendProvider backend={fake}>
        <ToastProvider>
          <ImportPage onViewContacts={() => undefined} />
        </ToastProvider>
      </BackendProvider>,
    );
    await chooseFile();
    await waitFor(() => expect(summary()).toBe('1,204 new · 33 merged · 2 rejected'));
    fireEvent.click(screen.getByRole('button', { name: 'Import 1,237 contacts' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The import failed: database is locked');
    expect(screen.getByRole('combobox', { name: 'Import “Notes” as' })).toBeTruthy();
  });
});
