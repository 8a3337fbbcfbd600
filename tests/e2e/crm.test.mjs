// End-to-end: the CRM screens of the real app on a real database. Search, filter, a bulk
// tag with undo, merging duplicates with undo, and a CSV import whose bad row is reported
// with its line number. Each check reads the database afterwards through `aio-crm`.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync, writeFileSync } from 'node:fs';
import { startHarness, Session } from './webdriver.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(root, 'target/debug/aio-crm');

let harness;
let db;

const aio = (...args) => execFileSync(cli, [...args, '--db', db], { encoding: 'utf8' });
/** Live contacts matching a filter (`status=lead`, `tags@VIP`), as the CLI prints them. */
const contactsWhere = (filter) =>
  aio('records', 'list', '--table', 'contacts', '--filter', filter, '--limit', '1000')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
const countWhere = (filter) => Number(aio('records', 'list', '--table', 'contacts', '--filter', filter, '--count').trim());

before(async () => {
  assert.ok(existsSync(cli), `build the CLI first: ${cli}`);
  harness = await startHarness({ port: 4446 });
  db = join(harness.home, 'crm.sqlite3');
  execFileSync(cli, ['migrate', '--db', db]);
  execFileSync(cli, ['demo', '--db', db, '--contacts', '400', '--anchor', '2026-11-24']);
  // Two records of one person, to merge.
  const twins = join(harness.home, 'twins.csv');
  writeFileSync(
    twins,
    'First name,Last name,Email,Phone,Company,Tags\n' +
      'Priya,Nakamura,priya@twin-co.example,+1 555 014 9922,Twin Co,Webinar\n' +
      'Pri,Nakamura,p.nakamura@twin-co.example,(555) 014-9922,Twin Co,VIP\n',
  );
  aio('import', 'contacts', twins);
});

after(async () => {
  await harness?.stop();
});

const rows = `//table[contains(@class, 'records')]//tr[@data-id]`;
const countText = `//*[@data-testid='record-count'][normalize-space(.)!='']`;
const button = (label) => `//button[normalize-space(.)='${label}']`;

/** Waits until the list's count reads `expected`. */
const waitForCount = async (app, expected, timeoutMs = 15000) => {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = await app.text(countText).catch(() => '');
    if (last === expected) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`the list count stayed "${last}", expected "${expected}"`);
};

