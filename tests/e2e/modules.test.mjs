// End-to-end: every module of the real app lists its records from a database filled by
// `aio-crm demo`, and the organisation switcher changes what is listed.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { startHarness, Session } from './webdriver.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(root, 'target/debug/aio-crm');
const modules = ['Contacts', 'Companies', 'Calendar', 'Forms', 'Pipelines', 'Orders', 'AI Agents', 'Design',
  'Integrations', 'Automations', 'Campaigns', 'Tags', 'Notifications', 'Audit log', 'Team & settings'];

let harness;
let db;

before(async () => {
  assert.ok(existsSync(cli), `build the CLI first: ${cli}`);
  harness = await startHarness({ port: 4445 });
  db = join(harness.home, 'demo.sqlite3');
  execFileSync(cli, ['migrate', '--db', db]);
  execFileSync(cli, ['demo', '--db', db, '--contacts', '300', '--anchor', '2026-11-24']);
});

after(async () => {
  await harness?.stop();
});

const anyRow = `//table[contains(@class, 'records')]//tr[@data-id]`;
const countText = `//*[@data-testid='record-count' or @data-testid='tag-count'][normalize-space(.)!='']`;

test('every module lists its demo records', { timeout: 180_000 }, async () => {
  const app = await Session.start(harness.url, ['--db', db]);
  try {
    for (const [i, label] of modules.entries()) {
      await app.openEntry(label);
      await app.find(`//h1[normalize-space(.)='${label}']`);
      if (label === 'Calendar') {
        // The calendar's first tab is its week view, not a list: it renders with the demo's
        // calendars (events in the views are checked by calendar.test.mjs).
        await app.find(`//*[contains(@class, 'fc-view-harness')]`);
        await app.find(`//*[contains(@class, 'calendar-list__item')]`);
      } else if (label === 'Forms') {
        // The forms module opens on its list of forms (the builder is a click away).
        await app.find(`//table[@aria-label='Forms']//tbody/tr[@data-id]`);
      } else if (label === 'Pipelines') {
        // A board, not a list: the demo pipeline's cards in their stage columns.
        await app.find(`//section[contains(@aria-label, ':')]//*[@data-card-id]`, 30_000);
      } else if (label === 'Orders') {
        // Commerce opens on its invoices, with their count.
        await app.find(`//table[@aria-label='Invoices']//tbody/tr`);
        const count = await app.text(`//*[contains(@class, 'commerce-filters__count')]`);
        assert.match(count, /[1-9][0-9,]* invoices/, `Orders shows its invoices, got "${count}"`);
      } else if (label === 'Automations') {
        // The list of automations (the builder is a click away).
        await app.find(`//table[@aria-label='Automations']//tbody/tr[@data-id]`);
      } else {
        await app.find(anyRow);
        const count = await app.text(countText);
        assert.match(count, /^[1-9][0-9,]* /, `${label} shows a non-zero count, got "${count}"`);
      }
      const alerts = await app.call('POST', '/elements', { using: 'xpath', value: `//*[@role='alert' and normalize-space(.)!='']` });
      assert.equal(alerts.length, 0, `${label} shows no error`);
      await app.screenshot(`module-${String(i + 1).padStart(2, '0')}-${label.toLowerCase().replace(/[^a-z]+/g, '-')}`);
    }
    const contacts = await (async () => {
      await app.openEntry('Contacts');
      return app.text(countText);
    })();
    assert.equal(contacts, '300 contacts');
  } finally {
    await app.quit();
  }
});

test('a new organization starts empty and switching back shows the data again', { timeout: 120_000 }, async () => {
  const app = await Session.start(harness.url, ['--db', db]);
  try {
    await app.openEntry('Contacts');
    await app.find(anyRow);
    await app.click(`//button[starts-with(@aria-label, 'Organization')]`);
    await app.click(`//*[@role='menuitem'][contains(normalize-space(.), 'New organization')]`);
    await app.type(`//input[@name='name']`, 'Second Agency');
    await app.click(`//button[normalize-space(.)='Create organization']`);
    await app.find(`//button[starts-with(@aria-label, 'Organization') and contains(@aria-label, 'Second Agency')]`);
    await app.openEntry('Contacts');
    // The count of the new organization replaces the old one once its list has loaded.
    await app.find(`//*[@data-testid='record-count'][normalize-space(.)='0 contacts']`);
    await app.screenshot('org-02-new-organization');
    await app.click(`//button[starts-with(@aria-label, 'Organization')]`);
    await app.click(`//*[@role='menuitemradio'][contains(normalize-space(.), 'My Agency')]`);
    await app.find(`//button[starts-with(@aria-label, 'Organization') and contains(@aria-label, 'My Agency')]`);
    await app.find(anyRow);
    await app.find(`//*[@data-testid='record-count'][normalize-space(.)='300 contacts']`);
  } finally {
    await app.quit();
  }
});

test('the command palette finds a contact by name prefix and opens it', { timeout: 120_000 }, async () => {
  const [first, last] = execFileSync(cli, ['records', 'list', '--db', db, '--table', 'contacts', '--sort', 'email', '--limit', '20'])
    .toString()
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line))
    .map((row) => [row.first_name, row.last_name])
    .find((names) => names.every((n) => /^[A-Za-z]+$/.test(n))); // plain names fit in an XPath literal
  const app = await Session.start(harness.url, ['--db', db]);
  try {
    await app.find(anyRow);
    await app.click(`//button[starts-with(normalize-space(.), 'Search')]`);
    await app.type(`//input[@name='palette']`, `${first.slice(0, 3)} ${last.slice(0, 3)}`);
    const option = `//*[@role='option'][@data-kind='contact'][contains(normalize-space(.), '${first} ${last}')]`;
    await app.find(option);
    await app.screenshot('palette-01-results');
    await app.click(option);
    // The record's drawer opens, titled with the contact's name.
    await app.find(`//*[@role='dialog']//h2[normalize-space(.)='${first} ${last}']`);
    await app.screenshot('palette-02-opened');
    const email = await app.text(`//*[@role='dialog']//*[@data-field='email']//dd`);
    assert.match(email, new RegExp(`^${first.toLowerCase()}\\.`), 'the drawer shows that contact');
  } finally {
    await app.quit();
  }
});
