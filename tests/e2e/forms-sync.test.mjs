// End-to-end: a form from the real app to a visitor and back. The app (WebKit under Xvfb
// through tauri-driver) signs up to a real `aio-crm serve` on loopback through the sync
// dialog and publishes a form it holds; once the server has it, a visitor in headless
// Chromium (playwright-core, Debian's chromium) fills the public page at the link the app
// shows, a conditional field appearing, and submits; after its sync the app shows the new
// contact in Contacts with a `form` entry on the timeline, and the submission in the
// form's Submissions tab. Then the same with the laptop offline: the app is quit, a second
// visitor submits, the laptop's database is checked not to have it, and the restarted app
// gets it with its contact and timeline entry on its next sync. Session tokens go to the
// Secret Service keyring of the test's D-Bus session.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startHarness, Session, syncChip, artifacts } from './webdriver.mjs';
import { root, cli, startServer } from './server.mjs';

const { chromium } = createRequire(join(root, 'ui/package.json'))('playwright-core');
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

const email = `owner.${Date.now()}@forms-sync.test`;
const password = 'a long enough password';
const THANKS = 'Thanks! We will call you back today.';

let laptop;
let server;
let serverUrl;
let db;

const aio = (...args) => execFileSync(cli, [...args, '--db', db], { encoding: 'utf8' });
const rowsOf = (table, filter) =>
  aio('records', 'list', '--table', table, '--filter', filter, '--limit', '100')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));

before(async () => {
  assert.ok(existsSync(cli), `build the CLI first: ${cli}`);
  laptop = await startHarness({ port: 4452, display: ':89' });
  ({ child: server, url: serverUrl } = await startServer(join(laptop.home, 'server.sqlite3')));
  db = join(laptop.home, 'crm.sqlite3');
  execFileSync(cli, ['migrate', '--db', db]);
  // The form the owner takes: a draft, not yet live, with a field shown only for "Pro".
  const form = {
    name: 'Callback request', slug: 'callback', description: 'Leave your number; we call back the same day.',
    is_active: false, is_public: false, thank_you_message: THANKS,
    fields: [
      { id: 'first', type: 'text', label: 'First name', required: true, map_to: 'first_name' },
      { id: 'last', type: 'text', label: 'Last name', required: true, map_to: 'last_name' },
      { id: 'email', type: 'email', label: 'Email', required: true, map_to: 'email' },
      { id: 'plan', type: 'select', label: 'Plan', options: ['Basic', 'Pro'], required: true },
      { id: 'seats', type: 'number', label: 'How many seats?', required: true, show_if: { field: 'plan', op: 'equals', value: 'Pro' } },
    ],
    settings: { submit_label: 'Call me back', min_fill_seconds: 0, tags: ['Callback'] },
  };
  aio('records', 'create', '--table', 'forms', '--json', JSON.stringify(form));
});

after(async () => {
  if (server && server.exitCode === null) server.kill('SIGTERM');
  await laptop?.stop();
});

const rowWith = (text) => `//tr[@data-id][contains(normalize-space(.), '${text}')]`;
const button = (label) => `//button[normalize-space(.)='${label}']`;
// WebKit's driver clicks cells, not rows.
const formRow = `//table[@aria-label='Forms']//tr[@data-id]/td[.//*[normalize-space(.)='Callback request']]`;
const formEntry = `//section[@aria-label='Timeline']//li[@data-kind]//article[starts-with(@aria-label, 'Form: ')]`;

/** Polls `url` until it answers 200: the published form has reached the server. */
async function live(url, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await fetch(url).then((r) => r.status, (e) => e.message);
    if (last === 200) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not go live within ${timeoutMs} ms (last: ${last})`);
}

/** A visitor fills the public page in headless Chromium; the seats field appears for Pro. */
async function visit(browser, url, [first, last, mail], shot) {
  const context = await browser.newContext({ viewport: { width: 420, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  assert.equal((await page.goto(url)).status(), 200);
  await page.waitForFunction(() => document.getElementById('field-seats').hidden);
  assert.equal(await page.locator('#field-seats').isVisible(), false, 'the conditional field starts hidden');
  await page.fill('#input-first', first);
  await page.fill('#input-last', last);
  await page.fill('#input-email', mail);
  await page.selectOption('#input-plan', 'Pro');
  await page.locator('#field-seats').waitFor({ state: 'visible' });
  await page.fill('#input-seats', '7');
  await page.screenshot({ path: join(artifacts, `${shot}-page.png`), fullPage: true });
  await page.click('button[type=submit]');
  await page.getByText(THANKS).waitFor();
  await page.screenshot({ path: join(artifacts, `${shot}-thanks.png`) });
  assert.deepEqual(problems, [], 'no CSP or script errors on the page');
  await context.close();
}

/** The contact `name` is listed, and its drawer's timeline holds a form entry. */
async function contactWithFormEntry(app, name, shot) {
  await app.openEntry('Contacts');
  await app.click(`${rowWith(name)}/td[contains(@class, 'list-table__name')]`);
  await app.find(`//*[@role='dialog']${formEntry}`, 30_000);
  await app.screenshot(shot);
  await app.click(`//*[@role='dialog']//button[@aria-label='Close']`);
}

