// End-to-end: the form builder of the real app on a real database. A form is created
// from a template, gets a choice field with its options and a field shown only for one
// answer, is reordered with the keyboard drag, gets a tag in its settings, and is
// published; the stored row (read back with the CLI) holds the contract's fields and
// settings. Screenshots of the list, the builder, the settings, the preview and a demo
// form's submissions land in tests/e2e/artifacts/; the demo form's submissions are
// exported as CSV into the Downloads folder.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync, readFileSync } from 'node:fs';
import { startHarness, Session } from './webdriver.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(root, 'target/debug/aio-crm');

let harness;
let db;

const aio = (...args) => execFileSync(cli, [...args, '--db', db], { encoding: 'utf8' });
const rowsOf = (table, filter) =>
  aio('records', 'list', '--table', table, '--filter', filter, '--limit', '100')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));

before(async () => {
  assert.ok(existsSync(cli), `build the CLI first: ${cli}`);
  harness = await startHarness({ port: 4449 });
  db = join(harness.home, 'forms.sqlite3');
  execFileSync(cli, ['migrate', '--db', db]);
  execFileSync(cli, ['demo', '--db', db, '--contacts', '200', '--anchor', new Date().toISOString().slice(0, 10)]);
});

after(async () => {
  await harness?.stop();
});

const button = (label) => `//button[normalize-space(.)='${label}']`;
const go = (app, hash) => app.call('POST', '/execute/sync', { script: 'location.hash = arguments[0]; return 0;', args: [hash] });
const ENTER = '\uE007';