test('search, filter by status, and bulk tag a filter result with undo', { timeout: 240_000 }, async () => {
  const leads = countWhere('status=lead');
  const total = 402;
  const app = await Session.start(harness.url, ['--db', db]);
  try {
    await app.openEntry('Contacts');
    await waitForCount(app, `${total} contacts`);
    await app.screenshot('crm-01-contacts-list');

    // Full-text search from the list's search box.
    await app.type(`//input[@type='search']`, 'nakam');
    await app.find(`${rows}[contains(., 'Priya')]`);
    await app.screenshot('crm-02-search');
    // Backspace, as a person would: the list reacts to typing, not to a cleared value.
    const box = await app.find(`//input[@type='search']`);
    await app.call('POST', `/element/${box}/value`, { text: '\uE003'.repeat(5) });

    // Filter: status is Lead.
    await app.click(button('Filter'));
    await app.click(`//button[contains(@class, 'menu__item')][normalize-space(.)='Status']`);
    await app.click(`//form[@aria-label='Filter by Status']//label[normalize-space(.)='Lead']/input`);
    await app.click(`//form[@aria-label='Filter by Status']//button[normalize-space(.)='Apply']`);
    await waitForCount(app, `${leads} contacts`);
    await app.find(`//*[@aria-label='Filters']//*[contains(., 'Status')]`);
    await app.screenshot('crm-03-filtered');

    // Select every lead (the whole filter result) and tag them.
    await app.click(`//input[starts-with(@aria-label, 'Select all loaded')]`);
    // More leads than one page: the whole filter result is offered, not only the loaded rows.
    assert.ok(leads > 100, `the demo has more leads than a page (${leads})`);
    await app.click(`//button[starts-with(normalize-space(.), 'Select all ${leads} matching')]`);
    await app.click(`//*[@aria-label='Bulk actions']//button[normalize-space(.)='Add tag']`);
    await app.type(`//input[@aria-label='Add tag: find']`, 'Spring promo');
    await app.click(`//*[@role='menuitem'][contains(normalize-space(.), 'Spring promo')]`);
    await app.find(`//*[contains(@class, 'toast')][contains(., 'Spring promo') or contains(., 'Tagged')]`);
    await app.screenshot('crm-04-bulk-tagged');
    const tagged = countWhere('tags@Spring promo');
    assert.equal(tagged, leads, 'every lead got the tag');

    await app.click(`//*[contains(@class, 'toast')]//button[normalize-space(.)='Undo']`);
    const deadline = Date.now() + 10000;
    while (Date.now() < deadline && countWhere('tags@Spring promo') > 0) {
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(countWhere('tags@Spring promo'), 0, 'undo took the tag off again');
  } finally {
    await app.quit();
  }
});

test('duplicates are merged and the merge is undone', { timeout: 180_000 }, async () => {
  const app = await Session.start(harness.url, ['--db', db]);
  try {
    await app.openEntry('Contacts');
    await app.click(button('Find duplicates'));
    const group = `//article[contains(@aria-label, 'Priya Nakamura')]`;
    await app.find(group);
    await app.screenshot('crm-05-duplicates');
    await app.click(`${group}//button[normalize-space(.)='Merge']`);
    await app.find(`//*[contains(@class, 'toast')][contains(., 'Merged')]`);
    const afterMerge = contactsWhere('last_name=Nakamura');
    assert.equal(afterMerge.length, 1, 'one Nakamura left after the merge');
    assert.deepEqual([...afterMerge[0].tags].sort(), ['VIP', 'Webinar'], 'the kept contact has both tags');
    await app.screenshot('crm-06-merged');

    await app.click(`//*[contains(@class, 'toast')]//button[normalize-space(.)='Undo']`);
    const deadline = Date.now() + 10000;
    while (Date.now() < deadline && countWhere('last_name=Nakamura') < 2) {
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(countWhere('last_name=Nakamura'), 2, 'undo brought both back');
  } finally {
    await app.quit();
  }
});

test('a CSV import reports its bad row by line number and imports the rest', { timeout: 180_000 }, async () => {
  const file = join(harness.home, 'new-leads.csv');
  writeFileSync(
    file,
    '\ufeffFirst name;Last name;E-mail;Lead score\r\n' +
      'Ines;Moreau;ines@moreau.example;70\r\n' +
      'Bad;Row;not-an-email;10\r\n' +
      'Omar;Haddad;omar@haddad.example;55\r\n',
  );
  const app = await Session.start(harness.url, ['--db', db]);
  try {
    await app.openEntry('Contacts');
    await app.click(`//button[normalize-space(.)='Import']`);
    const input = await app.find(`//input[@type='file']`);
    await app.call('POST', `/element/${input}/value`, { text: file });
    await app.find(`//*[@data-testid='import-preview-summary'][contains(., '2 new')]`);
    await app.screenshot('crm-07-import-mapping');
    await app.click(`//button[starts-with(normalize-space(.), 'Import 2 contacts')]`);
    await app.find(`//h2[normalize-space(.)='Import finished']`);
    await app.screenshot('crm-08-import-report');
    // The cells' text as the page holds it (WebKitWebDriver reads table cells as empty).
    const [line, reason] = await app.call('POST', '/execute/sync', {
      script: `const row = document.querySelector('table.import-rejected tbody tr');
               return [row.querySelector('.import-table__line').textContent, row.querySelector('.import-table__reason').textContent];`,
      args: [],
    });
    assert.equal(line.trim(), '3', 'the bad row is reported as line 3');
    assert.match(reason, /email: "not-an-email" is not an email address/);
    assert.equal(countWhere('email=ines@moreau.example'), 1);
    assert.equal(countWhere('email=omar@haddad.example'), 1);
    assert.equal(countWhere('last_name=Row'), 0);
  } finally {
    await app.quit();
  }
});