/** The form's Submissions tab lists a row for each address. */
async function submissionsShow(app, mails, shot) {
  await app.openEntry('Forms');
  await app.click(formRow);
  await app.click(`//*[@role='tab'][normalize-space(.)='Submissions']`);
  for (const mail of mails) await app.find(`//table[@aria-label='Submissions']//tbody/tr[@data-id][contains(., '${mail}')]`, 30_000);
  const rows = await app.call('POST', '/elements', { using: 'xpath', value: `//table[@aria-label='Submissions']//tbody/tr[@data-id]` });
  assert.equal(rows.length, mails.length, 'a row per submission, no more');
  await app.screenshot(shot);
}

test('a form published in the app takes a submission from the public page, and the app gets it, also while it was offline', { timeout: 360_000 }, async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  let app = await Session.start(laptop.url, ['--db', db]);
  try {
    // The owner signs up from the app; its data, the draft form with it, goes up.
    await app.find(syncChip('Not syncing'));
    await app.click(`//*[@data-testid='sync-status']`);
    await app.click(`//*[@role='tab'][normalize-space(.)='Create account']`);
    const fields = { server: serverUrl, email, password, display_name: 'Olivia Owner', organization_name: 'Callback Agency' };
    for (const [name, value] of Object.entries(fields)) {
      // The dialog may fill its default server address just after the field was cleared:
      // what the field holds is checked, and typed again if it is not the value.
      const input = `//*[@role='dialog']//input[@name='${name}']`;
      for (let attempt = 1; ; attempt++) {
        await app.clear(input);
        await app.type(input, value);
        const held = await app.call('POST', '/execute/sync', {
          script: 'return arguments[0].value;',
          args: [{ 'element-6066-11e4-a52e-4f735466cecf': await app.find(input) }],
        });
        if (held === value) break;
        assert.ok(attempt < 3, `the ${name} field holds ${held}`);
      }
    }
    await app.click(`//*[@role='dialog']//button[@type='submit'][normalize-space(.)='Create account']`);
    await app.syncDialogCloses();
    await app.find(syncChip('Synced'), 60_000);

    // Publish it in the builder; the sharing bar shows the public link.
    await app.openEntry('Forms');
    await app.click(formRow);
    await app.find(`//*[@data-field-id='seats']`);
    await app.click(button('Publish'));
    await app.find(button('Unpublish'));
    const url = await app.find(`//*[@aria-label='Sharing']//*[contains(@class, 'publish-bar__url')]`, 30_000);
    const link = await app.call('POST', '/execute/sync', {
      script: 'return arguments[0].textContent.trim();',
      args: [{ 'element-6066-11e4-a52e-4f735466cecf': url }],
    });
    assert.match(link, new RegExp(`^${serverUrl}/form/[^/]+/callback$`), `the public link: ${link}`);
    const orgSlug = link.split('/').at(-2);
    assert.doesNotMatch(orgSlug, /^[0-9a-f-]{36}$/, 'the link names the organisation by its slug');
    // Synced: the server serves the page (it answered 404 while the form was a draft).
    await live(link);
    await app.screenshot('forms-sync-01-published');

    // A visitor submits while the app is running.
    await visit(browser, link, ['Ada', 'Lovelace', 'ada@visitor.test'], 'forms-sync-02');
    await app.openEntry('Contacts');
    await app.find(rowWith('Ada Lovelace'), 60_000);
    await app.screenshot('forms-sync-03-contact-arrived');
    await contactWithFormEntry(app, 'Ada Lovelace', 'forms-sync-04-timeline');
    await submissionsShow(app, ['ada@visitor.test'], 'forms-sync-05-submissions');

    // The laptop goes offline (the app is quit); a second visitor submits meanwhile.
    await app.quit();
    app = null;
    await visit(browser, link, ['Bo', 'Offline', 'bo@visitor.test'], 'forms-sync-06');
    assert.equal(rowsOf('contacts', 'email=bo@visitor.test').length, 0, 'the laptop does not have it yet');
    assert.equal(rowsOf('contacts', 'email=ada@visitor.test').length, 1);

    // Back online: the restarted app, still signed in, gets it on its next sync.
    app = await Session.start(laptop.url, ['--db', db]);
    await app.find(syncChip('Synced'), 60_000);
    await app.openEntry('Contacts');
    await app.find(rowWith('Bo Offline'), 60_000);
    await app.screenshot('forms-sync-07-offline-arrived');
    await contactWithFormEntry(app, 'Bo Offline', 'forms-sync-08-timeline');
    await submissionsShow(app, ['ada@visitor.test', 'bo@visitor.test'], 'forms-sync-09-submissions');

    // The laptop's own database has both, each with its contact, tag and form activity.
    const [form] = rowsOf('forms', 'slug=callback');
    const submissions = rowsOf('form_submissions', `form_id=${form.id}`);
    assert.equal(submissions.length, 2);
    for (const s of submissions) {
      assert.equal(s.status ?? 'received', 'received');
      assert.equal(s.data.seats, 7, 'the conditional answer is stored');
      const contact = JSON.parse(aio('records', 'get', '--table', 'contacts', '--id', s.contact_id));
      assert.deepEqual(contact.tags, ['Callback']);
      const activities = rowsOf('contact_activities', `contact_id=${s.contact_id}`);
      assert.ok(activities.some((a) => a.activity_type === 'form'), JSON.stringify(activities));
    }
  } catch (error) {
    await app?.screenshot('forms-sync-failed').catch(() => {});
    throw error;
  } finally {
    await app?.quit();
    await browser.close();
  }
});