test('a form built in the app is stored with its fields, condition and settings, and published', { timeout: 240_000 }, async () => {
  const app = await Session.start(harness.url, ['--db', db]);
  try {
    await app.openEntry('Forms');
    await app.find(`//table[@aria-label='Forms']//tr[.//*[normalize-space(.)='Contact us']]`);
    await app.screenshot('forms-01-list');

    await app.click(button('New form'));
    await app.type(`//input[@id='new-form-name']`, 'E2E Webinar signup');
    await app.click(`//label[contains(@class, 'template-card')][.//*[normalize-space(.)='Contact us']]`);
    await app.click(button('Create form'));
    await app.find(`//*[@role='list'][@aria-label='Fields']//*[@data-field-id='email']`);

    // A single-choice question after the last field, with two options.
    await app.click(`//*[@data-field-id='message']`);
    await app.click(`//button[@aria-label='Add Single choice field']`);
    await app.type(`//input[@id='field-label']`, 'Which session?');
    await app.find(`//*[@data-field-id='which_session']`);
    await app.type(`//input[@aria-label='Option 1']`, 'Morning');
    await app.type(`//input[@aria-label='Option 2']`, 'Evening');

    // A number shown only to those who pick the evening session.
    await app.click(`//button[@aria-label='Add Number field']`);
    await app.type(`//input[@id='field-label']`, 'Team size');
    await app.find(`//*[@data-field-id='team_size']`);
    await app.click(`//label[contains(., 'Show only when an earlier answer matches')]//input`);
    await app.click(`//select[@aria-label='Condition field']/option[@value='which_session']`);
    await app.click(`//select[@aria-label='Condition operator']/option[@value='equals']`);
    await app.click(`//select[@aria-label='Condition value']/option[@value='Evening']`);
    await app.find(`//*[@data-field-id='team_size']//*[normalize-space(.)='Conditional']`);
    await app.find(`//*[normalize-space(.)='Unsaved changes']`);
    await app.screenshot('forms-02-builder');

    // The message moves above the email with dnd-kit's keyboard drag on its handle:
    // Space picks it up, ↑ moves it, Space drops it.
    const handle = await app.find(`//button[@aria-label='Reorder How can we help?']`);
    for (const key of [' ', '\uE013', ' ']) {
      await app.call('POST', `/element/${handle}/value`, { text: key });
      await new Promise((r) => setTimeout(r, 400));
    }
    const order = await app.call('POST', '/execute/sync', {
      script: "return [...document.querySelectorAll('[data-field-id]')].map((card) => card.dataset.fieldId);",
      args: [],
    });
    assert.deepEqual(order, ['first_name', 'last_name', 'message', 'email', 'which_session', 'team_size']);

    await app.click(`//*[@role='tab'][normalize-space(.)='Settings']`);
    await app.type(`//input[@id='form-tags']`, `webinar${ENTER}`);
    await app.find(`//*[contains(@class, 'tags-input__chip')][normalize-space(.)='webinar']`);
    await app.screenshot('forms-03-settings');

    await app.click(`//*[@role='tab'][normalize-space(.)='Preview']`);
    const frame = await app.find(`//iframe[@title='Form preview']`);
    await app.screenshot('forms-04-preview');
    // The preview is the public page with its own script: the conditional field waits for
    // "Evening" and appears when it is chosen.
    await app.call('POST', '/frame', { id: { 'element-6066-11e4-a52e-4f735466cecf': frame } });
    await app.find(`//*[@id='field-team_size'][@hidden]`);
    await app.click(`//select[@id='input-which_session']/option[normalize-space(.)='Evening']`);
    await app.find(`//*[@id='field-team_size'][not(@hidden)]`);
    await app.call('POST', '/frame/parent', {});

    await app.click(button('Publish'));
    await app.find(button('Unpublish'));
    await app.find(`//*[@aria-label='Sharing']`);
    await app.screenshot('forms-05-published');

    const [form] = rowsOf('forms', 'slug=e2e-webinar-signup');
    assert.ok(form, 'the form is stored under the slug made from its name');
    assert.equal(form.is_active, true);
    assert.equal(form.is_public, true);
    assert.deepEqual(
      form.fields.map((field) => field.id),
      ['first_name', 'last_name', 'message', 'email', 'which_session', 'team_size'],
    );
    const session = form.fields.find((field) => field.id === 'which_session');
    assert.deepEqual(session, { id: 'which_session', type: 'select', label: 'Which session?', required: false, options: ['Morning', 'Evening'] });
    const team = form.fields.find((field) => field.id === 'team_size');
    assert.deepEqual(team.show_if, { field: 'which_session', op: 'equals', value: 'Evening' });
    assert.deepEqual(form.settings.tags, ['webinar']);
    assert.equal(form.settings.contact_action, 'create_or_update');

    // A demo form's submissions: a column per field, the chart, the queues.
    const [demo] = rowsOf('forms', 'slug=contact-us');
    await go(app, `#/forms?form=${demo.id}&tab=submissions`);
    await app.find(`//table[@aria-label='Submissions']//tbody/tr[@data-id]`);
    await app.screenshot('forms-06-submissions');


    // The CSV goes through the desktop shell into the Downloads folder (the web view
    // itself cannot download), a column per field of the form.
    const count = rowsOf('form_submissions', `form_id=${demo.id}`).filter((row) => (row.status ?? 'received') !== 'spam').length;
    await app.click(button('Export CSV'));
    await app.find(`//*[contains(@class, 'toast')][contains(., 'Exported ${count} submission')]`);
    const [csv] = execFileSync('find', [harness.home, '-name', 'contact-us-submissions-*.csv'], { encoding: 'utf8' }).split('\n').filter(Boolean);
    assert.ok(csv, 'the CSV is saved under the profile home');
    const lines = readFileSync(csv, 'utf8').replace(/^\uFEFF/, '').split('\r\n');
    const labels = demo.fields.map((field) => field.label);
    assert.ok(lines[0].startsWith(`Submitted,Status,Contact,${labels.join(',')},`), `a column per field: ${lines[0]}`);
    assert.equal(lines.filter(Boolean).length, count + 1, 'a header and a line per submission');
  } catch (error) {
    await app.screenshot('forms-failure').catch(() => undefined);
    throw error;
  } finally {
    await app.quit();
  }
});
